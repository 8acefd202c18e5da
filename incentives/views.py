"""Pages of incentives: programs (list, page with the plain-language summary, editor, rules), targets, the
Earnings page (totals, pending, paid, forecast, entries, per-registration detail), accruals, disputes, and
ops' "Run now"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import (
    REFUSED,
    hx_redirect,
    login_required,
    partner_required,
    run_button,
    staff_required,
    submit_form,
    submit_record,
)
from core.listing import Column, export_format, export_list, export_response, list_page
from incentives import selectors
from incentives.describe import describe_program, describe_rule
from incentives.inputs import (
    DisputeApprovalInput,
    DisputeDecisionInput,
    DisputeInput,
    ProgramInput,
    RuleInput,
    TargetInput,
)
from incentives.models import IncentiveProgram, IncentiveRule
from incentives.rules import allowed_actions
from incentives.services import (
    dispute_approve,
    dispute_decide,
    dispute_raise,
    program_activate,
    program_create,
    program_end,
    program_new_version,
    program_update,
    rule_add,
    rule_delete,
    rule_update,
    run_now,
    target_delete,
    target_set,
)
from incentives.tables import dispute_table, earning_table, program_table, target_table
from ledger.periods import period_of
from ledger.selectors import money_settings

DETAIL_ROWS = 50  # the per-registration rows on the Earnings page (the export has them all)


def _view(actor) -> None:
    actor.require("incentives.view")


# --- programs -----------------------------------------------------------------------------------------------


@login_required
def programs(request):
    actor = request.actor
    _view(actor)
    can_manage = actor.is_staff and actor.can("incentives.manage")
    return list_page(
        request,
        filterset=selectors.program_filters(actor=actor, data=request.GET),
        table=program_table(staff=actor.is_staff),
        template="incentives/programs.html",
        export_url=reverse("incentives:programs_export"),
        context={
            "can_manage": can_manage,
            "runs": selectors.recent_runs(actor=actor) if actor.is_staff else [],
        },
    )


@login_required
def programs_export(request):
    _view(request.actor)
    filters = selectors.program_filters(actor=request.actor, data=request.GET)
    return export_list(
        request, filters, program_table(staff=request.actor.is_staff), name="incentive-programs"
    )


@login_required
def program_detail(request, program_id):
    actor = request.actor
    _view(actor)
    program = selectors.program_get(actor=actor, public_id=program_id)
    rules = selectors.program_rules(actor=actor, program=program)
    context: dict[str, Any] = {
        "program": program,
        "summary": describe_program(program, rules),
        "rules": rules,
        "rule_lines": [(rule, describe_rule(rule, program)) for rule in rules],
        "tiers": selectors.program_tiers(actor=actor, program=program),
        "actions": allowed_actions(actor, program),
        "staff_view": actor.is_staff,
    }
    if actor.is_staff:
        context |= {
            "newer": selectors.newer_version(actor=actor, program=program),
            "accruals": selectors.program_accruals(actor=actor, program=program),
            "timeline": events_for(actor=actor, target=program)[:50],
        }
    return render(request, "incentives/program.html", context)


def _program_form(request, program: IncentiveProgram | None):
    actor = request.actor
    actor.require("incentives.manage")
    if program is not None and "edit" not in allowed_actions(actor, program):
        raise PermissionDenied
    initial = {"currency": money_settings().reporting_currency} if program is None else None
    form = ProgramInput(request.POST or None, instance=program, initial=initial)
    saved = submit_record(
        request,
        form,
        program,
        create=lambda: program_create(actor=actor, data=form),
        update=lambda: program_update(actor=actor, program=program, data=form),  # type: ignore[arg-type]
        created=_("Program saved as a draft: add its rules, then activate it."),
        updated=_("Program saved."),
    )
    if isinstance(saved, IncentiveProgram):
        return hx_redirect(request, "incentives:program", saved.public_id)
    return render(request, "incentives/program_form.html", {"form": form, "program": program})


@staff_required
def program_new(request):
    return _program_form(request, None)


@staff_required
def program_edit(request, program_id):
    return _program_form(request, selectors.program_get(actor=request.actor, public_id=program_id))


@staff_required
@require_POST
def program_activate_view(request, program_id):
    actor = request.actor
    program = selectors.program_get(actor=actor, public_id=program_id)
    run_button(request, lambda: program_activate(actor=actor, program=program), _("Program activated."))
    return hx_redirect(request, "incentives:program", program.public_id)


@staff_required
@require_POST
def program_end_view(request, program_id):
    actor = request.actor
    program = selectors.program_get(actor=actor, public_id=program_id)
    run_button(
        request,
        lambda: program_end(actor=actor, program=program),
        _("Program ended: deals closed from tomorrow earn nothing under it."),
    )
    return hx_redirect(request, "incentives:program", program.public_id)


@staff_required
@require_POST
def program_new_version_view(request, program_id):
    actor = request.actor
    program = selectors.program_get(actor=actor, public_id=program_id)
    draft = run_button(
        request,
        lambda: program_new_version(actor=actor, program=program),
        _("New version drafted: change it, then activate it to take over from its start date."),
    )
    if draft is REFUSED:
        return hx_redirect(request, "incentives:program", program.public_id)
    return hx_redirect(request, "incentives:program", draft.public_id)


def _rule_form(request, program: IncentiveProgram, rule: IncentiveRule | None):
    actor = request.actor
    actor.require("incentives.manage")
    if "edit" not in allowed_actions(actor, program):
        raise PermissionDenied
    form = RuleInput(
        request.POST or None,
        instance=rule,
        products=selectors.product_choices(actor=actor),
        families=selectors.family_choices(actor=actor),
    )
    saved = submit_record(
        request,
        form,
        rule,
        create=lambda: rule_add(actor=actor, program=program, data=form),
        update=lambda: rule_update(actor=actor, rule=rule, data=form),  # type: ignore[arg-type]
        created=_("Rule added."),
        updated=_("Rule saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "incentives:program", program.public_id)
    return render(request, "incentives/rule_form.html", {"form": form, "program": program, "rule": rule})


@staff_required
def rule_new(request, program_id):
    return _rule_form(request, selectors.program_get(actor=request.actor, public_id=program_id), None)


@staff_required
def rule_edit(request, incentive_rule_id):
    rule = selectors.rule_get(actor=request.actor, public_id=incentive_rule_id)
    return _rule_form(request, rule.program, rule)


@staff_required
@require_POST
def rule_delete_view(request, incentive_rule_id):
    actor = request.actor
    rule = selectors.rule_get(actor=actor, public_id=incentive_rule_id)
    run_button(request, lambda: rule_delete(actor=actor, rule=rule), _("Rule removed."))
    return hx_redirect(request, "incentives:program", rule.program.public_id)


@staff_required
@require_POST
def run_now_view(request):
    actor = request.actor
    run = run_button(request, lambda: run_now(actor=actor))
    if run is not REFUSED:
        messages.success(
            request,
            ngettext(
                "Earnings accrued up to %(cutoff)s: %(n)s transaction booked.",
                "Earnings accrued up to %(cutoff)s: %(n)s transactions booked.",
                run.booked,
            )
            % {"cutoff": timezone.localtime(run.cutoff).strftime("%Y-%m-%d %H:%M"), "n": run.booked},
        )
        for problem in run.problems:
            messages.error(request, f"{problem['program']}: {problem['message']}")
    return hx_redirect(request, "incentives:programs")


# --- targets ------------------------------------------------------------------------------------------------


@login_required
def targets(request):
    actor = request.actor
    _view(actor)
    can_manage = actor.is_staff and actor.can("incentives.manage")
    return list_page(
        request,
        filterset=selectors.target_filters(actor=actor, data=request.GET),
        table=target_table(can_manage=can_manage),
        template="incentives/targets.html",
        export_url=reverse("incentives:targets_export"),
        context={"can_manage": can_manage},
    )


@login_required
def targets_export(request):
    _view(request.actor)
    filters = selectors.target_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, target_table(can_manage=False), name="incentive-targets")


@staff_required
def target_new(request):
    actor = request.actor
    actor.require("incentives.manage")
    initial = {}
    if request.GET.get("program"):
        initial["program_id"] = request.GET["program"]
    form = TargetInput(
        request.POST or None,
        initial=initial,
        programs=selectors.program_choices(actor=actor),
        partners=selectors.partner_choices(actor=actor),
    )
    saved = submit_form(request, form, lambda: target_set(actor=actor, data=form), _("Target saved."))
    if saved is not REFUSED:
        return hx_redirect(request, "incentives:targets")
    return render(request, "incentives/target_form.html", {"form": form})


@staff_required
@require_POST
def target_delete_view(request, target_id):
    actor = request.actor
    target = selectors.target_get(actor=actor, public_id=target_id)
    run_button(request, lambda: target_delete(actor=actor, target=target), _("Target removed."))
    return hx_redirect(request, "incentives:targets")


# --- earnings -----------------------------------------------------------------------------------------------


def _detail_period(request) -> tuple[dt.date, dt.date, str]:
    """The period of the per-registration detail: ?start=&end= (days), else the current fiscal quarter."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
        if end <= start:
            raise ValueError
        return start, end, f"{start.isoformat()} – {(end - dt.timedelta(days=1)).isoformat()}"
    except ValueError:
        period = period_of(today, kind="quarter", start_month=money_settings().fiscal_year_start_month)
        return period.start, period.end, period.label


