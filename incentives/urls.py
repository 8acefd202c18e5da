from django.urls import path

from incentives import views

app_name = "incentives"

urlpatterns = [
    path("", views.programs, name="programs"),
    path("export/", views.programs_export, name="programs_export"),
    path("new/", views.program_new, name="program_new"),
    path("run/", views.run_now_view, name="run_now"),
    path("<uuid:program_id>/", views.program_detail, name="program"),
    path("<uuid:program_id>/edit/", views.program_edit, name="program_edit"),
    path("<uuid:program_id>/activate/", views.program_activate_view, name="program_activate"),
    path("<uuid:program_id>/end/", views.program_end_view, name="program_end"),
    path("<uuid:program_id>/new-version/", views.program_new_version_view, name="program_new_version"),
    path("<uuid:program_id>/rules/new/", views.rule_new, name="rule_new"),
    path("rules/<uuid:incentive_rule_id>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<uuid:incentive_rule_id>/delete/", views.rule_delete_view, name="rule_delete"),
    path("targets/", views.targets, name="targets"),
    path("targets/export/", views.targets_export, name="targets_export"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<uuid:target_id>/delete/", views.target_delete_view, name="target_delete"),
    path("earnings/", views.earnings, name="earnings"),
    path("earnings/export/", views.earnings_export, name="earnings_export"),
    path("earnings/per-registration/", views.earning_lines_export, name="earning_lines_export"),
    path("accruals/<uuid:accrual_id>/", views.accrual_detail, name="accrual"),
    path("disputes/", views.disputes, name="disputes"),
    path("disputes/export/", views.disputes_export, name="disputes_export"),
    path("disputes/new/", views.dispute_new, name="dispute_new"),
    path("disputes/<uuid:dispute_id>/", views.dispute_detail, name="dispute"),
    path("disputes/<uuid:dispute_id>/decide/", views.dispute_decide_view, name="dispute_decide"),
    path("disputes/<uuid:dispute_id>/approve/", views.dispute_approve_view, name="dispute_approve"),
]
