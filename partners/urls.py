from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.directory_export, name="export"),
    path("bulk/", views.directory_bulk, name="bulk"),
    path("new/", views.partner_form, name="new"),
    path("territories/", views.territories, name="territories"),
    path("territories/<uuid:user_id>/", views.territory_edit, name="territory_edit"),
    path("<uuid:partner_id>/", views.partner_detail, name="detail"),
    path("<uuid:partner_id>/edit/", views.partner_form, name="edit"),
    path("<uuid:partner_id>/status/", views.partner_status, name="status"),
    path("<uuid:partner_id>/logo/", views.partner_logo, name="logo"),
]
