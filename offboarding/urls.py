from django.urls import path

from offboarding import views

app_name = "offboarding"

urlpatterns = [
    path("", views.offboardings, name="list"),
    path("export/", views.offboardings_export, name="export"),
    path("start/<uuid:partner_id>/", views.start, name="start"),
    path("<uuid:offboarding_id>/", views.detail, name="detail"),
    path("<uuid:offboarding_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:offboarding_id>/steps/<str:step>/done/", views.step_done_view, name="step_done"),
    path("<uuid:offboarding_id>/steps/<str:step>/run/", views.step_run_view, name="step_run"),
]
