from django.urls import path

from announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("export/", views.announcement_export, name="export"),
    path("new/", views.announcement_form, name="new"),
    path("preview/", views.announcement_preview, name="preview"),
    path("<uuid:announcement_id>/", views.announcement_detail, name="detail"),
    path("<uuid:announcement_id>/edit/", views.announcement_form, name="edit"),
    path("<uuid:announcement_id>/publish/", views.announcement_publish_view, name="publish"),
    path("<uuid:announcement_id>/withdraw/", views.announcement_withdraw_view, name="withdraw"),
]
