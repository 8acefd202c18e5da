from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("program/", views.program_admin, name="admin"),
    path("program/charter/", views.charter_edit, name="charter"),
    path("program/agreements/", views.agreement_list, name="agreements"),
    path("program/agreements/new/", views.agreement_new, name="agreement_new"),
    path("program/agreements/<uuid:version_id>/", views.agreement_detail, name="agreement"),
    path("my/agreements/", views.agreements_mine, name="agreements_mine"),
    path("my/agreements/<uuid:version_id>/accept/", views.agreement_accept_view, name="agreement_accept"),
]
