from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.registration_new, name="new"),
    path("new/customer-hint/", views.customer_hint, name="customer_hint"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("export/", views.mine_export, name="export"),
    path("pipeline/export/", views.pipeline_export, name="pipeline_export"),
    path("pipeline/bulk/", views.pipeline_bulk, name="pipeline_bulk"),
    path("<uuid:registration_id>/", views.registration_detail, name="registration"),
    path("<uuid:registration_id>/edit/", views.registration_edit, name="edit"),
    *[
        path(
            f"<uuid:registration_id>/{path_part}/", views.registration_action, {"action": action}, name=action
        )
        for action, path_part in [
            ("submit", "submit"),
            ("close", "close"),
            ("approve", "approve"),
            ("reject", "reject"),
            ("check", "check"),
            ("appeal", "appeal"),
            ("appeal_decide", "appeal/decide"),
            ("extension_request", "extension"),
            ("reopen", "reopen"),
            ("refund", "refund"),
        ]
    ],
    path("extensions/<uuid:extension_id>/decide/", views.extension_decide_view, name="extension_decide"),
]
