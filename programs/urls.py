from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("program/", views.program_admin, name="admin"),
    path("program/charter/", views.charter_edit, name="charter"),
    path("program/agreements/", views.agreement_list, name="agreements"),
    path("program/agreements/new/", views.agreement_new, name="agreement_new"),
    path("program/agreements/<uuid:version_id>/", views.agreement_detail, name="agreement"),
    path("program/programs/", views.program_list, name="programs"),
    path("program/programs/new/", views.program_form, name="program_new"),
    path("program/programs/<uuid:partner_program_id>/", views.program_detail, name="program"),
    path("program/programs/<uuid:partner_program_id>/edit/", views.program_form, name="program_edit"),
    path(
        "program/programs/<uuid:partner_program_id>/members/export/",
        views.members_export,
        name="members_export",
    ),
    path("program/programs/<uuid:partner_program_id>/members/new/", views.member_new, name="member_new"),
    path("program/tiers/<uuid:program_tier_id>/edit/", views.tier_edit, name="tier_edit"),
    path("program/members/<uuid:program_membership_id>/", views.member_detail, name="member"),
    path("program/members/<uuid:program_membership_id>/tier/", views.member_tier, name="member_tier"),
    path("program/members/<uuid:program_membership_id>/end/", views.member_remove, name="member_end"),
    path("my/programs/", views.programs_mine, name="mine"),
    path("my/agreements/", views.agreements_mine, name="agreements_mine"),
    path("my/agreements/<uuid:version_id>/accept/", views.agreement_accept_view, name="agreement_accept"),
]
