from django.urls import path

from competition import views

app_name = "competition"

urlpatterns = [
    path("", views.vendors, name="vendors"),
    path("export.csv", views.vendors_export, name="vendors_export"),
    path("new/", views.vendor_form, name="vendor_new"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.declaration_form, name="declaration_new"),
    path("mine/confirm/", views.disclose, name="disclose"),
    path("mine/<uuid:declaration_id>/", views.declaration_form, name="declaration_edit"),
    path("mine/<uuid:declaration_id>/remove/", views.declaration_remove, name="declaration_remove"),
    path("lines/<uuid:line_id>/", views.line_form, name="line_edit"),
    path("<uuid:vendor_id>/", views.vendor_detail, name="vendor"),
    path("<uuid:vendor_id>/edit/", views.vendor_form, name="vendor_edit"),
    path("<uuid:vendor_id>/lines/new/", views.line_form, name="line_new"),
]
