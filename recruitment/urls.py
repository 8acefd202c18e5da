from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("apply/", views.become_partner, name="become_partner"),
    path("apply/thanks/", views.apply_thanks, name="apply_thanks"),
    path("applications/", views.applications, name="applications"),
    path("applications/export/", views.applications_export, name="applications_export"),
    path("applications/<uuid:application_id>/", views.application_detail, name="application"),
    path(
        "applications/<uuid:application_id>/approve/",
        views.application_approve_view,
        name="application_approve",
    ),
    path(
        "applications/<uuid:application_id>/reject/", views.application_reject_view, name="application_reject"
    ),
    path("targets/", views.targets, name="targets"),
    path("prospects/", views.prospects, name="prospects"),
    path("prospects/export/", views.prospects_export, name="prospects_export"),
    path("prospects/new/", views.prospect_form, name="prospect_new"),
    path("prospects/<uuid:prospect_id>/", views.prospect_detail, name="prospect"),
    path("prospects/<uuid:prospect_id>/edit/", views.prospect_form, name="prospect_edit"),
    path("prospects/<uuid:prospect_id>/stage/", views.prospect_stage, name="prospect_stage"),
    path("prospects/<uuid:prospect_id>/convert/", views.prospect_convert_view, name="prospect_convert"),
]
