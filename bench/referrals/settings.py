"""The referral benchmark's settings: the product's own (`config.settings`, with KANAL_MODE=production set by
the harness) plus one route, the bare lookup, that exists only here (`bench/referrals/urls.py`)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.referrals.urls"
