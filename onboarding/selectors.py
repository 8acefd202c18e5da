from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from accounts.models import Membership
from core.actor import Actor
from core.events import visible_note
from core.scoping import get_visible_or_404
from onboarding.links import step_links
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from onboarding.rules import allowed_actions
from partners.choices import PartnerType
from programs.selectors import has_accepted_current

if TYPE_CHECKING:
    from partners.models import Partner

PROFILE_FIELDS = ("legal_name", "tax_id", "web_domain", "country", "city")


@dataclass(frozen=True)
class StepState:
    step: ChecklistStep
    state: str  # "todo", "submitted" or "done"
    completion: StepCompletion | None
    automatic: bool
    note: str = ""  # the completion's note as this actor may read it (staff notes stay internal)
    actions: tuple[str, ...] = ()  # what this actor may do next with the step (`onboarding.rules`)
    links: tuple[tuple[str, str], ...] = ()  # (label, url) other apps add (`onboarding.links`)

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True)
class Progress:
    steps: list[StepState]

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def percent(self) -> int:
        # A type with no checklist has nothing to wait for.
        return 100 if not self.steps else (100 * self.done) // self.total


def profile_complete(partner: Partner) -> bool:
    return all(getattr(partner, f) for f in PROFILE_FIELDS) and bool(partner.verticals)


def checklist_for_type(
    *, actor: Actor, partner_type: str | None, include_inactive: bool = False
) -> QuerySet[ChecklistStep]:
    """The steps of one partner type (`None`: of every type)."""
    qs = ChecklistStep.objects.visible_to(actor)
    if partner_type is not None:
        qs = qs.filter(partner_type=partner_type)
    return qs if include_inactive else qs.filter(is_active=True)


def step_get(*, actor: Actor, public_id: UUID | str) -> ChecklistStep:
    return get_visible_or_404(ChecklistStep.objects.visible_to(actor), public_id=public_id)


def _automatic_done(*, actor: Actor, step: ChecklistStep, partner: Partner) -> bool:
    if step.kind == StepKind.AGREEMENT:
        return has_accepted_current(actor=actor, partner=partner)
    if step.kind == StepKind.PROFILE:
        return profile_complete(partner)
    if step.kind == StepKind.TEAM:
        return team_size(actor=actor, partner=partner) >= 2
    return False


def team_size(*, actor: Actor, partner: Partner) -> int:
    """Active members of the partner's team (the "team" step wants two)."""
    return Membership.objects.visible_to(actor).filter(partner=partner, is_active=True).count()


def _note_for(completion: StepCompletion, actor: Actor) -> str:
    return visible_note(note=completion.note, author=completion.completed_by, actor=actor)


def onboarding_progress(*, actor: Actor, partner: Partner) -> Progress:
    steps = list(checklist_for_type(actor=actor, partner_type=partner.partner_type))
    completions = {
        c.step_id: c
        for c in StepCompletion.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("completed_by", "confirmed_by")
    }
    links = step_links(actor, steps)
    states = []
    for step in steps:
        completion = completions.get(step.pk)
        extra = tuple(links.get(step.pk, ()))
        if step.kind != StepKind.MANUAL:
            done = _automatic_done(actor=actor, step=step, partner=partner)
            states.append(StepState(step, "done" if done else "todo", completion, True, links=extra))
            continue
        actions = tuple(allowed_actions(actor, partner, step, completion))
        if completion is None:
            states.append(StepState(step, "todo", None, False, actions=actions, links=extra))
        else:
            state = "done" if completion.state == CompletionState.DONE else "submitted"
            states.append(
                StepState(step, state, completion, False, _note_for(completion, actor), actions, extra)
            )
    return Progress(states)


def checklist_admin(*, actor: Actor, partner_type: str) -> QuerySet[ChecklistStep]:
    """Every step of a type, active or not, with how many partners completed it."""
    return (
        checklist_for_type(actor=actor, partner_type=partner_type, include_inactive=True)
        .annotate(completion_count=Count("completions"))
        .order_by("position", "id")
    )


def checklist_summary(*, actor: Actor) -> list[tuple[str, str, int]]:
    """(partner type, label, steps in use) for every partner type."""
    rows = (
        ChecklistStep.objects.visible_to(actor)
        .values_list("partner_type")
        .annotate(n=Count("id", filter=Q(is_active=True)))
        .order_by()
    )
    counts = dict(rows)
    return [(value, str(label), counts.get(value, 0)) for value, label in PartnerType.choices]


def step_state_for(*, actor: Actor, partner: Partner, step: ChecklistStep) -> StepState | None:
    steps = onboarding_progress(actor=actor, partner=partner).steps
    return next((s for s in steps if s.step.pk == step.pk), None)
