from dataclasses import dataclass

from accounts.models import Membership
from core.scoping import get_visible_or_404
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from programs.selectors import has_accepted_current

PROFILE_FIELDS = ("legal_name", "tax_id", "web_domain", "country", "city")


@dataclass(frozen=True)
class StepState:
    step: ChecklistStep
    state: str  # "todo", "submitted" or "done"
    completion: StepCompletion | None
    automatic: bool

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


def profile_complete(partner) -> bool:
    return all(getattr(partner, f) for f in PROFILE_FIELDS) and bool(partner.verticals)


def checklist_for_type(*, actor, partner_type: str, include_inactive: bool = False):
    qs = ChecklistStep.objects.visible_to(actor).filter(partner_type=partner_type)
    return qs if include_inactive else qs.filter(is_active=True)


def step_get(*, actor, public_id) -> ChecklistStep:
    return get_visible_or_404(ChecklistStep.objects.visible_to(actor), public_id=public_id)


def _automatic_done(*, actor, step, partner) -> bool:
    if step.kind == StepKind.AGREEMENT:
        return has_accepted_current(actor=actor, partner=partner)
    if step.kind == StepKind.PROFILE:
        return profile_complete(partner)
    if step.kind == StepKind.TEAM:
        return Membership.objects.visible_to(actor).filter(partner=partner, is_active=True).count() >= 2
    return False


def onboarding_progress(*, actor, partner) -> Progress:
    steps = list(checklist_for_type(actor=actor, partner_type=partner.partner_type))
    completions = {
        c.step_id: c
        for c in StepCompletion.objects.visible_to(actor).filter(partner=partner).select_related(
            "completed_by", "confirmed_by"
        )
    }
    states = []
    for step in steps:
        completion = completions.get(step.pk)
        if step.kind != StepKind.MANUAL:
            done = _automatic_done(actor=actor, step=step, partner=partner)
            states.append(StepState(step, "done" if done else "todo", completion, True))
        elif completion is None:
            states.append(StepState(step, "todo", None, False))
        else:
            state = "done" if completion.state == CompletionState.DONE else "submitted"
            states.append(StepState(step, state, completion, False))
    return Progress(states)
