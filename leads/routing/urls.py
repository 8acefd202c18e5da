"""The pages of lead distribution, included by leads/urls.py under routing/ (names: leads:routing_…)."""

from django.urls import path

from leads.routing import views

urlpatterns = [
    path("versions/", views.versions, name="routing_versions"),
    path("versions/export/", views.versions_export, name="routing_versions_export"),
    path("versions/new/", views.draft_new, name="routing_draft_new"),
    path("versions/<uuid:routing_version_id>/", views.version, name="routing_version"),
    path("versions/<uuid:routing_version_id>/edit/", views.version_edit, name="routing_version_edit"),
    path(
        "versions/<uuid:routing_version_id>/publish/", views.version_publish, name="routing_version_publish"
    ),
    path("versions/<uuid:routing_version_id>/simulate/", views.version_simulate, name="routing_simulate"),
    path("versions/<uuid:routing_version_id>/rules/new/", views.rule_new, name="routing_rule_new"),
    path("rules/<uuid:routing_rule_id>/edit/", views.rule_edit, name="routing_rule_edit"),
    path("rules/<uuid:routing_rule_id>/delete/", views.rule_delete_view, name="routing_rule_delete"),
    path("rules/<uuid:routing_rule_id>/move/", views.rule_move_view, name="routing_rule_move"),
    path("offers/<uuid:lead_id>/accept/", views.offer_accept, name="routing_accept"),
    path("offers/<uuid:lead_id>/decline/", views.offer_decline, name="routing_decline"),
    path("offers/<uuid:lead_id>/assign/", views.offer_assign, name="routing_assign"),
    path("offers/<uuid:lead_id>/route/", views.offer_route, name="routing_route"),
]
