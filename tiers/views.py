"""The tier engine's pages. Staff: the overview of programs (criteria, policy, evaluate now), criteria
versions and their requirements, the simulation of a draft, recent tier changes and pending downgrades,
metrics and custom metric values, a partner's progress with overrides. Partner users: their own progress."""

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
from core.http import REFUSED, hx_redirect, partner_required, run_button, staff_required, submit_form
from core.listing import export_list, list_page
from programs.models import TIER_RANK
from tiers import selectors, services
from tiers.inputs import (
    CriteriaInput,
    CustomMetricInput,
    OverrideInput,
    PolicyInput,
    RequirementInput,
    ValueInput,
)
from tiers.metrics import MetricUnavailable
from tiers.rules import allowed_actions
from tiers.tables import change_table, value_table, warning_table

SIMULATION_ROWS = 200


def _manage(actor: Any) -> None:
    actor.require("tiers.manage")
    if not actor.is_staff:
        raise PermissionDenied


# --- overview, programs ------------------------------------------------------------------------------------


@staff_required
def overview(request):
    actor = request.actor
    return render(
        request,
        "tiers/overview.html",
        {
            "rows": selectors.programs_overview(actor=actor),
            "runs": selectors.recent_runs(actor=actor),
            "can_manage": actor.can("tiers.manage"),
        },
    )


@staff_required
def versions(request, program_code):
    actor = request.actor
    program = selectors.program_get(actor=actor, code=program_code)
    filters = selectors.criteria_filters(actor=actor, program=program)
    rows = list(filters.qs)
    return render(
        request,
        "tiers/versions.html",
        {
            "program": program,
            "versions": rows,
            "draft": next((v for v in rows if v.is_draft), None),
            "can_manage": actor.can("tiers.manage"),
        },
    )


@staff_required
@require_POST
def draft_new(request, program_code):
    actor = request.actor
    program = selectors.program_get(actor=actor, code=program_code)
    draft = run_button(request, lambda: services.criteria_create_draft(actor=actor, program=program))
    if draft is REFUSED:
        return hx_redirect(request, "tiers:versions", program.code)
    messages.success(request, _("Draft version %(version)s created.") % {"version": draft.version})
    return hx_redirect(request, "tiers:criteria", draft.public_id)


