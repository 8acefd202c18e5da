from django.urls import path

from collateral import views

app_name = "collateral"

urlpatterns = [
    path("", views.templates, name="templates"),
    path("new/", views.template_form, name="new"),
    path("<uuid:template_id>/", views.template_detail, name="detail"),
    path("<uuid:template_id>/edit/", views.template_form, name="edit"),
    path("<uuid:template_id>/publish/", views.template_publish_view, name="publish"),
    path("<uuid:template_id>/archive/", views.template_archive_view, name="archive"),
    path("<uuid:template_id>/preview/", views.template_preview, name="preview"),
    path("mine/", views.mine, name="mine"),
    path("mine/<uuid:template_id>/<str:language>.pdf", views.download, name="download"),
]