@login_required
def earnings(request):
    actor = request.actor
    _view(actor)
    partner = selectors.money_partner(actor=actor, public_id=request.GET.get("partner"))
    summary = selectors.earnings_summary(actor=actor, partner=partner)
    start, end, period_label = _detail_period(request)
    lines = selectors.earning_lines(actor=actor, partner=partner, start=start, end=end) if partner else []
    detail_query = f"start={start.isoformat()}&end={end.isoformat()}"
    if actor.is_staff and partner is not None:
        detail_query += f"&partner={partner.public_id}"
    return list_page(
        request,
        filterset=selectors.earning_filters(actor=actor, data=request.GET),
        table=earning_table(staff=actor.is_staff),
        template="incentives/earnings.html",
        export_url=reverse("incentives:earnings_export"),
        context={
            "partner": partner,
            "summary": summary,
            "lines": lines[:DETAIL_ROWS],
            "lines_total": len(lines),
            "period_label": period_label,
            "detail_query": detail_query,
        },
    )


@login_required
def earnings_export(request):
    _view(request.actor)
    filters = selectors.earning_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, earning_table(staff=request.actor.is_staff), name="earnings")


LINE_COLUMNS = [
    Column("booked_at", "booked_at", lambda line: line.booked_at),
    Column("kind", "kind", lambda line: line.kind),
    Column(
        "registration_id",
        "registration_id",
        lambda line: line.registration.public_id if line.registration else "",
    ),
    Column("customer", "customer", lambda line: line.registration.customer_name if line.registration else ""),
    Column("program_id", "program_id", lambda line: line.program.public_id if line.program else ""),
    Column("program", "program", lambda line: str(line.program) if line.program else ""),
    Column("basis", "basis", lambda line: line.basis),
    Column("amount", "amount", lambda line: line.amount),
    Column("currency", "currency", lambda line: line.currency),
]


