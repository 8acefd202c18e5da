from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.rules, name="rules"),
    path("versions/", views.versions, name="versions"),
    path("versions/export/", views.versions_export, name="versions_export"),
    path("versions/new/", views.draft_new, name="draft_new"),
    path("versions/<uuid:ruleset_id>/", views.version, name="version"),
    path("versions/<uuid:ruleset_id>/edit/", views.version_edit, name="version_edit"),
    path("versions/<uuid:ruleset_id>/publish/", views.version_publish, name="version_publish"),
    path("versions/<uuid:ruleset_id>/test/", views.version_test, name="version_test"),
    path("versions/<uuid:ruleset_id>/rules/new/", views.rule_new, name="rule_new"),
    path("rules/<uuid:rule_id>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<uuid:rule_id>/delete/", views.rule_delete_view, name="rule_delete"),
    path("rules/<uuid:rule_id>/move/", views.rule_move_view, name="rule_move"),
]
