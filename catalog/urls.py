from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.products, name="products"),
    path("export.csv", views.product_export, name="export"),
    path("new/", views.product_form, name="product_new"),
    path("<uuid:product_id>/", views.product_detail, name="product"),
    path("<uuid:product_id>/edit/", views.product_form, name="product_edit"),
    path("<uuid:product_id>/deactivate/", views.product_deactivate_view, name="product_deactivate"),
    path("families/", views.families, name="families"),
    path("import/", views.product_import, name="import"),
    path("import/confirm/", views.product_import_confirm, name="import_confirm"),
    path("partner/", views.partner_catalogue, name="partner_catalogue"),
]
