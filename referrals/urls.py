from django.urls import path

from referrals import redirect, views

app_name = "referrals"

urlpatterns = [
    path("", views.performance, name="performance"),
    path("links/", views.links, name="links"),
    path("links/export/", views.links_export, name="links_export"),
    path("links/new/", views.link_new, name="link_new"),
    path("links/<uuid:link_id>/", views.link_detail, name="link"),
    path("links/<uuid:link_id>/edit/", views.link_edit, name="link_edit"),
    path("links/<uuid:link_id>/qr.svg", views.link_qr, name="link_qr"),
    path("links/<uuid:link_id>/switch-off/", views.link_switch, {"on": False}, name="link_deactivate"),
    path("links/<uuid:link_id>/switch-on/", views.link_switch, {"on": True}, name="link_activate"),
    path("leads/", views.attributions, name="attributions"),
    path("leads/export/", views.attributions_export, name="attributions_export"),
    path("settings/", views.settings_page, name="settings"),
]

# The short links live at the site's root (config/urls.py): /r/<code>.
short_urlpatterns = [path("r/<str:code>", redirect.follow, name="follow")]
