from django.urls import path

from accounts import views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("my/team/", views.team, name="partner_team"),
    path("my/team/export/", views.team_export, name="partner_team_export"),
    path("my/team/invite/", views.team_invite, name="partner_team_invite"),
    path("my/team/<uuid:membership_id>/role/", views.member_role, name="partner_member_role"),
    path("my/team/<uuid:membership_id>/active/", views.member_active, name="partner_member_active"),
    path(
        "my/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke_view, name="invitation_revoke"
    ),
    path("my/switch/<uuid:partner_id>/", views.switch_partner, name="switch_partner"),
    path("settings/", views.user_settings, name="user_settings"),
    path("settings/tokens/", views.api_tokens, name="api_tokens"),
    path("settings/tokens/<uuid:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("staff/", views.staff_users_view, name="staff_users"),
    path("partners/<uuid:partner_id>/invite/", views.partner_invite, name="partner_invite"),
]
