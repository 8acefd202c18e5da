"""The scoring pages, included by leads/urls.py under scoring/ (names are namespaced `leads:`)."""

from django.urls import path

from leads.scoring import views

urlpatterns = [
    path("", views.models, name="scoring_models"),
    path("train/", views.train, name="scoring_train"),
    path("<uuid:model_id>/", views.model_detail, name="scoring_model"),
]
