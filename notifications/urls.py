from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("export/", views.notification_export, name="export"),
    path("menu/", views.notification_menu, name="menu"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<uuid:notification_id>/read/", views.notification_read, name="read"),
    path("<uuid:notification_id>/open/", views.notification_open, name="open"),
]
