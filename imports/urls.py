from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("new/<slug:kind>/", views.import_new, name="new"),
    path("<uuid:import_id>/", views.import_detail, name="detail"),
    path("<uuid:import_id>/mapping/", views.import_map_view, name="mapping"),
    path("<uuid:import_id>/check/", views.import_check_view, name="check"),
    path("<uuid:import_id>/start/", views.import_start_view, name="start"),
    path("<uuid:import_id>/resume/", views.import_resume_view, name="resume"),
    path("<uuid:import_id>/cancel/", views.import_cancel_view, name="cancel"),
    path("<uuid:import_id>/errors.csv", views.import_errors_csv, name="errors_csv"),
]
