"""Pages of partner health: the at-risk list (the risk reviews, with its export), a review's page (the
reasons, the recovery plan, back to active), a partner's health for staff (score, each signal's contribution,
the trend and the history), the partner's own health, and the settings (with "Evaluate now")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import REFUSED, hx_redirect, partner_required, run_button, staff_required, submit_form
from core.listing import export_list, list_page
from health.charts import trend_chart
from health.explain import signal_rows
from health.inputs import NoteInput, PlanInput, SettingsInput
from health.models import Signal
from health.rules import allowed_actions, recovery_score
from health.scoring import reasons_text, weakest_signals
from health.selectors import (
    health_partner,
    health_settings,
    latest_score,
    live_review,
    review_filters,
    review_get,
    score_history,
)
from health.services import health_evaluate, review_plan, review_recover, settings_update
from health.tables import review_table
from partners.models import Partner


def _view(actor) -> None:
    actor.require("health.view")


@staff_required
def at_risk(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=review_filters(actor=actor, data=request.GET),
        table=review_table(),
        template="health/at_risk.html",
        export_url=reverse("health:at_risk_export"),
        context={
            "settings": health_settings(),
            "can_configure": actor.can("health.configure"),
            "can_evaluate": actor.can("health.evaluate"),
        },
    )


@staff_required
def at_risk_export(request):
    _view(request.actor)
    filters = review_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, review_table(), name="partners-at-risk")


def _health_context(actor, partner: Partner) -> dict[str, Any]:
    """What both health pages show: the newest score and its signals, the trend and the history."""
    latest = latest_score(actor=actor, partner=partner)
    history = list(score_history(actor=actor, partner=partner))
    previous = history[1] if len(history) > 1 else None
    return {
        "partner": partner,
        "latest": latest,
        "previous": previous,
        "signals": signal_rows(latest.signals) if latest else [],
        "weakest": reasons_text(_weakest(latest)) if latest else "",
        "history": [(score, reasons_text(_weakest(score))) for score in history],
        "chart": trend_chart(list(reversed(history)), chart_id="health-trend") if len(history) > 1 else None,
        "settings": health_settings(),
    }


def _weakest(score) -> list[dict[str, Any]]:
    return weakest_signals(score.signals)


@staff_required
def partner_health(request, partner_id):
    actor = request.actor
    partner = health_partner(actor=actor, public_id=partner_id)
    context = _health_context(actor, partner) | {"review": live_review(actor=actor, partner=partner)}
    return render(request, "health/partner.html", context)


@partner_required
def mine(request):
    actor = request.actor
    _view(actor)
    return render(request, "health/mine.html", _health_context(actor, actor.partner))


def _review_page(request, found, plan_form: PlanInput | None = None):
    actor = request.actor
    if plan_form is None:
        initial = (
            {"actions": found.plan_actions, "due": found.plan_due, "note": found.plan_note}
            if found.plan_actions
            else None
        )
        plan_form = PlanInput(initial=initial)
    labels = dict(Signal.choices)
    context = {
        "review": found,
        "partner": found.partner,
        "actions": allowed_actions(actor, found),
        "reasons": [(labels.get(row["key"], row["key"]), row["score"]) for row in found.reasons],
        "plan_form": plan_form,
        "recover_form": NoteInput(),
        "recovery": recovery_score(found) if found.is_live else None,
        "latest": latest_score(actor=actor, partner=found.partner),
        "can_offboard": actor.can("offboarding.manage") and found.is_live,
        "timeline": events_for(actor=actor, target=found)[:100],
        "today": timezone.localdate(),
    }
    return render(request, "health/review.html", context)


@staff_required
def review(request, review_id):
    return _review_page(request, review_get(actor=request.actor, public_id=review_id))


@staff_required
@require_POST
def review_plan_view(request, review_id):
    actor = request.actor
    found = review_get(actor=actor, public_id=review_id)
    form = PlanInput(request.POST)
    saved = submit_form(
        request, form, lambda: review_plan(actor=actor, review=found, data=form), _("Recovery plan recorded.")
    )
    if saved is REFUSED:
        return _review_page(request, found, plan_form=form)
    return hx_redirect(request, "health:review", review_id=found.public_id)


@staff_required
@require_POST
def review_recover_view(request, review_id):
    actor = request.actor
    found = review_get(actor=actor, public_id=review_id)
    note = request.POST.get("note", "")
    run_button(
        request,
        lambda: review_recover(actor=actor, review=found, note=note),
        _("%(partner)s is active again; the review is closed.") % {"partner": found.partner.name},
    )
    return hx_redirect(request, "health:review", review_id=found.public_id)


@staff_required
def settings_page(request):
    actor = request.actor
    _view(actor)
    current = health_settings(fresh=True)
    form = SettingsInput(request.POST or None, instance=current)
    can_configure = actor.can("health.configure")
    if not can_configure:
        if request.method == "POST":
            raise PermissionDenied
        form.read_only()
    saved = submit_form(
        request,
        form,
        lambda: settings_update(actor=actor, data=form),
        _("Health settings saved: the next evaluation uses them."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "health:settings")
    context = {
        "form": form,
        "can_configure": can_configure,
        "can_evaluate": actor.can("health.evaluate"),
        "timeline": events_for(actor=actor, target=current)[:50],
    }
    return render(request, "health/settings.html", context)


@staff_required
@require_POST
def evaluate_now(request):
    actor = request.actor
    result = health_evaluate(actor=actor)
    messages.success(
        request,
        _("Partners scored: %(partners)s; below the threshold: %(below)s; newly at risk: %(flagged)s.")
        % {"partners": result.evaluated, "below": result.below, "flagged": len(result.flagged)},
    )
    return hx_redirect(request, "health:at_risk")
