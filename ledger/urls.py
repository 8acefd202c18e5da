from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.money, name="money"),
    path("export/", views.money_export, name="money_export"),
    path("check/", views.check_now, name="check"),
    path("transactions/", views.transactions, name="transactions"),
    path("transactions/export/", views.transactions_export, name="transactions_export"),
    path("transactions/<uuid:transaction_id>/", views.transaction_detail, name="transaction"),
    path(
        "transactions/<uuid:transaction_id>/reverse/",
        views.transaction_reverse_view,
        name="transaction_reverse",
    ),
    path("statements/", views.statements, name="statements"),
    path("statements/<uuid:partner_id>/<str:period>/", views.statement_page, name="statement"),
    path("statements/<uuid:partner_id>/<str:period>/csv/", views.statement_csv_view, name="statement_csv"),
    path("rates/", views.rates, name="rates"),
    path("rates/export/", views.rates_export, name="rates_export"),
    path("rates/new/", views.rate_new, name="rate_new"),
    path("rates/import/", views.rates_import, name="rates_import"),
    path("rates/import/confirm/", views.rates_import_confirm, name="rates_import_confirm"),
    path("settings/", views.settings_page, name="settings"),
    path("payouts/", views.batches, name="batches"),
    path("payouts/export/", views.batches_export, name="batches_export"),
    path("payouts/new/", views.batch_new, name="batch_new"),
    path("payouts/<uuid:batch_id>/", views.batch_detail, name="batch"),
    path("payouts/<uuid:batch_id>/approve/", views.batch_action, {"action": "approve"}, name="batch_approve"),
    path("payouts/<uuid:batch_id>/paid/", views.batch_action, {"action": "mark_paid"}, name="batch_paid"),
    path("payouts/<uuid:batch_id>/cancel/", views.batch_action, {"action": "cancel"}, name="batch_cancel"),
    path("payouts/<uuid:batch_id>/export/", views.batch_export_view, name="batch_export"),
]