class _Rows(list):
    """Computed rows where an export expects a queryset (it iterates them in chunks)."""

    def iterator(self, chunk_size: int = 500):
        return iter(self)


@login_required
def earning_lines_export(request):
    """The per-registration detail of a period as CSV or XLSX (what a statement lists)."""
    actor = request.actor
    _view(actor)
    partner = selectors.money_partner(actor=actor, public_id=request.GET.get("partner"))
    start, end, _label = _detail_period(request)
    lines = selectors.earning_lines(actor=actor, partner=partner, start=start, end=end) if partner else []
    return export_response(
        _Rows(lines), LINE_COLUMNS, name="earnings-per-registration", fmt=export_format(request)
    )


@login_required
def accrual_detail(request, accrual_id):
    actor = request.actor
    _view(actor)
    accrual = selectors.accrual_get(actor=actor, public_id=accrual_id)
    context = {
        "accrual": accrual,
        "lines": selectors.accrual_lines(actor=actor, accrual=accrual),
        "exceptions": selectors.accrual_exceptions(actor=actor, accrual=accrual),
    }
    return render(request, "incentives/accrual.html", context)


# --- disputes -----------------------------------------------------------------------------------------------


@login_required
def disputes(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=selectors.dispute_filters(actor=actor, data=request.GET),
        table=dispute_table(staff=actor.is_staff),
        template="incentives/disputes.html",
        export_url=reverse("incentives:disputes_export"),
        context={"can_raise": actor.is_partner and actor.can("incentives.dispute")},
    )


