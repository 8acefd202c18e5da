from django.conf import settings
from django.urls import include, path

from campaigns.urls import landing_urlpatterns
from config.api import api
from referrals.urls import short_urlpatterns

urlpatterns = [
    # The short links first: /r/<code> is the hottest path, and Django tries the patterns in order.
    path("", include((short_urlpatterns, "referrals_short"))),
    path("", include("core.urls")),
    path("", include("dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("accounts.urls")),
    path("partners/", include("partners.urls")),
    path("my/", include("partners.portal_urls")),
    path("", include("programs.urls")),
    path("", include("tiers.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("competition/", include("competition.urls")),
    path("", include("onboarding.urls")),
    path("direct/", include("direct.urls")),
    path("catalog/", include("catalog.urls")),
    path("deals/", include("deals.urls")),
    path("engagement/", include("engagement.urls")),
    path("notifications/", include("notifications.urls")),
    path("search/", include("search.urls")),
    path("library/", include("content.urls")),
    path("collateral/", include("collateral.urls")),
    path("learning/", include("learning.urls")),
    path("", include("learning.public_urls")),  # /verify/<code>: a certificate's public check
    path("announcements/", include("announcements.urls")),
    path("leads/", include("leads.urls")),
    path("imports/", include("imports.urls")),
    path("referrals/", include("referrals.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("money/", include("ledger.urls")),
    path("incentives/", include("incentives.urls")),
    path("funds/", include("funds.urls")),
    path("", include("health.urls")),
    path("offboarding/", include("offboarding.urls")),
    path("recognition/", include("recognition.urls")),
    path("p/", include((landing_urlpatterns, "campaigns_landing"))),  # public landing pages
]

# 403 and 404 are Django's views with templates/403.html and 404.html (inside the shell); 500 needs its own.
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()  # type: ignore[arg-type]