@staff_required
def policy(request, program_code):
    actor = request.actor
    _manage(actor)
    program = selectors.program_get(actor=actor, code=program_code)
    current = services.policy_of(program)
    form = PolicyInput(request.POST or None, initial=PolicyInput.initial_for(current))
    saved = submit_form(
        request,
        form,
        lambda: services.policy_update(actor=actor, program=program, data=form),
        _("Tier policy saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:overview")
    return render(request, "tiers/policy_form.html", {"form": form, "program": program})


@staff_required
@require_POST
def evaluate(request, program_code):
    actor = request.actor
    program = selectors.program_get(actor=actor, code=program_code)
    outcome = run_button(request, lambda: services.evaluate_now(actor=actor, program=program))
    if outcome is not REFUSED and outcome.run is not None:
        counts = outcome.run.counts
        messages.success(
            request,
            _(
                "%(members)s members evaluated: %(up)s moved up, %(down)s moved down, %(warned)s warned, "
                "%(lifted)s warnings lifted."
            )
            % {
                "members": outcome.run.members,
                "up": counts.get("up", 0),
                "down": counts.get("down", 0),
                "warned": counts.get("warned", 0),
                "lifted": counts.get("lifted", 0),
            },
        )
    return hx_redirect(request, "tiers:overview")


# --- criteria versions ------------------------------------------------------------------------------------


@staff_required
def criteria(request, criteria_id):
    actor = request.actor
    actor.require("tiers.view")
    version = selectors.criteria_get(actor=actor, public_id=criteria_id)
    return render(
        request,
        "tiers/criteria.html",
        {
            "criteria": version,
            "program": version.program,
            "requirements": selectors.criteria_requirements(version),
            "actions": allowed_actions(actor, version),
            "timeline": events_for(actor=actor, target=version)[:50],
            "versions_url": reverse("tiers:versions", args=[version.program.code]),
        },
    )


@staff_required
def criteria_edit(request, criteria_id):
    actor = request.actor
    _manage(actor)
    version = selectors.criteria_get(actor=actor, public_id=criteria_id)
    form = CriteriaInput(request.POST or None, initial=CriteriaInput.initial_for(version))
    saved = submit_form(
        request,
        form,
        lambda: services.criteria_update(actor=actor, criteria=version, data=form),
        _("Draft saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:criteria", version.public_id)
    return render(request, "tiers/criteria_form.html", {"form": form, "criteria": version})


@staff_required
@require_POST
def criteria_publish(request, criteria_id):
    actor = request.actor
    _manage(actor)
    version = selectors.criteria_get(actor=actor, public_id=criteria_id)
    run_button(
        request,
        lambda: services.criteria_publish(actor=actor, criteria=version),
        _("Version %(version)s is published: the next evaluation reads it.") % {"version": version.version},
    )
    return hx_redirect(request, "tiers:criteria", version.public_id)


@staff_required
def simulation(request, criteria_id):
    actor = request.actor
    version = selectors.criteria_get(actor=actor, public_id=criteria_id)
    plan = None
    problem = ""
    try:
        plan = selectors.simulation(actor=actor, criteria=version)
    except MetricUnavailable as exc:
        problem = str(exc)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    rows: list[Any] = []
    if plan is not None:
        rows = sorted(
            plan.members,
            key=lambda m: (
                TIER_RANK[m.qualified] == TIER_RANK[m.state.tier],
                -abs(TIER_RANK[m.qualified] - TIER_RANK[m.state.tier]),
                m.state.partner_name,
            ),
        )
    return render(
        request,
        "tiers/simulation.html",
        {
            "criteria": version,
            "criteria_url": reverse("tiers:criteria", args=[version.public_id]),
            "criteria_title": str(version),
            "program": version.program,
            "plan": plan,
            "rows": rows[:SIMULATION_ROWS],
            "more": max(len(rows) - SIMULATION_ROWS, 0),
            "problem": problem,
            "summary": simulation_summary(plan) if plan is not None else "",
        },
    )


def _requirement_form(request, version, requirement=None):
    actor = request.actor
    _manage(actor)
    initial = (
        RequirementInput.initial_for(requirement) if requirement else {"tier": request.GET.get("tier", "")}
    )
    form = RequirementInput(request.POST or None, initial=initial)

    def save():
        if requirement is None:
            return services.requirement_create(actor=actor, criteria=version, data=form)
        return services.requirement_update(actor=actor, requirement=requirement, data=form)

    saved = submit_form(
        request, form, save, _("Requirement saved.") if requirement else _("Requirement added.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:criteria", version.public_id)
    return render(
        request,
        "tiers/requirement_form.html",
        {"form": form, "criteria": version, "requirement": requirement, "metrics": selectors.metric_rows()},
    )


@staff_required
def requirement_new(request, criteria_id):
    version = selectors.criteria_get(actor=request.actor, public_id=criteria_id)
    return _requirement_form(request, version)


@staff_required
def requirement_edit(request, requirement_id):
    requirement = selectors.requirement_get(actor=request.actor, public_id=requirement_id)
    return _requirement_form(request, requirement.criteria, requirement)


@staff_required
@require_POST
def requirement_delete(request, requirement_id):
    actor = request.actor
    _manage(actor)
    requirement = selectors.requirement_get(actor=actor, public_id=requirement_id)
    run_button(
        request,
        lambda: services.requirement_delete(actor=actor, requirement=requirement),
        _("Requirement deleted."),
    )
    return hx_redirect(request, "tiers:criteria", requirement.criteria.public_id)


# --- lists -------------------------------------------------------------------------------------------------


@staff_required
def changes(request):
    actor = request.actor
    return list_page(
        request,
        filterset=selectors.change_filters(actor=actor, data=request.GET),
        table=change_table(),
        template="tiers/changes.html",
        export_url=reverse("tiers:changes_export"),
    )


@staff_required
def changes_export(request):
    filters = selectors.change_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, change_table(), name="tier-changes")


@staff_required
def warnings(request):
    actor = request.actor
    return list_page(
        request,
        filterset=selectors.warning_filters(actor=actor, data=request.GET),
        table=warning_table(),
        template="tiers/warnings.html",
        export_url=reverse("tiers:warnings_export"),
    )


@staff_required
def warnings_export(request):
    filters = selectors.warning_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, warning_table(), name="tier-warnings")


# --- metrics and custom metric values -----------------------------------------------------------------------


@staff_required
def metrics_page(request):
    actor = request.actor
    actor.require("tiers.view")
    return render(
        request,
        "tiers/metrics.html",
        {
            "metrics": selectors.metric_rows(),
            "custom": selectors.custom_metrics(actor=actor),
            "can_manage": actor.can("tiers.manage"),
        },
    )


def _custom_form(request, metric=None):
    actor = request.actor
    _manage(actor)
    form = CustomMetricInput(
        request.POST or None, initial=CustomMetricInput.initial_for(metric) if metric else None
    )
    if metric is not None:
        form.fields["code"].disabled = True

    def save():
        if metric is None:
            return services.custom_metric_create(actor=actor, data=form)
        return services.custom_metric_update(actor=actor, metric=metric, data=form)

    saved = submit_form(request, form, save, _("Custom metric saved."))
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:metrics")
    return render(request, "tiers/custom_form.html", {"form": form, "metric": metric})


@staff_required
def custom_new(request):
    return _custom_form(request)


@staff_required
def custom_edit(request, custom_metric_id):
    return _custom_form(request, selectors.custom_metric_get(actor=request.actor, public_id=custom_metric_id))


@staff_required
def values(request):
    actor = request.actor
    can_manage = actor.can("tiers.manage")
    return list_page(
        request,
        filterset=selectors.value_filters(actor=actor, data=request.GET),
        table=value_table(can_edit=can_manage),
        template="tiers/values.html",
        export_url=reverse("tiers:values_export"),
        context={"can_manage": can_manage},
    )


@staff_required
def values_export(request):
    filters = selectors.value_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, value_table(), name="custom-metric-values")


