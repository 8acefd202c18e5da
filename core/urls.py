from django.urls import path

from core import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export/", views.audit_log_export, name="audit_log_export"),
    path("files/<str:token>/", views.file_download, name="file_download"),
]
