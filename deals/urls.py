from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.registration_new, name="new"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("export/", views.mine_export, name="export"),
    path("pipeline/export/", views.pipeline_export, name="pipeline_export"),
    path("<uuid:registration_id>/", views.registration_detail, name="registration"),
    path("<uuid:registration_id>/edit/", views.registration_edit, name="edit"),
    path("<uuid:registration_id>/submit/", views.registration_submit_view, name="submit"),
    path("<uuid:registration_id>/close/", views.registration_close_view, name="close"),
    path("<uuid:registration_id>/approve/", views.registration_approve_view, name="approve"),
    path("<uuid:registration_id>/reject/", views.registration_reject_view, name="reject"),
    path("<uuid:registration_id>/check/", views.registration_check_view, name="check"),
    path("<uuid:registration_id>/appeal/", views.registration_appeal_view, name="appeal"),
    path(
        "<uuid:registration_id>/appeal/decide/", views.registration_appeal_decide_view, name="appeal_decide"
    ),
    path("<uuid:registration_id>/extension/", views.extension_request_view, name="extension_request"),
    path("extensions/<uuid:extension_id>/decide/", views.extension_decide_view, name="extension_decide"),
]
