"""The pages of lead distribution, included by leads/urls.py under routing/ (names: leads:routing_…)."""

from django.urls import path

from leads.routing import views

urlpatterns = [
    *views.PAGES.urlpatterns(),
    path("versions/<uuid:routing_version_id>/simulate/", views.version_simulate, name="routing_simulate"),
    path("offers/<uuid:lead_id>/accept/", views.offer_accept, name="routing_accept"),
    path("offers/<uuid:lead_id>/decline/", views.offer_decline, name="routing_decline"),
    path("offers/<uuid:lead_id>/assign/", views.offer_assign, name="routing_assign"),
    path("offers/<uuid:lead_id>/route/", views.offer_route, name="routing_route"),
]
