"""The product's URLs plus the bare lookup of a link's code; mounted only by `bench.referrals.settings`.

The lookup comes first, as `/r/<code>` does in `config.urls`: Django tries the patterns in order, so both
paths reach their view after the same walk, as they pass the same middleware, and the ratio charges the
redirect with its click only."""

from django.urls import path

from bench.referrals import LOOKUP_PREFIX
from bench.referrals.views import lookup
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path(LOOKUP_PREFIX.strip("/") + "/<str:code>", lookup, name="bench_referral_lookup"),
    *product_urlpatterns,
]
