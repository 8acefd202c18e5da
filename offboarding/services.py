"""Writes of offboarding: start a partner's wind-down (its checklist made, the steps with nothing to do done
at once), mark a step done, run a step's action through the owning app's service, cancel, and the nightly job
(access revoked on its day, steps whose checks pass done, wind-downs with every step done completed).

Every change records an event on the offboarding in the same transaction; the steps say who did them, when
and with what note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor, system_actor
from core.errors import field_error
from core.events import record_event
from core.roles import StaffRole
from core.scoping import lock_visible
from offboarding.errors import OffboardingErrorCode as E
from offboarding.inputs import CancelInput, NoteInput, StartInput
from offboarding.models import Offboarding, OffboardingStatus, StepKey, WindDownStep
from offboarding.rules import OffboardingAction, WindDownAction, require_action, require_step_action
from offboarding.steps import STEPS, revoke_access
from partners.choices import PartnerStatus
from partners.models import Partner


def job_actor() -> Actor:
    """Who revokes access on its day for the nightly job: the system (attributed to nobody) with the channel
    chief's right to change a partner's status, which `system_actor()` (channel operations) lacks."""
    return Actor(user=None, staff_role=StaffRole.CHIEF)


def _event(actor: Actor, verb: str, offboarding: Offboarding, **values: Any) -> None:
    record_event(actor=actor, verb=verb, target=offboarding, partner=offboarding.partner, **values)


def _mark_done(actor: Actor | None, offboarding: Offboarding, row: WindDownStep, note: str) -> None:
    """Record the step done, by `actor` (None: the system), and the event."""
    row.done_at = timezone.now()
    row.done_by = actor.user if actor is not None else None
    row.by_system = actor is None or actor.user is None
    row.note = note
    row.save(update_fields=["done_at", "done_by", "by_system", "note", "updated_at"])
    _event(
        actor if actor is not None else system_actor(),
        "offboarding.step_done",
        offboarding,
        after={"step": row.key},
        note=note,
    )


def _complete_if_done(actor: Actor, offboarding: Offboarding) -> bool:
    if offboarding.steps.filter(done_at__isnull=True).exists():
        return False
    offboarding.status = OffboardingStatus.COMPLETED
    offboarding.completed_at = timezone.now()
    offboarding.save(update_fields=["status", "completed_at", "updated_at"])
    _event(
        actor,
        "offboarding.completed",
        offboarding,
        before={"status": OffboardingStatus.IN_PROGRESS},
        after={"status": OffboardingStatus.COMPLETED},
    )
    return True


def _done_if_clear(actor: Actor, offboarding: Offboarding, note: str) -> int:
    """Mark done every step still to do whose check passes (by the system); returns how many."""
    done = 0
    for row in offboarding.steps.filter(done_at__isnull=True).order_by("position"):
        if STEPS[row.key].check(offboarding, actor=actor).passed:
            _mark_done(None, offboarding, row, note)
            done += 1
    return done


def offboarding_start(*, actor: Actor, partner: Partner, data: Mapping[str, Any] | StartInput) -> Offboarding:
    """Start `partner`'s wind-down: the checklist is made, the steps with nothing to do are done at once, any
    risk review of the partner closes (health reacts to the event), and the partner stops getting leads. On
    or after `access_ends_on` it is offboarded (now, if that day is today)."""
    actor.require("offboarding.manage")
    form = data if isinstance(data, StartInput) else StartInput.bind(dict(data), page=True)
    values = form.cleaned()
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        if Offboarding.objects.filter(partner=partner, status=OffboardingStatus.IN_PROGRESS).exists():
            raise field_error(
                "partner",
                _("%(partner)s is being offboarded already.") % {"partner": partner.name},
                E.IN_PROGRESS,
            )
        try:
            with transaction.atomic():
                offboarding = Offboarding.objects.create(
                    partner=partner,
                    reason=values["reason"],
                    access_ends_on=values["access_ends_on"],
                    started_by=actor.user,
                )
        except IntegrityError as exc:  # started at the same moment by someone else
            raise field_error(
                "partner",
                _("%(partner)s is being offboarded already.") % {"partner": partner.name},
                E.IN_PROGRESS,
            ) from exc
        WindDownStep.objects.bulk_create(
            WindDownStep(offboarding=offboarding, key=key, position=i)
            for i, key in enumerate(StepKey.values, 1)
        )
        _event(
            actor,
            "offboarding.started",
            offboarding,
            after={"access_ends_on": offboarding.access_ends_on},
            note=offboarding.reason,
        )
        if offboarding.access_ends_on <= timezone.localdate() and partner.status != PartnerStatus.OFFBOARDED:
            revoke_access(offboarding, actor=actor)
            offboarding.partner.refresh_from_db()
        _done_if_clear(actor, offboarding, _("Nothing to do when the wind-down started."))
        _complete_if_done(actor, offboarding)
    return offboarding


def _locked(actor: Actor, offboarding: Offboarding) -> Offboarding:
    return lock_visible(
        Offboarding.objects.select_related("partner"), actor=actor, pk=offboarding.pk, of=("self",)
    )


def _step(offboarding: Offboarding, key: str) -> WindDownStep:
    if key not in STEPS:
        raise field_error("step", _("There is no such step."), "invalid_choice")
    return offboarding.steps.select_for_update().get(key=key)


def step_done(*, actor: Actor, offboarding: Offboarding, key: str, note: str = "") -> WindDownStep:
    """Mark a step done once its check passes (a step that may be overridden, also with a note while it does
    not)."""
    note = NoteInput.bind({"note": note or ""}).cleaned()["note"]
    with transaction.atomic():
        offboarding = _locked(actor, offboarding)
        row = _step(offboarding, key)
        step = STEPS[key]
        check = step.check(offboarding, actor=actor)
        require_step_action(actor, offboarding, row, step, check, WindDownAction.DONE)
        if not check.passed and not note.strip():
            raise field_error(
                "note",
                _("“%(step)s” still finds: %(found)s. Say in a note why it is done.")
                % {"step": row.get_key_display(), "found": check.text},
                E.NOTE_REQUIRED,
            )
        _mark_done(actor, offboarding, row, note)
        _complete_if_done(actor, offboarding)
    return row


def step_run(*, actor: Actor, offboarding: Offboarding, key: str) -> str:
    """Run a step's action through the owning app's service; the step is done when its check then passes.
    Returns what was done. When the owning app refuses the action as a whole (no routing rules published),
    nothing changes; rows it refuses one by one (an appeal only the chief decides) are left and counted."""
    with transaction.atomic():
        offboarding = _locked(actor, offboarding)
        row = _step(offboarding, key)
        step = STEPS[key]
        check = step.check(offboarding, actor=actor)
        require_step_action(actor, offboarding, row, step, check, WindDownAction.RUN)
        message = step.run(offboarding, actor=actor)
        offboarding.partner.refresh_from_db()
        if step.check(offboarding, actor=actor).passed:
            _mark_done(actor, offboarding, row, message)
            _complete_if_done(actor, offboarding)
    return message


def offboarding_cancel(*, actor: Actor, offboarding: Offboarding, reason: str) -> Offboarding:
    """Stop the wind-down: the partnership goes on. What the steps did stays done; a partner offboarded
    already is brought back through the partner's page."""
    values = CancelInput.bind({"reason": reason or ""}).cleaned()
    with transaction.atomic():
        offboarding = _locked(actor, offboarding)
        require_action(actor, offboarding, OffboardingAction.CANCEL)
        offboarding.status = OffboardingStatus.CANCELLED
        offboarding.cancelled_by, offboarding.cancelled_at = actor.user, timezone.now()
        offboarding.cancel_reason = values["reason"]
        offboarding.save(
            update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason", "updated_at"]
        )
        _event(
            actor,
            "offboarding.cancelled",
            offboarding,
            before={"status": OffboardingStatus.IN_PROGRESS},
            after={"status": OffboardingStatus.CANCELLED},
            note=values["reason"],
        )
    return offboarding


@dataclass
class WindDown:
    revoked: int = 0
    steps_done: int = 0
    completed: int = 0


def wind_down(*, today: date | None = None) -> WindDown:
    """The nightly job: for each wind-down in progress, access revoked once its day has come, every step whose
    check passes marked done by the system, and the wind-down completed when nothing is left. Safe to run
    twice: a revoked partner is offboarded already, a done step stays done."""
    today = today or timezone.localdate()
    actor = job_actor()
    result = WindDown()
    for pk in Offboarding.objects.filter(status=OffboardingStatus.IN_PROGRESS).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                offboarding = lock_visible(
                    Offboarding.objects.select_related("partner"), actor=actor, pk=pk, of=("self",)
                )
                if not offboarding.in_progress:
                    continue
                if (
                    offboarding.access_ends_on <= today
                    and offboarding.partner.status != PartnerStatus.OFFBOARDED
                ):
                    revoke_access(offboarding, actor=actor)
                    offboarding.partner.refresh_from_db()
                    result.revoked += 1
                result.steps_done += _done_if_clear(actor, offboarding, _("Checked: nothing left to do."))
                result.completed += _complete_if_done(actor, offboarding)
        except ValidationError:
            continue  # a guard refused the status change: tried again the next night
    return result
