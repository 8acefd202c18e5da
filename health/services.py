"""Writes of partner health: the settings, the evaluation (daily, "Evaluate now", the API), and the CAM's work
on a risk review (the recovery plan, the partner back to active).

The evaluation scores every live partner (onboarding, active, at risk) in a few aggregate queries
(`health.signals`), stores one `HealthScore` per partner and day (a second run that day replaces the first:
idempotent), then flags the active partners scoring below the threshold at risk through the partners' own
status change (which records the event; `health.reactions` opens the review and tells the CAM), and tells the
CAM of a partner under review whose score is back at or above the threshold.

Recovery is the CAM's call, not automatic: a score is a signal, and the plan's actions may still be under way;
the rules let the CAM set the partner active once an evaluation after the flag scores it at or above the
threshold, and the evaluation says so to the CAM the first time it does."""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.actor import Actor
from core.db import insert_rows
from core.events import record_event, save_changes
from core.links import object_url
from core.roles import StaffRole
from core.scoping import lock_visible
from health.inputs import NoteInput, PlanInput, SettingsInput
from health.models import LIVE_REVIEW, HealthScore, HealthSettings, ReviewStatus, RiskReview
from health.reactions import review_recipients
from health.rules import ReviewAction, require_action
from health.scoring import compose, reasons_text, weakest_signals
from health.selectors import forget_settings, health_settings
from health.signals import SIGNALS, Context, PartnerFacts, Window
from notifications.services import Email, notify
from partners.choices import PartnerStatus
from partners.models import Partner
from partners.services import partner_change_status

EVALUATED = (PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)
BATCH = 1000
SCORE_FIELDS = ["score", "threshold", "below", "weakest", "partner_status", "signals", "updated_at"]
NEW_COLUMNS = ["partner_id", "day", "score", "threshold", "below", "weakest", "partner_status", "signals"]


def flagging_actor() -> Actor:
    """Who flags a partner at risk for the evaluation: the system (attributed to nobody) with the channel
    chief's right to change a partner's status; `system_actor()` is channel operations, who may not."""
    return Actor(user=None, staff_role=StaffRole.CHIEF)


# --- settings -------------------------------------------------------------------------------------------


def settings_update(*, actor: Actor, data: Mapping[str, Any] | SettingsInput) -> HealthSettings:
    """Change the weights, targets, window, grace period or threshold; recorded as an event (what changed,
    from what). The next evaluation uses them."""
    actor.require("health.configure")
    with transaction.atomic():
        current = health_settings(fresh=True)
        row = HealthSettings.objects.select_for_update().get(pk=current.pk)
        form = SettingsInput.bind(data, partial=True, instance=copy(row))
        save_changes(row, form.cleaned(), actor=actor, verb="health_settings.updated")
    forget_settings()
    return row


# --- the evaluation ---------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """What one run did."""

    day: date
    evaluated: int = 0
    below: int = 0
    flagged: list[int] = field(default_factory=list)  # partner ids newly flagged at risk
    refused: int = 0  # partners a lifecycle guard kept from being flagged
    recovering: int = 0  # CAMs told that a partner under review is healthy again


def _end_of(day: date) -> datetime:
    today = timezone.localdate()
    if day >= today:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time.max))


def _partners() -> dict[int, PartnerFacts]:
    rows = Partner.objects.filter(status__in=EVALUATED).values_list(
        "pk", "status", "created_at", "activated_at"
    )
    return {pk: PartnerFacts(pk, status, created, activated) for pk, status, created, activated in rows}


