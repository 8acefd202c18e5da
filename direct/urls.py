from django.urls import path

from direct import views

app_name = "direct"

urlpatterns = [
    path("", views.account_index, name="accounts"),
    path("export.csv", views.account_export, name="accounts_export"),
    path("new/", views.account_form, name="account_new"),
    path("import/", views.account_import, name="accounts_import"),
    path("<uuid:account_id>/", views.account_detail, name="account"),
    path("<uuid:account_id>/edit/", views.account_form, name="account_edit"),
    path("<uuid:account_id>/delete/", views.account_remove, name="account_delete"),
    path("<uuid:account_id>/deals/new/", views.deal_form, name="deal_new"),
    path("deals/", views.deal_index, name="deals"),
    path("deals/export.csv", views.deal_export, name="deals_export"),
    path("deals/import/", views.deal_import, name="deals_import"),
    path("deals/<uuid:deal_id>/", views.deal_form, name="deal_edit"),
    path("deals/<uuid:deal_id>/close/", views.deal_close_view, name="deal_close"),
]
