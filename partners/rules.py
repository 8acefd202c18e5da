"""The partner lifecycle: which status may follow which, the guards other apps add to a transition, and
`allowed_actions(actor, partner)`: the one rule behind the page's status buttons, the API's `actions` and the
status service's check (`require_action`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rules import ActionRules
from partners.choices import PartnerStatus as S
from partners.errors import PartnerErrorCode as E

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PROSPECT: (S.APPLICANT, S.OFFBOARDED),
    S.APPLICANT: (S.ONBOARDING, S.OFFBOARDED),
    S.ONBOARDING: (S.ACTIVE, S.OFFBOARDED),
    S.ACTIVE: (S.AT_RISK, S.OFFBOARDED),
    S.AT_RISK: (S.ACTIVE, S.OFFBOARDED),
    S.OFFBOARDED: (S.ONBOARDING,),
}

TRANSITION_LABELS = {
    S.APPLICANT: _("Mark as applicant"),
    S.ONBOARDING: _("Start onboarding"),
    S.ACTIVE: _("Activate"),
    S.AT_RISK: _("Flag as at risk"),
    S.OFFBOARDED: _("Offboard"),
}


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


# Apps above partners add conditions to a transition from their AppConfig.ready() (onboarding: a partner
# is activated only once its onboarding is complete). A guard raises ValidationError to refuse; it runs
# inside the status change's transaction, with the partner row locked.
TransitionGuard = Callable[..., None]  # guard(*, actor, partner, to_status) -> None
_guards: list[TransitionGuard] = []


def register_transition_guard(guard: TransitionGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def check_transition(*, actor, partner, to_status: str) -> None:
    for guard in _guards:
        guard(actor=actor, partner=partner, to_status=to_status)


# A step another app runs as a workflow of its own (offboarding: a wind-down checklist that ends with the
# partner offboarded): from these statuses the partner page offers that workflow (the app's panel) instead
# of the one-click status button. The status change itself (API, the workflow's own last step) is unchanged.
_workflows: dict[str, frozenset[str]] = {}


def register_status_workflow(to_status: str, from_statuses: Iterable[str]) -> None:
    _workflows[to_status] = _workflows.get(to_status, frozenset()) | frozenset(from_statuses)


def has_workflow(partner, to_status: str) -> bool:
    return partner.status in _workflows.get(to_status, frozenset())


# --- who may do what next ---------------------------------------------------------------------------------


class PartnerAction(StrEnum):
    """A step of the lifecycle; each leads to one status (`ACTION_STATUS`), which is what the status change
    (`POST /api/partners/{id}/status`) takes."""

    MARK_APPLICANT = "mark_applicant"
    START_ONBOARDING = "start_onboarding"
    ACTIVATE = "activate"
    FLAG_AT_RISK = "flag_at_risk"
    OFFBOARD = "offboard"


ACTION_STATUS: dict[PartnerAction, str] = {
    PartnerAction.MARK_APPLICANT: S.APPLICANT,
    PartnerAction.START_ONBOARDING: S.ONBOARDING,
    PartnerAction.ACTIVATE: S.ACTIVE,
    PartnerAction.FLAG_AT_RISK: S.AT_RISK,
    PartnerAction.OFFBOARD: S.OFFBOARDED,
}
STATUS_ACTION: dict[str, PartnerAction] = {status: action for action, status in ACTION_STATUS.items()}


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def transition_error(partner, to_status: str) -> ValidationError:
    return _invalid(
        "status",
        gettext("A partner cannot move from %(from)s to %(to)s.")
        % {"from": partner.get_status_display(), "to": S(to_status).label},
        E.INVALID_TRANSITION,
    )


def refusal(actor, partner, action: PartnerAction) -> Exception | None:
    """Why `actor` may not take `action` now: PermissionDenied (the role), a coded ValidationError (the
    lifecycle, or a guard another app added), or None when the action can go ahead."""
    if not actor.can("partners.change_status"):
        return PermissionDenied()
    to_status = ACTION_STATUS[action]
    if to_status not in allowed_next(partner.status):
        return transition_error(partner, to_status)
    try:
        check_transition(actor=actor, partner=partner, to_status=to_status)  # e.g. onboarding complete
    except ValidationError as exc:
        return exc
    return None


RULES = ActionRules(PartnerAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
