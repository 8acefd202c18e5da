"""Writes for onboarding: channel operations configure checklists; partners and CAMs move steps along.

A partner's step is "todo" (no completion row), "submitted" (waits for the CAM) or "done". Automatic steps
(agreement, profile, team) are never stored: `onboarding.selectors` computes them from the partner's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.actor import Actor
from core.events import record_event, save_changes
from core.scoping import get_visible_or_404, lock_visible
from notifications.services import Email, notify
from onboarding.inputs import NoteInput, StepInput
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from onboarding.rules import StepAction, require_action, role_refusal
from partners.choices import PartnerStatus, PartnerType
from partners.models import Partner

# A partner that has not been activated yet is waiting for its CAM once every step is done.
AWAITING_ACTIVATION = (PartnerStatus.PROSPECT, PartnerStatus.APPLICANT, PartnerStatus.ONBOARDING)


# --- checklist configuration (channel operations) ---


def _require_configure(actor: Actor) -> None:
    actor.require("onboarding.configure")


def _clean_partner_type(partner_type: str) -> str:
    if partner_type not in PartnerType.values:
        raise ValidationError({"partner_type": _("Choose a valid partner type.")})
    return partner_type


def _clean_step(data: Mapping[str, Any] | StepInput, *, instance: ChecklistStep | None) -> dict[str, Any]:
    """The step's values through its input (the bound one, or raw values of which only those given count),
    then the rules that depend on the step as it is."""
    form = data if isinstance(data, StepInput) else StepInput.from_api(dict(data), partial=True)
    cleaned = form.cleaned()
    cleaned.pop("partner_type", None)
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not cleaned.get("title_en", instance.title_en if instance else ""):
        fail("title_en", _("Give the step a title."))
    kind = cleaned.get("kind") or (instance.kind if instance else StepKind.MANUAL)
    cleaned["kind"] = kind
    if instance is not None and kind != instance.kind and instance.completions.exists():
        fail(
            "kind",
            _("Partners have already completed this step; deactivate it and add a new step instead."),
        )
    confirm = cleaned.get("requires_confirmation", instance.requires_confirmation if instance else False)
    if kind != StepKind.MANUAL and confirm:
        fail("requires_confirmation", _("Only a step done by hand can need the CAM's confirmation."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def step_create(*, actor: Actor, partner_type: str, data: Mapping[str, Any] | StepInput) -> ChecklistStep:
    _require_configure(actor)
    _clean_partner_type(partner_type)
    cleaned = _clean_step(data, instance=None)
    with transaction.atomic():
        last = ChecklistStep.objects.filter(partner_type=partner_type).aggregate(n=Max("position"))["n"] or 0
        step = ChecklistStep.objects.create(partner_type=partner_type, position=last + 1, **cleaned)
        record_event(
            actor=actor,
            verb="checklist_step.created",
            target=step,
            after={"partner_type": partner_type, "kind": step.kind, "title": step.title_en},
        )
    return step


def step_update(*, actor: Actor, step: ChecklistStep, data: Mapping[str, Any] | StepInput) -> ChecklistStep:
    _require_configure(actor)
    with transaction.atomic():
        step = lock_visible(ChecklistStep.objects, actor=actor, pk=step.pk)
        cleaned = _clean_step(data, instance=step)
        save_changes(step, cleaned, actor=actor, verb="checklist_step.updated")
    return step


def step_set_active(*, actor: Actor, step: ChecklistStep, active: bool) -> ChecklistStep:
    """Deactivated steps disappear from every partner's checklist but keep their completions."""
    return step_update(actor=actor, step=step, data={"is_active": active})


