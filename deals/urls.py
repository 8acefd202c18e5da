from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.registration_new, name="new"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/export.csv", views.pipeline_export, name="pipeline_export"),
    path("<uuid:registration_id>/", views.registration_detail, name="registration"),
    path("<uuid:registration_id>/edit/", views.registration_edit, name="edit"),
    path("<uuid:registration_id>/submit/", views.registration_submit_view, name="submit"),
    path("<uuid:registration_id>/close/", views.registration_close_view, name="close"),
    path("<uuid:registration_id>/approve/", views.registration_approve_view, name="approve"),
    path("<uuid:registration_id>/reject/", views.registration_reject_view, name="reject"),
]
