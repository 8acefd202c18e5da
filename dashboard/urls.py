from django.urls import path

from dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.staff_dashboard, name="staff_dashboard"),
    path("my/", views.partner_home, name="partner_home"),
]
