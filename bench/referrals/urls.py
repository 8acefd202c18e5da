"""The product's URLs plus the bare lookup of a link's code; mounted only by `bench.referrals.settings`.

The lookup comes last, next to `/r/<code>` (the last of `config.urls`): Django tries the patterns in order,
so both paths pay the same walk through the product's URLs before their view runs, as they pay the same
middleware. First in the list, the lookup would skip a cost the redirect pays (a few hundred microseconds a
request), and the ratio would charge the redirect's place in `config.urls` to its click."""

from django.urls import path

from bench.referrals import LOOKUP_PREFIX
from bench.referrals.views import lookup
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    *product_urlpatterns,
    path(LOOKUP_PREFIX.strip("/") + "/<str:code>", lookup, name="bench_referral_lookup"),
]
