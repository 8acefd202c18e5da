from django.urls import path

from funds import views
from funds.actions import ALLOCATION_ACTIONS, BUDGET_ACTIONS, CLAIM_ACTIONS, REQUEST_ACTIONS

app_name = "funds"


def _actions(prefix: str, view, names, kwarg: str, name_prefix: str) -> list:
    return [
        path(
            f"{prefix}/<uuid:{kwarg}>/{name.replace('_', '-')}/",
            view,
            {"action": name},
            name=f"{name_prefix}_{name}",
        )
        for name in names
    ]


urlpatterns = [
    path("", views.overview, name="overview"),
    path("roi/", views.roi, name="roi"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/export/", views.budgets_export, name="budgets_export"),
    path("budgets/new/", views.budget_new, name="budget_new"),
    path("budgets/<uuid:budget_id>/", views.budget_detail, name="budget"),
    *_actions("budgets", views.budget_action, BUDGET_ACTIONS, "budget_id", "budget"),
    path("allocations/", views.allocations, name="allocations"),
    path("allocations/export/", views.allocations_export, name="allocations_export"),
    path("allocations/new/", views.allocation_new, name="allocation_new"),
    path("allocations/<uuid:allocation_id>/", views.allocation_detail, name="allocation"),
    *_actions("allocations", views.allocation_action, ALLOCATION_ACTIONS, "allocation_id", "allocation"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/export/", views.requests_export, name="requests_export"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request"),
    path("requests/<uuid:request_id>/claim/", views.claim_new, name="claim_new"),
    *_actions("requests", views.request_action, REQUEST_ACTIONS, "request_id", "request"),
    path("claims/", views.claims, name="claims"),
    path("claims/export/", views.claims_export, name="claims_export"),
    path("claims/<uuid:claim_id>/", views.claim_detail, name="claim"),
    *_actions("claims", views.claim_action, CLAIM_ACTIONS, "claim_id", "claim"),
]
