from django.urls import path

from campaigns import landing, views

app_name = "campaigns"

urlpatterns = [
    path("", views.kit_list, name="kits"),
    path("export/", views.kit_export, name="export"),
    path("new/", views.kit_new, name="kit_new"),
    path("<uuid:kit_id>/", views.kit_detail, name="kit"),
    path("<uuid:kit_id>/edit/", views.kit_edit, name="kit_edit"),
    path("<uuid:kit_id>/publish/", views.kit_publish_view, name="kit_publish"),
    path("<uuid:kit_id>/retire/", views.kit_retire_view, name="kit_retire"),
    path("<uuid:kit_id>/launch/", views.launch_view, name="kit_launch"),
    path("<uuid:kit_id>/messages/new/", views.message_new, name="message_new"),
    path("messages/<uuid:message_id>/edit/", views.message_edit, name="message_edit"),
    path("messages/<uuid:message_id>/delete/", views.message_delete_view, name="message_delete"),
    path("launches/<uuid:launch_id>/", views.launch_detail, name="launch"),
]

# The public landing pages live at /p/ (config/urls.py): /p/<partner>/<kit>/.
landing_urlpatterns = [
    path("<slug:partner_slug>/<slug:kit_slug>/", landing.landing_page, name="page"),
    path("<slug:partner_slug>/<slug:kit_slug>/thanks/", landing.landing_thanks, name="thanks"),
]