def step_move(*, actor: Actor, step: ChecklistStep, direction: str) -> ChecklistStep:
    _require_configure(actor)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a step up or down.")})
    with transaction.atomic():
        siblings = list(
            ChecklistStep.objects.visible_to(actor)
            .select_for_update()
            .filter(partner_type=step.partner_type)
            .order_by("position", "id")
        )
        index = next(i for i, s in enumerate(siblings) if s.pk == step.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise ValidationError(
                _("The step is already at the %(end)s of the checklist.")
                % {"end": _("top") if direction == "up" else _("bottom")}
            )
        before = siblings[index].position
        siblings[index], siblings[other] = siblings[other], siblings[index]
        renumbered = []
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                renumbered.append(sibling)
        ChecklistStep.objects.bulk_update(renumbered, ["position"])
        step = siblings[other]
        record_event(
            actor=actor,
            verb="checklist_step.moved",
            target=step,
            before={"position": before},
            after={"position": step.position},
        )
    return step


def step_delete(*, actor: Actor, step: ChecklistStep) -> None:
    """Only a step no partner has completed can go; otherwise deactivate it."""
    _require_configure(actor)
    with transaction.atomic():
        step = lock_visible(ChecklistStep.objects, actor=actor, pk=step.pk)
        if step.completions.exists():
            raise ValidationError(_("Partners have already completed this step; deactivate it instead."))
        record_event(
            actor=actor,
            verb="checklist_step.deleted",
            target=step,
            before={"partner_type": step.partner_type, "title": step.title_en},
        )
        step.delete()


DEFAULT_CHECKLIST: tuple[dict[str, Any], ...] = (
    {
        "kind": StepKind.AGREEMENT,
        "title_en": "Accept the partner agreement",
        "title_ru": "Примите партнёрское соглашение",
        "description_en": "A partner admin reads and accepts the current partner agreement "
        "on the Agreements page.",
        "description_ru": "Администратор партнёра читает и принимает действующую версию "
        "партнёрского соглашения на странице «Соглашения».",
    },
    {
        "kind": StepKind.PROFILE,
        "title_en": "Complete the company profile",
        "title_ru": "Заполните профиль компании",
        "description_en": "Legal name, tax id, web domain, country, city and at least one vertical.",
        "description_ru": "Юридическое название, налоговый номер (ИНН), веб-домен, страна, город "
        "и хотя бы одна отрасль.",
    },
    {
        "kind": StepKind.TEAM,
        "title_en": "Invite your team",
        "title_ru": "Пригласите свою команду",
        "description_en": "Invite at least one colleague to the partner portal.",
        "description_ru": "Пригласите на партнёрский портал хотя бы одного коллегу.",
    },
    {
        "kind": StepKind.MANUAL,
        "requires_confirmation": True,
        "title_en": "Attend the kick-off call",
        "title_ru": "Примите участие во вводном звонке",
        "description_en": "Meet your channel account manager to agree on goals, contacts and the "
        "first 90 days. Your channel account manager confirms the step after the call.",
        "description_ru": "Встреча с вашим менеджером по работе с партнёрами: цели, контакты и план "
        "на первые 90 дней. Менеджер подтверждает шаг после звонка.",
    },
    {
        "kind": StepKind.MANUAL,
        "title_en": "Complete sales onboarding training",
        "title_ru": "Пройдите вводное обучение по продажам",
        "description_en": "Your sales team completes the sales onboarding course: products, "
        "positioning and how to register deals.",
        "description_ru": "Ваши продавцы проходят вводный курс по продажам: продукты, "
        "позиционирование и регистрация сделок.",
    },
    {
        "kind": StepKind.MANUAL,
        "requires_confirmation": True,
        "title_en": "Register your first deal",
        "title_ru": "Зарегистрируйте первую сделку",
        "description_en": "Register your first opportunity with us. Your channel account manager "
        "confirms the step once the deal is registered.",
        "description_ru": "Зарегистрируйте первую сделку. Менеджер по работе с партнёрами "
        "подтверждает шаг после регистрации сделки.",
    },
)


def checklist_install_defaults(*, actor: Actor, partner_type: str) -> list[ChecklistStep]:
    """Give a partner type the standard six-step checklist, if it has no steps at all (active or not).

    Returns the steps created; an empty list when the type already has a checklist (safe to run twice).
    """
    _require_configure(actor)
    _clean_partner_type(partner_type)
    with transaction.atomic():
        if (
            ChecklistStep.objects.visible_to(actor)
            .select_for_update()
            .filter(partner_type=partner_type)
            .exists()
        ):
            return []
        return [
            step_create(actor=actor, partner_type=partner_type, data=dict(spec)) for spec in DEFAULT_CHECKLIST
        ]


# --- a partner's progress ---


def _require_role(actor: Actor, partner: Partner, action: StepAction) -> None:
    """The role is checked before anything is locked or read; the state once the rows are locked."""
    if (refused := role_refusal(actor, partner, action)) is not None:
        raise refused


def _lock(*, actor: Actor, partner: Partner, step: ChecklistStep) -> tuple[Partner, ChecklistStep]:
    """One onboarding change at a time per partner; re-read both (through the actor's scope) so the checks
    see the committed state."""
    partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
    return partner, get_visible_or_404(ChecklistStep.objects.visible_to(actor), pk=step.pk)


def _locked(
    *, actor: Actor, partner: Partner, step: ChecklistStep, action: StepAction
) -> tuple[Partner, ChecklistStep, StepCompletion | None]:
    """Lock the partner, re-read the step and its completion, and check the action is allowed now."""
    partner, step = _lock(actor=actor, partner=partner, step=step)
    completion = (
        StepCompletion.objects.visible_to(actor)
        .select_for_update()
        .filter(partner=partner, step=step)
        .first()
    )
    require_action(actor, action, partner=partner, step=step, completion=completion)
    return partner, step, completion


def _locked_completion(
    *, actor: Actor, partner: Partner, step: ChecklistStep, action: StepAction
) -> tuple[Partner, ChecklistStep, StepCompletion]:
    """As `_locked`, for an action on an existing completion (require_action refuses a step without one)."""
    partner, step, completion = _locked(actor=actor, partner=partner, step=step, action=action)
    assert completion is not None
    return partner, step, completion


def _note(note: str) -> str:
    """The note of a completion or a reopening, checked by its input (page and API alike)."""
    return NoteInput.from_api({"note": note or ""}).cleaned()["note"]


def _percent(*, actor: Actor, partner: Partner) -> int:
    from onboarding.selectors import onboarding_progress

    return onboarding_progress(actor=actor, partner=partner).percent


def step_complete(*, actor: Actor, partner: Partner, step: ChecklistStep, note: str = "") -> StepCompletion:
    """Mark a manual step done. A partner user's mark on a step the CAM confirms is only "submitted".

    Partner users (admin or rep) act for their own partner only — a distributor sees its resellers'
    progress but cannot complete their steps. Channel chief and CAMs may mark a step done for any partner.
    """
    _require_role(actor, partner, StepAction.COMPLETE)
    note = _note(note)
    with transaction.atomic():
        partner, step, _completion = _locked(
            actor=actor, partner=partner, step=step, action=StepAction.COMPLETE
        )
        before_percent = _percent(actor=actor, partner=partner)
        by_staff = actor.is_staff
        submitted = step.requires_confirmation and not by_staff
        state = CompletionState.SUBMITTED if submitted else CompletionState.DONE
        try:
            with transaction.atomic():
                completion = StepCompletion.objects.create(
                    partner=partner,
                    step=step,
                    state=state,
                    completed_by=actor.user,
                    note=note,
                    confirmed_by=actor.user if by_staff else None,
                    confirmed_at=timezone.now() if by_staff else None,
                )
        except IntegrityError as exc:
            raise ValidationError(_("“%(step)s” has already been marked.") % {"step": step.title}) from exc
        verb = "onboarding.step_submitted" if submitted else "onboarding.step_completed"
        record_event(
            actor=actor,
            verb=verb,
            target=step,
            partner=partner,
            before={"state": "todo"},
            after={"state": state},
            note=note,
        )
        onboarding_notify_if_ready(actor=actor, partner=partner, before_percent=before_percent)
    return completion


def step_confirm(*, actor: Actor, partner: Partner, step: ChecklistStep) -> StepCompletion:
    """The CAM confirms a step the partner submitted."""
    _require_role(actor, partner, StepAction.CONFIRM)
    with transaction.atomic():
        partner, step, completion = _locked_completion(
            actor=actor, partner=partner, step=step, action=StepAction.CONFIRM
        )
        before_percent = _percent(actor=actor, partner=partner)
        completion.state = CompletionState.DONE
        completion.confirmed_by = actor.user
        completion.confirmed_at = timezone.now()
        completion.save(update_fields=["state", "confirmed_by", "confirmed_at", "updated_at"])
        record_event(
            actor=actor,
            verb="onboarding.step_confirmed",
            target=step,
            partner=partner,
            before={"state": CompletionState.SUBMITTED},
            after={"state": CompletionState.DONE},
        )
        onboarding_notify_if_ready(actor=actor, partner=partner, before_percent=before_percent)
    return completion


def step_reopen(*, actor: Actor, partner: Partner, step: ChecklistStep, note: str = "") -> None:
    """The CAM sends a done (or submitted) manual step back to "todo"."""
    _require_role(actor, partner, StepAction.REOPEN)
    note = _note(note)
    with transaction.atomic():
        partner, step, completion = _locked_completion(
            actor=actor, partner=partner, step=step, action=StepAction.REOPEN
        )
        before = completion.state
        completion.delete()
        record_event(
            actor=actor,
            verb="onboarding.step_reopened",
            target=step,
            partner=partner,
            before={"state": before},
            after={"state": "todo"},
            note=note,
        )


def onboarding_notify_if_ready(*, actor: Actor, partner: Partner, before_percent: int) -> bool:
    """Call inside the transaction after a change that may finish onboarding: tells the CAM the partner
    can be activated when progress has just reached 100 %: in the app and, as they chose, by email. Returns
    whether the CAM was told."""
    if before_percent >= 100 or partner.status not in AWAITING_ACTIVATION:
        return False
    cam = partner.cam
    if cam is None or not cam.is_active or _percent(actor=actor, partner=partner) < 100:
        return False
    told = notify(
        users=[cam],
        verb="onboarding.ready_for_activation",
        message=gettext_noop("%(partner)s has completed onboarding"),
        params={"partner": partner.name},
        link=reverse("partners:detail", args=[partner.public_id]) + "#onboarding",
        partner=partner,
        email=Email(
            template="onboarding/email/ready_for_activation.txt", context={"partner": partner, "cam": cam}
        ),
    )
    return bool(told)


def step_complete_automatically(
    *, actor: Actor, partner: Partner, step: ChecklistStep, by: Any = None, note: str = ""
) -> StepCompletion | None:
    """Another app completes a manual step for the partner because the partner did what it asks (learning: a
    person of the partner completed the course the step requires). A system actor (staff) runs it; the
    step is done without the CAM's confirmation, attributed to `by`. Idempotent: a done step stays as it
    is, a submitted one becomes done. None when the step is not on the partner's active checklist."""
    if not actor.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        partner, step = _lock(actor=actor, partner=partner, step=step)
        if (
            step.partner_type != partner.partner_type
            or not step.is_active
            or step.kind != StepKind.MANUAL
            or partner.status == PartnerStatus.OFFBOARDED
        ):
            return None
        completion = (
            StepCompletion.objects.visible_to(actor)
            .select_for_update()
            .filter(partner=partner, step=step)
            .first()
        )
        if completion is not None and completion.state == CompletionState.DONE:
            return completion
        before_percent = _percent(actor=actor, partner=partner)
        before = completion.state if completion is not None else "todo"
        if completion is None:
            completion = StepCompletion.objects.create(
                partner=partner,
                step=step,
                state=CompletionState.DONE,
                completed_by=by,
                note=note,
                confirmed_at=timezone.now(),
            )
        else:
            completion.state = CompletionState.DONE
            completion.confirmed_at = timezone.now()
            completion.save(update_fields=["state", "confirmed_at", "updated_at"])
        record_event(
            actor=actor,
            verb="onboarding.step_completed",
            target=step,
            partner=partner,
            before={"state": before},
            after={"state": CompletionState.DONE},
            note=note,
        )
        onboarding_notify_if_ready(actor=actor, partner=partner, before_percent=before_percent)
    return completion
