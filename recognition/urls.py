from django.urls import path

from recognition import views

app_name = "recognition"

urlpatterns = [
    path("", views.leaderboard, name="leaderboard"),
    path("awards/", views.awards, name="awards"),
    path("awards/export/", views.awards_export, name="awards_export"),
    path("awards/new/", views.award_form, name="award_new"),
    path("awards/<uuid:recognition_award_id>/", views.award_detail, name="award"),
    path("awards/<uuid:recognition_award_id>/edit/", views.award_form, name="award_edit"),
    path("badges/", views.grants, name="grants"),
    path("badges/export/", views.grants_export, name="grants_export"),
    path("badges/new/", views.grant_new, name="grant_new"),
    path("badges/<uuid:grant_id>/", views.grant_detail, name="grant"),
    path("badges/<uuid:grant_id>/revoke/", views.grant_revoke_view, name="grant_revoke"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<uuid:setting_id>/clear/", views.setting_clear_view, name="setting_clear"),
]
