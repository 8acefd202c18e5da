from django.urls import path

from content import views

app_name = "content"

ASSET = "<uuid:asset_id>/"

urlpatterns = [
    path("", views.library, name="library"),
    path("export/", views.library_export, name="export"),
    path("new/", views.asset_new, name="asset_new"),
    path("categories/", views.categories, name="categories"),
    path("activity/", views.activity, name="activity"),
    path("activity/export/", views.activity_export, name="activity_export"),
    path(ASSET, views.asset_detail, name="asset"),
    path(ASSET + "download/", views.asset_download, name="download"),
    path(ASSET + "edit/", views.asset_edit, name="asset_edit"),
    path(ASSET + "versions/new/", views.asset_add_version, name="version_new"),
    path(ASSET + "publish/", views.asset_publish_view, name="publish"),
    path(ASSET + "archive/", views.asset_archive_view, name="archive"),
]
