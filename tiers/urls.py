from django.urls import path

from tiers import views

app_name = "tiers"

urlpatterns = [
    path("tiers/", views.overview, name="overview"),
    path("tiers/changes/", views.changes, name="changes"),
    path("tiers/changes/export/", views.changes_export, name="changes_export"),
    path("tiers/warnings/", views.warnings, name="warnings"),
    path("tiers/warnings/export/", views.warnings_export, name="warnings_export"),
    path("tiers/programs/<slug:program_code>/criteria/", views.versions, name="versions"),
    path("tiers/programs/<slug:program_code>/criteria/new/", views.draft_new, name="draft_new"),
    path("tiers/programs/<slug:program_code>/policy/", views.policy, name="policy"),
    path("tiers/programs/<slug:program_code>/evaluate/", views.evaluate, name="evaluate"),
    path("tiers/criteria/<uuid:criteria_id>/", views.criteria, name="criteria"),
    path("tiers/criteria/<uuid:criteria_id>/edit/", views.criteria_edit, name="criteria_edit"),
    path("tiers/criteria/<uuid:criteria_id>/publish/", views.criteria_publish, name="criteria_publish"),
    path("tiers/criteria/<uuid:criteria_id>/simulation/", views.simulation, name="simulation"),
    path(
        "tiers/criteria/<uuid:criteria_id>/requirements/new/", views.requirement_new, name="requirement_new"
    ),
    path("tiers/requirements/<uuid:requirement_id>/edit/", views.requirement_edit, name="requirement_edit"),
    path(
        "tiers/requirements/<uuid:requirement_id>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
    path("tiers/metrics/", views.metrics_page, name="metrics"),
    path("tiers/metrics/custom/new/", views.custom_new, name="custom_new"),
    path("tiers/metrics/custom/<uuid:custom_metric_id>/edit/", views.custom_edit, name="custom_edit"),
    path("tiers/values/", views.values, name="values"),
    path("tiers/values/export/", views.values_export, name="values_export"),
    path("tiers/values/new/", views.value_new, name="value_new"),
    path("tiers/values/<uuid:metric_value_id>/edit/", views.value_edit, name="value_edit"),
    path("tiers/values/<uuid:metric_value_id>/delete/", views.value_delete, name="value_delete"),
    path("tiers/partners/<uuid:partner_id>/", views.partner, name="partner"),
    path("tiers/partners/<uuid:partner_id>/<slug:program_code>/override/", views.override, name="override"),
    path("tiers/overrides/<uuid:override_id>/end/", views.override_end, name="override_end"),
    path("my/tiers/", views.mine, name="mine"),
]
