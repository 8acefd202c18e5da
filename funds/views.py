"""Pages of market development funds: the overview (staff: the periods' budgets and what awaits a decision; a
partner: its funds per period, what it is owed and its activities), the lists of budgets, allocations,
requests and claims (each with its CSV/XLSX export), their pages with the buttons `funds.rules` allows, the
forms, and ROI per partner (staff) or per activity (a partner)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import (
    REFUSED,
    apply_validation_error,
    hx_redirect,
    login_required,
    partner_required,
    staff_required,
    submit_form,
)
from core.inputs import InputInvalid
from core.listing import export_list, list_page
from funds import services
from funds.actions import ALLOCATION_ACTIONS, BUDGET_ACTIONS, CLAIM_ACTIONS, REQUEST_ACTIONS, FundAction
from funds.books import unallocated
from funds.downloads import claim_file_link
from funds.inputs import AllocationInput, BudgetInput, ClaimInput, RequestInput
from funds.models import FUNDED_STATUSES, FundRequest, money_visible
from funds.roi import activities_roi, partners_roi
from funds.rules import allowed_actions, missing_files
from funds.selectors import (
    allocation_filters,
    allocation_get,
    budget_filters,
    budget_get,
    budget_partners,
    budgets_visible,
    claim_duplicates,
    claim_files,
    claim_filters,
    claim_get,
    claims_awaiting,
    current_period,
    funded_currencies,
    funded_periods,
    launch_choices,
    link_choices,
    partner_choices,
    partner_funds,
    periods_to_budget,
    request_claims,
    request_filters,
    request_get,
    request_links,
    requests_awaiting,
    requests_visible,
)
from funds.tables import allocation_table, budget_table, claim_table, request_table
from ledger.selectors import money_settings
from programs.selectors import benefits_of

PARTNER_ROWS = 20  # a budget's page lists the partners with the most committed and allocated


def _view(actor) -> None:
    actor.require("funds.view")


def _money(actor) -> None:
    """Pages of amounts only: a rep who may not see the company's money gets 403."""
    _view(actor)
    if not money_visible(actor):
        raise PermissionDenied


# --- the overview and ROI -----------------------------------------------------------------------------------


@login_required
def overview(request):
    actor = request.actor
    _view(actor)
    context: dict[str, Any] = {"money": money_visible(actor), "period": current_period()}
    if actor.is_staff:
        budgets = list(budget_filters(actor=actor, data={"state": "open"}).qs[:12])
        context |= {
            "budgets": [(b, unallocated(b, actor=actor)) for b in budgets],
            "requests_open": requests_awaiting(actor=actor).count(),
            "claims_open": claims_awaiting(actor=actor).count(),
            "can_manage": actor.can("funds.manage"),
        }
    else:
        context |= {
            "funds": partner_funds(actor=actor, partner=actor.partner) if context["money"] else None,
            "activities": list(
                requests_visible(actor=actor)
                .filter(status__in=FUNDED_STATUSES)
                .order_by("-starts_on", "-id")[:10]
            ),
            "can_request": actor.can("funds.request"),
        }
    return render(request, "funds/overview.html", context)


@login_required
def roi(request):
    """Staff: ROI per partner over its funded activities; a partner: per activity of its own."""
    actor = request.actor
    _view(actor)
    funded = list(
        requests_visible(actor=actor).filter(status__in=FUNDED_STATUSES).order_by("-starts_on", "-id")
    )
    context: dict[str, Any] = {"money": money_visible(actor), "currency": money_settings().reporting_currency}
    if actor.is_staff:
        context["partners"] = partners_roi(actor=actor, requests=funded)
    else:
        per_activity = activities_roi(actor=actor, requests=funded)
        context["activities"] = [(r, per_activity[r.pk]) for r in funded]
    return render(request, "funds/roi.html", context)


# --- budgets ------------------------------------------------------------------------------------------------


@staff_required
def budgets(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=budget_filters(actor=actor, data=request.GET),
        table=budget_table(),
        template="funds/budgets.html",
        export_url=reverse("funds:budgets_export"),
        context={"can_manage": actor.can("funds.manage")},
    )


@staff_required
def budgets_export(request):
    _view(request.actor)
    return export_list(
        request, budget_filters(actor=request.actor, data=request.GET), budget_table(), name="fund-budgets"
    )


