"""The co-branded PDF benchmark measures what it names (a few runs, on the test database)."""

import pytest

from bench.enablement_cobrand import measure_cobrand
from collateral.models import GeneratedCollateral

pytestmark = pytest.mark.django_db


def test_measure_cobrand_reports_cold_and_cached_p95(settings, tmp_path):
    settings.ALLOWED_HOSTS = ["*"]
    figures = measure_cobrand(runs=3)
    assert figures["cobrand_cold_p95_ms"] > 0 and figures["cobrand_cached_p95_ms"] > 0
    details = figures["cobrand_details"]
    assert details["cold_generate"]["runs"] == 3 and details["cached_download_request"]["runs"] == 3
    # Each cold run made a file for a new profile version and dropped the one before: one file is left.
    assert GeneratedCollateral.objects.count() == 1
