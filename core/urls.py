from django.urls import path

from core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.staff_dashboard, name="staff_dashboard"),
    path("audit/", views.audit_log, name="audit_log"),
]