@login_required
def disputes_export(request):
    _view(request.actor)
    filters = selectors.dispute_filters(actor=request.actor, data=request.GET)
    return export_list(
        request, filters, dispute_table(staff=request.actor.is_staff), name="incentive-disputes"
    )


@partner_required
def dispute_new(request):
    actor = request.actor
    if not actor.can("incentives.dispute"):
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "incentives/dispute_form.html", {"form": None})  # says who may dispute
    initial = {"registration_id": request.GET["registration"]} if request.GET.get("registration") else None
    form = DisputeInput(
        request.POST or None,
        initial=initial,
        registrations=selectors.disputable_registrations(actor=actor),
        programs=selectors.program_choices(actor=actor),
    )
    saved = submit_form(
        request, form, lambda: dispute_raise(actor=actor, data=form), _("Dispute sent to channel operations.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "incentives:dispute", saved.public_id)
    return render(request, "incentives/dispute_form.html", {"form": form})


def _dispute_page(request, dispute, *, bound: dict | None = None, status: int = 200):
    actor = request.actor
    forms = {"decide_form": DisputeDecisionInput(), "approve_form": DisputeApprovalInput()} | (bound or {})
    context = {
        "dispute": dispute,
        "actions": allowed_actions(actor, dispute),
        "timeline": events_for(actor=actor, target=dispute)[:50],
        **forms,
    }
    return render(request, "incentives/dispute.html", context, status=status)


@login_required
def dispute_detail(request, dispute_id):
    _view(request.actor)
    return _dispute_page(request, selectors.dispute_get(actor=request.actor, public_id=dispute_id))


@staff_required
@require_POST
def dispute_decide_view(request, dispute_id):
    actor = request.actor
    dispute = selectors.dispute_get(actor=actor, public_id=dispute_id)
    form = DisputeDecisionInput(request.POST)
    saved = submit_form(
        request, form, lambda: dispute_decide(actor=actor, dispute=dispute, data=form), _("Dispute decided.")
    )
    if saved is REFUSED:
        return _dispute_page(request, dispute, bound={"decide_form": form})
    return hx_redirect(request, "incentives:dispute", dispute.public_id)


@staff_required
@require_POST
def dispute_approve_view(request, dispute_id):
    actor = request.actor
    dispute = selectors.dispute_get(actor=actor, public_id=dispute_id)
    form = DisputeApprovalInput(request.POST)
    saved = submit_form(
        request,
        form,
        lambda: dispute_approve(actor=actor, dispute=dispute, data=form),
        _("Decision recorded."),
    )
    if saved is REFUSED:
        return _dispute_page(request, dispute, bound={"approve_form": form})
    return hx_redirect(request, "incentives:dispute", dispute.public_id)