def health_evaluate(*, actor: Actor, day: date | None = None, flag: bool = True) -> Evaluation:
    """Score every live partner as of `day` (today by default; the demo scores past days for the history) and,
    for today, flag the active partners below the threshold and tell the CAMs of partners back above it.
    Run twice the same day, it leaves the same rows (and flags nobody twice)."""
    actor.require("health.evaluate")
    today = timezone.localdate()
    day = day or today
    current = health_settings(fresh=True)
    partners = _partners()
    context = Context(Window(_end_of(day), current.window_days), current, partners)
    readings = {key: provider(context) for key, provider in SIGNALS.items()}
    weights = current.weights
    rows = []
    for pk, facts in partners.items():
        scored = compose({key: readings[key][pk] for key in SIGNALS}, weights)
        rows.append(
            HealthScore(
                partner_id=pk,
                day=day,
                score=scored.score,
                threshold=current.threshold,
                below=scored.score < current.threshold,
                weakest=scored.weakest,
                partner_status=facts.status,
                signals=scored.signals,
            )
        )
    result = Evaluation(day=day, evaluated=len(rows), below=sum(1 for row in rows if row.below))
    _save_scores(day, rows)
    if flag and day == today:
        _flag_below(rows, partners, current, result)
        result.recovering = _tell_recovering(day)
    with transaction.atomic():
        record_event(
            actor=actor,
            verb="health.evaluated",
            target=current,
            after={
                "day": day,
                "partners": result.evaluated,
                "below": result.below,
                "flagged": len(result.flagged),
            },
        )
    return result


