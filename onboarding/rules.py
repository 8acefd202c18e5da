"""Who may do what next with a step of a partner's onboarding checklist: to do → (submitted →) done → to do.

`allowed_actions(actor, partner, step, completion)` is the one rule behind the checklist's buttons, the API's
`actions` and the services' checks (`require_action`, on the rows they locked): an action is offered only when
it can succeed.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from onboarding.errors import OnboardingErrorCode as E
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from partners.choices import PartnerStatus


class StepAction(StrEnum):
    COMPLETE = "complete"  # mark done (a partner's mark on a step the CAM confirms is only "submitted")
    CONFIRM = "confirm"  # the CAM confirms a submitted step
    REOPEN = "reopen"  # the CAM sends a submitted or done step back to "to do"


def role_refusal(actor, partner, action: StepAction) -> PermissionDenied | None:
    """Partner users (admin or rep) act for their own partner only — a distributor sees its resellers'
    progress but cannot complete their steps. Channel chief and CAMs may act for any partner they see."""
    if action == StepAction.COMPLETE and not actor.is_staff:
        allowed = actor.can("onboarding.complete_step") and actor.partner_id == partner.id
    else:
        allowed = actor.can("onboarding.confirm_step")
    return None if allowed else PermissionDenied()


def refusal(
    actor, action: StepAction, *, partner, step: ChecklistStep, completion: StepCompletion | None
) -> Exception | None:
    """Why `actor` may not take `action` on this step of this partner now: PermissionDenied (the role),
    a coded ValidationError (the state), or None when the action can go ahead."""
    if (refused := role_refusal(actor, partner, action)) is not None:
        return refused
    if step.partner_type != partner.partner_type or not step.is_active:
        return ValidationError(
            {
                "step": ValidationError(
                    _("This step is not on %(partner)s's checklist.") % {"partner": partner.name},
                    code=E.NOT_ON_CHECKLIST,
                )
            }
        )
    if step.kind != StepKind.MANUAL:
        message = _("“%(step)s” completes itself once the partner has done it; it cannot be marked by hand.")
        return ValidationError(
            {"step": ValidationError(message % {"step": step.title}, code=E.AUTOMATIC_STEP)}
        )
    if action == StepAction.COMPLETE:
        if partner.status == PartnerStatus.OFFBOARDED:
            return ValidationError(
                _("%(partner)s has been offboarded.") % {"partner": partner.name}, code=E.OFFBOARDED
            )
        if completion is not None:
            return ValidationError(
                _("“%(step)s” is already %(state)s.")
                % {"step": step.title, "state": completion.get_state_display().lower()},
                code=E.ALREADY_MARKED,
            )
    elif action == StepAction.CONFIRM:
        if completion is None or completion.state != CompletionState.SUBMITTED:
            return ValidationError(
                _("Only a step the partner has submitted can be confirmed."), code=E.NOT_SUBMITTED
            )
    elif action == StepAction.REOPEN and completion is None:
        return ValidationError(
            _("“%(step)s” is not done, so there is nothing to reopen.") % {"step": step.title},
            code=E.NOT_DONE,
        )
    return None


def allowed_actions(actor, partner, step: ChecklistStep, completion: StepCompletion | None) -> list[str]:
    return [
        action.value
        for action in StepAction
        if refusal(actor, action, partner=partner, step=step, completion=completion) is None
    ]


def require_action(
    actor, action: StepAction, *, partner, step: ChecklistStep, completion: StepCompletion | None
) -> None:
    """The services' check, inside their transaction on the locked rows."""
    if (refused := refusal(actor, action, partner=partner, step=step, completion=completion)) is not None:
        raise refused