def _value_form(request, entry=None):
    actor = request.actor
    _manage(actor)
    initial = ValueInput.initial_for(entry) if entry else {"metric": request.GET.get("metric", "")}
    form = ValueInput(request.POST or None, initial=initial, actor=actor)
    if entry is not None:
        form.fields["metric"].disabled = True
        form.fields["partner"].disabled = True

    def save():
        if entry is None:
            return services.value_create(actor=actor, data=form)
        return services.value_update(actor=actor, entry=entry, data=form)

    saved = submit_form(request, form, save, _("Value saved."))
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:values")
    return render(request, "tiers/value_form.html", {"form": form, "entry": entry})


@staff_required
def value_new(request):
    return _value_form(request)


@staff_required
def value_edit(request, metric_value_id):
    return _value_form(request, selectors.value_get(actor=request.actor, public_id=metric_value_id))


@staff_required
@require_POST
def value_delete(request, metric_value_id):
    actor = request.actor
    _manage(actor)
    entry = selectors.value_get(actor=actor, public_id=metric_value_id)
    run_button(request, lambda: services.value_delete(actor=actor, entry=entry), _("Value deleted."))
    return hx_redirect(request, "tiers:values")


# --- progress -----------------------------------------------------------------------------------------------


@partner_required
def mine(request):
    actor = request.actor
    actor.require("tiers.view")
    partner = actor.partner
    return render(
        request,
        "tiers/mine.html",
        {"partner": partner, "progress": selectors.partner_progress(actor=actor, partner=partner)},
    )


@staff_required
def partner(request, partner_id):
    actor = request.actor
    actor.require("tiers.view")
    found = selectors.partner_get(actor=actor, public_id=partner_id)
    return render(
        request,
        "tiers/partner.html",
        {
            "partner": found,
            "progress": selectors.partner_progress(actor=actor, partner=found),
            "can_override": actor.can("tiers.override"),
        },
    )


@staff_required
def override(request, partner_id, program_code):
    actor = request.actor
    actor.require("tiers.override")
    found = selectors.partner_get(actor=actor, public_id=partner_id)
    program = selectors.program_get(actor=actor, code=program_code)
    form = OverrideInput(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.override_set(actor=actor, partner=found, program=program, data=form),
        _("Tier set by hand."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "tiers:partner", found.public_id)
    return render(request, "tiers/override_form.html", {"form": form, "partner": found, "program": program})


@staff_required
@require_POST
def override_end(request, override_id):
    actor = request.actor
    found = selectors.override_get(actor=actor, public_id=override_id)
    run_button(
        request,
        lambda: services.override_end(actor=actor, override=found),
        _("Override ended: the next evaluation moves the partner as its criteria say."),
    )
    return hx_redirect(request, "tiers:partner", found.partner.public_id)


def simulation_summary(plan: Any) -> str:
    return ngettext(
        "%(up)s partner moves up, %(down)s down, %(same)s unchanged",
        "%(up)s partners move up, %(down)s down, %(same)s unchanged",
        plan.moving_up,
    ) % {"up": plan.moving_up, "down": plan.moving_down, "same": plan.unchanged}
