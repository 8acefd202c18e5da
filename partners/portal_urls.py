from django.urls import path

from partners import portal

urlpatterns = [
    path("profile/", portal.profile, name="partner_profile"),
    path("profile/logo/", portal.profile_logo, name="partner_profile_logo"),
    path("resellers/", portal.resellers, name="partner_resellers"),
    path("resellers/<uuid:partner_id>/", portal.reseller_detail, name="partner_reseller"),
]