@staff_required
def budget_new(request):
    actor = request.actor
    actor.require("funds.manage")
    settings = money_settings()
    form = BudgetInput(
        request.POST or None,
        periods=periods_to_budget(),
        initial={"period": current_period().code, "currency": settings.reporting_currency},
    )
    saved = submit_form(
        request, form, lambda: services.budget_create(actor=actor, data=form), _("Budget created.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "funds:budget", saved.public_id)
    return render(request, "funds/budget_form.html", {"form": form})


def _action_page(
    request, *, template: str, obj, actions_table: dict[str, FundAction], bound=None, extra=None
):
    """A record's page with its actions' forms (a refused action's form keeps what was typed)."""
    forms = {spec.form_name: spec.input() for spec in actions_table.values() if spec.input} | (bound or {})
    context = {"actions": allowed_actions(request.actor, obj), **forms, **(extra or {})}
    return render(request, template, context, status=200)


@staff_required
def budget_detail(request, budget_id, bound=None):
    actor = request.actor
    budget = budget_get(actor=actor, public_id=budget_id)
    _view(actor)
    return _action_page(
        request,
        template="funds/budget.html",
        obj=budget,
        actions_table=BUDGET_ACTIONS,
        bound=bound,
        extra={
            "budget": budget,
            "unallocated": unallocated(budget, actor=actor),
            "partners": (partners := budget_partners(actor=actor, budget=budget))[:PARTNER_ROWS],
            "partner_count": len(partners),
            "timeline": events_for(actor=actor, target=budget)[:100],
        },
    )


def _act(request, *, spec: FundAction, obj, page, url_name: str):
    """Run one action with its input; a refusal shows the page again with the form as typed (or, for a button,
    the refusal's messages)."""
    form = spec.input(request.POST, request.FILES or None) if spec.input else None
    try:
        spec.run(actor=request.actor, obj=obj, data=form)
    except InputInvalid:
        return page(bound={spec.form_name: form})
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
            return hx_redirect(request, url_name, obj.public_id)
        apply_validation_error(form, exc)
        return page(bound={spec.form_name: form})
    messages.success(request, spec.success)
    return hx_redirect(request, url_name, obj.public_id)


@staff_required
@require_POST
def budget_action(request, budget_id, action: str):
    budget = budget_get(actor=request.actor, public_id=budget_id)
    return _act(
        request,
        spec=BUDGET_ACTIONS[action],
        obj=budget,
        page=lambda bound: budget_detail(request, budget_id, bound=bound),
        url_name="funds:budget",
    )


# --- allocations --------------------------------------------------------------------------------------------


@login_required
def allocations(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=allocation_filters(actor=actor, data=request.GET),
        table=allocation_table(staff=actor.is_staff),
        template="funds/allocations.html",
        export_url=reverse("funds:allocations_export"),
        context={"can_manage": actor.can("funds.manage")},
    )


@login_required
def allocations_export(request):
    actor = request.actor
    _view(actor)
    filters = allocation_filters(actor=actor, data=request.GET)
    return export_list(request, filters, allocation_table(staff=actor.is_staff), name="fund-allocations")


@staff_required
def allocation_new(request):
    actor = request.actor
    actor.require("funds.manage")
    budget = request.GET.get("budget")
    form = AllocationInput(
        request.POST or None,
        initial={"budget": budget, "basis": "fixed"} if budget else {"basis": "fixed"},
        budgets=budgets_visible(actor=actor).filter(closed_at__isnull=True),
        partners=partner_choices(actor=actor),
    )

    def save():
        return services.allocation_create(actor=actor, data=form)

    def told(created) -> str:
        if len(created) == 1:
            return _("Funds allocated.")
        n = len(created)
        return ngettext("Funds allocated to %(n)s partner.", "Funds allocated to %(n)s partners.", n) % {
            "n": n
        }

    saved = submit_form(request, form, save, told)
    if saved is not REFUSED:
        return hx_redirect(request, "funds:budget", saved[0].budget.public_id)
    return render(request, "funds/allocation_form.html", {"form": form})


@login_required
def allocation_detail(request, allocation_id, bound=None):
    actor = request.actor
    allocation = allocation_get(actor=actor, public_id=allocation_id)
    _money(actor)
    from funds.books import available

    return _action_page(
        request,
        template="funds/allocation.html",
        obj=allocation,
        actions_table=ALLOCATION_ACTIONS,
        bound=bound,
        extra={
            "allocation": allocation,
            "available": available(actor=actor, budget=allocation.budget, partner=allocation.partner),
            "tier_rate": benefits_of(allocation.partner).mdf_rate,
            "timeline": events_for(actor=actor, target=allocation)[:100],
        },
    )


@staff_required
@require_POST
def allocation_action(request, allocation_id, action: str):
    allocation = allocation_get(actor=request.actor, public_id=allocation_id)
    return _act(
        request,
        spec=ALLOCATION_ACTIONS[action],
        obj=allocation,
        page=lambda bound: allocation_detail(request, allocation_id, bound=bound),
        url_name="funds:allocation",
    )


# --- requests -----------------------------------------------------------------------------------------------


@login_required
def requests_list(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=request_filters(actor=actor, data=request.GET),
        table=request_table(staff=actor.is_staff, money=money_visible(actor)),
        template="funds/requests.html",
        export_url=reverse("funds:requests_export"),
        context={"can_request": actor.can("funds.request")},
    )


@login_required
def requests_export(request):
    actor = request.actor
    _view(actor)
    filters = request_filters(actor=actor, data=request.GET)
    table = request_table(staff=actor.is_staff, money=money_visible(actor))
    return export_list(request, filters, table, name="fund-requests")


@partner_required
def request_new(request):
    actor = request.actor
    _view(actor)
    if not actor.can("funds.request"):
        messages.info(request, _("Your company's admin requests funds; ask them to."))
        return hx_redirect(request, "funds:requests")
    periods = funded_periods(actor=actor, open_only=True)
    form = RequestInput(
        request.POST or None,
        periods=periods,
        currencies=funded_currencies(actor=actor),
        links=link_choices(actor=actor),
        launches=launch_choices(actor=actor),
        start_month=money_settings().fiscal_year_start_month,
        initial={"period": periods[0][0]} if periods else None,
    )
    saved = submit_form(
        request,
        form,
        lambda: services.request_create(actor=actor, data=form),
        lambda r: _("Request sent to the channel team. Your activity code is %(code)s.") % {"code": r.code},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "funds:request", saved.public_id)
    return render(request, "funds/request_form.html", {"form": form, "has_funds": bool(periods)})


@login_required
def request_detail(request, request_id, bound=None):
    actor = request.actor
    fund_request = request_get(actor=actor, public_id=request_id)
    _view(actor)
    links, launches = request_links(actor=actor, request=fund_request)
    money = money_visible(actor)
    roi = activities_roi(actor=actor, requests=[fund_request])[fund_request.pk]
    return _action_page(
        request,
        template="funds/request.html",
        obj=fund_request,
        actions_table=REQUEST_ACTIONS,
        bound=bound,
        extra={
            "fund_request": fund_request,
            "money": money,
            "links": links,
            "launches": launches,
            "roi": roi,
            "claims": list(request_claims(actor=actor, request=fund_request)) if money else [],
            "timeline": events_for(actor=actor, target=fund_request)[:100],
            "threshold": money_settings(),
        },
    )


@login_required
@require_POST
def request_action(request, request_id, action: str):
    fund_request = request_get(actor=request.actor, public_id=request_id)
    return _act(
        request,
        spec=REQUEST_ACTIONS[action],
        obj=fund_request,
        page=lambda bound: request_detail(request, request_id, bound=bound),
        url_name="funds:request",
    )


# --- claims -------------------------------------------------------------------------------------------------


@partner_required
def claim_new(request, request_id):
    actor = request.actor
    fund_request = request_get(actor=actor, public_id=request_id)
    actor.require("funds.request")
    if "claim" not in allowed_actions(actor, fund_request):
        refusal = _why_not(actor, fund_request)
        messages.error(request, refusal)
        return hx_redirect(request, "funds:request", fund_request.public_id)
    form = ClaimInput(
        request.POST or None,
        request.FILES or None,
        initial={"amount": fund_request.approved_amount},
    )
    saved = submit_form(
        request,
        form,
        lambda: services.claim_create(actor=actor, request=fund_request, data=form),
        _("Claim sent to the channel team."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "funds:claim", saved.public_id)
    return render(request, "funds/claim_form.html", {"form": form, "fund_request": fund_request})


def _why_not(actor, fund_request: FundRequest) -> str:
    from funds.rules import RequestAction, request_refusal

    refused = request_refusal(actor, fund_request, RequestAction.CLAIM)
    if isinstance(refused, ValidationError):
        return " ".join(refused.messages)
    return _("This activity cannot be claimed.")


@login_required
def claims(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=claim_filters(actor=actor, data=request.GET),
        table=claim_table(staff=actor.is_staff),
        template="funds/claims.html",
        export_url=reverse("funds:claims_export"),
    )


@login_required
def claims_export(request):
    actor = request.actor
    _view(actor)
    filters = claim_filters(actor=actor, data=request.GET)
    return export_list(request, filters, claim_table(staff=actor.is_staff), name="fund-claims")


@login_required
def claim_detail(request, claim_id, bound=None):
    actor = request.actor
    claim = claim_get(actor=actor, public_id=claim_id)
    _money(actor)
    files = [(f, claim_file_link(f, user_id=request.user.pk)) for f in claim_files(actor=actor, claim=claim)]
    duplicates = list(claim_duplicates(actor=actor, claim=claim))
    approve_form = (bound or {}).get("approve_form") or CLAIM_ACTIONS["approve"].input()  # type: ignore[misc]
    if not duplicates or claim.override_reason:
        approve_form.fields.pop("override_reason", None)
    bound = (bound or {}) | {"approve_form": approve_form}
    return _action_page(
        request,
        template="funds/claim.html",
        obj=claim,
        actions_table=CLAIM_ACTIONS,
        bound=bound,
        extra={
            "claim": claim,
            "fund_request": claim.request,
            "files": files,
            "missing": missing_files(claim),
            "duplicates": duplicates,
            "timeline": events_for(actor=actor, target=claim)[:100],
            "threshold": money_settings(),
        },
    )


@login_required
@require_POST
def claim_action(request, claim_id, action: str):
    claim = claim_get(actor=request.actor, public_id=claim_id)
    return _act(
        request,
        spec=CLAIM_ACTIONS[action],
        obj=claim,
        page=lambda bound: claim_detail(request, claim_id, bound=bound),
        url_name="funds:claim",
    )