def _upsert(rows: list[HealthScore]) -> None:
    for start in range(0, len(rows), BATCH):
        HealthScore.objects.bulk_create(
            rows[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["partner", "day"],
            update_fields=SCORE_FIELDS,
        )


def _save_scores(day: date, rows: list[HealthScore]) -> None:
    """The day's scores: a partner scored already today keeps its row, rescored (a risk review refers to it);
    the others' rows are new, written with one COPY on PostgreSQL (`core.db.insert_rows`), several times
    faster than an upsert of thousands of JSON rows — the nightly run is all new rows. An evaluation running
    at the same moment that wrote some of them first: everything goes through the upsert instead."""
    scored = set(HealthScore.objects.filter(day=day).values_list("partner_id", flat=True))
    new = [row for row in rows if row.partner_id not in scored]
    try:
        with transaction.atomic():
            _upsert([row for row in rows if row.partner_id in scored])
            insert_rows(HealthScore, [{name: getattr(row, name) for name in NEW_COLUMNS} for row in new])
    except IntegrityError:
        with transaction.atomic():
            _upsert(rows)


def _flag_below(
    rows: list[HealthScore], partners: dict[int, PartnerFacts], current: HealthSettings, result: Evaluation
) -> None:
    """Flag at risk each active partner below the threshold that is past its grace period (activated, or back
    from a review, at least `grace_days` ago)."""
    grace_start = timezone.now() - timedelta(days=current.grace_days)
    recently_recovered = set(
        RiskReview.objects.filter(status=ReviewStatus.RECOVERED, closed_at__gte=grace_start).values_list(
            "partner_id", flat=True
        )
    )
    due = [
        row
        for row in rows
        if row.below
        and partners[row.partner_id].status == PartnerStatus.ACTIVE
        and (partners[row.partner_id].activated_at or partners[row.partner_id].created_at) <= grace_start
        and row.partner_id not in recently_recovered
    ]
    flagged = flag_at_risk(scores=due)
    result.flagged += flagged
    result.refused += len(due) - len(flagged)


def flag_at_risk(*, scores: list[HealthScore]) -> list[int]:
    """Flag the partners of these below-threshold scores at risk through the partners' status change, each in
    its own transaction, with the score and its weakest signals as the reason (`health.reactions` opens the
    CAM's review). Returns the ids of the partners flagged; one that moved on since, or that a guard another
    app added refuses, is left as it is."""
    flagged = []
    for row in scores:
        with translation.override(django_settings.LANGUAGE_CODE):
            note = _(
                "Health score %(score)s is below the threshold of %(threshold)s. Weakest: %(reasons)s."
            ) % {
                "score": row.score,
                "threshold": row.threshold,
                "reasons": reasons_text(weakest_signals(row.signals)),
            }
        try:
            with transaction.atomic():
                partner = Partner.objects.get(pk=row.partner_id)
                partner_change_status(
                    actor=flagging_actor(), partner=partner, to_status=PartnerStatus.AT_RISK, note=note
                )
        except ValidationError:
            continue
        flagged.append(row.partner_id)
    return flagged


def _tell_recovering(day: date) -> int:
    """For each live review whose partner scores at or above the threshold on `day` (an evaluation after the
    flag), tell its CAM once; a score below again clears the mark, so a later recovery is told again."""
    told = 0
    scores = {
        s.partner_id: s
        for s in HealthScore.objects.filter(day=day, partner__risk_reviews__status__in=LIVE_REVIEW).only(
            "partner_id", "score", "threshold", "below", "day"
        )
    }
    reviews = RiskReview.objects.filter(status__in=LIVE_REVIEW, partner_id__in=scores).select_related(
        "partner", "cam"
    )
    for review in reviews:
        score = scores[review.partner_id]
        if score.below:
            if review.recovered_on is not None:
                RiskReview.objects.filter(pk=review.pk).update(recovered_on=None, updated_at=timezone.now())
            continue
        if review.recovered_on is not None or timezone.localdate(review.created_at) >= day:
            continue
        with transaction.atomic():
            review.recovered_on = day
            review.save(update_fields=["recovered_on", "updated_at"])
            record_event(
                actor=None,
                verb="risk_review.score_recovered",
                target=review,
                partner=review.partner,
                after={"score": score.score, "threshold": score.threshold},
            )
            notify(
                users=review_recipients(review),
                verb="risk_review.score_recovered",
                message=gettext_noop(
                    "%(partner)s's health is back at %(score)s (threshold %(threshold)s): "
                    "you may close the review"
                ),
                params={"partner": review.partner.name, "score": score.score, "threshold": score.threshold},
                link=object_url("health:review", review.public_id),
                partner=review.partner,
                email=Email(template="health/email/notice.txt"),
            )
        told += 1
    return told


# --- the CAM's review ------------------------------------------------------------------------------------


def _locked(actor: Actor, review: RiskReview, action: ReviewAction) -> RiskReview:
    locked = lock_visible(
        RiskReview.objects.select_related("partner"), actor=actor, pk=review.pk, of=("self",)
    )
    require_action(actor, locked, action)
    return locked


def review_plan(*, actor: Actor, review: RiskReview, data: Mapping[str, Any] | PlanInput) -> RiskReview:
    """Record the recovery plan (actions, due date, note), or change it; the review is then "plan
    recorded"."""
    values = PlanInput.bind(data).cleaned()
    with transaction.atomic():
        review = _locked(actor, review, ReviewAction.PLAN)
        new = {"plan_actions": values["actions"], "plan_due": values["due"], "plan_note": values["note"]}
        before = {key: getattr(review, key) for key, value in new.items() if getattr(review, key) != value}
        if not before and review.status == ReviewStatus.PLANNED:
            return review
        before["status"] = review.status
        for key, value in new.items():
            setattr(review, key, value)
        review.status = ReviewStatus.PLANNED
        review.planned_by, review.planned_at = actor.user, timezone.now()
        review.save()
        record_event(
            actor=actor,
            verb="risk_review.planned",
            target=review,
            partner=review.partner,
            before=before,
            after={key: getattr(review, key) for key in before},
        )
    return review


def review_recover(*, actor: Actor, review: RiskReview, note: str = "") -> RiskReview:
    """The partner is healthy again: set active through the partners' status change, which closes the review
    as recovered (`health.reactions`)."""
    values = NoteInput.bind({"note": note or ""}).cleaned()
    with transaction.atomic():
        review = _locked(actor, review, ReviewAction.RECOVER)
        partner_change_status(
            actor=actor, partner=review.partner, to_status=PartnerStatus.ACTIVE, note=values["note"]
        )
        review.refresh_from_db()
    return review
