"""Who may do what next with an offboarding and its steps.

An offboarding in progress may be cancelled; each of its steps may be marked done by its CAM or the chief
(once its check passes; the payout step also with a note while it does not), and its action may be run by
whoever the owning app lets do it, when there is something to do. `allowed_actions` and `step_actions` are
the one rule behind the page's buttons, the API's `actions` and the services' checks."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules
from offboarding.errors import OffboardingErrorCode as E
from offboarding.models import Offboarding, WindDownStep
from offboarding.steps import Check, Step


class OffboardingAction(StrEnum):
    CANCEL = "cancel"


class WindDownAction(StrEnum):
    DONE = "done"  # mark the step done (who, when, note)
    RUN = "run"  # the step's action, through the owning app's service


def _not_in_progress(offboarding: Offboarding):
    return field_error(
        "status",
        _("This offboarding is %(status)s: it changes no more.")
        % {"status": offboarding.get_status_display().lower()},
        E.NOT_IN_PROGRESS,
    )


def refusal(actor, offboarding: Offboarding, action: OffboardingAction) -> Exception | None:
    if not actor.can("offboarding.manage"):
        return PermissionDenied()
    if not offboarding.in_progress:
        return _not_in_progress(offboarding)
    return None


RULES = ActionRules(OffboardingAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require


def step_refusal(
    actor, offboarding: Offboarding, row: WindDownStep, step: Step, check: Check, action: WindDownAction
) -> Exception | None:
    """Why `actor` may not take `action` on this step now (`check`: what the step finds now)."""
    # Marking a step done is the wind-down's owners' (the CAMs, the chief); running its action is for whoever
    # the owning app lets do it (channel operations pays out, referrals' managers switch links off).
    if action == WindDownAction.DONE and not actor.can("offboarding.manage"):
        return PermissionDenied()
    if action == WindDownAction.RUN and not (actor.can("offboarding.view") and step.may_run(actor)):
        return PermissionDenied()
    if not offboarding.in_progress:
        return _not_in_progress(offboarding)
    if row.done:
        return field_error(
            "step", _("“%(step)s” is done already.") % {"step": row.get_key_display()}, E.STEP_DONE
        )
    if action == WindDownAction.DONE and not check.passed and not step.overridable:
        return field_error(
            "step",
            _("“%(step)s” is not done yet: %(found)s.")
            % {"step": row.get_key_display(), "found": check.text},
            E.STEP_NOT_READY,
        )
    if action == WindDownAction.RUN and not check.actionable:
        return field_error(
            "step",
            _("“%(step)s” has nothing to do now: %(found)s.")
            % {"step": row.get_key_display(), "found": check.text},
            E.NOTHING_TO_RUN,
        )
    return None


def step_actions(actor, offboarding: Offboarding, row: WindDownStep, step: Step, check: Check) -> list[str]:
    return [a.value for a in WindDownAction if step_refusal(actor, offboarding, row, step, check, a) is None]


def require_step_action(
    actor, offboarding: Offboarding, row: WindDownStep, step: Step, check: Check, action: WindDownAction
) -> None:
    if (refused := step_refusal(actor, offboarding, row, step, check, action)) is not None:
        raise refused
