from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.rules, name="rules"),
    *views.PAGES.urlpatterns(),
    path("versions/<uuid:ruleset_id>/test/", views.version_test, name="version_test"),
    path("versions/<uuid:ruleset_id>/accept/", views.accept, name="accept"),
]
