"""Who may do what next with an incentive program and a dispute: `allowed_actions(actor, obj)` gives the
pages' buttons and the API's `actions`, and `require_action` the services' check on the row they locked.

A program: draft → active → ended, run by channel operations (`incentives.manage`). A draft, or an active
program that has earned nothing yet, is edited in place; once its rules earned something it never changes:
a new version (a draft copied from it) takes over from its start date, and activating it ends this one the
day before. A dispute: open → upheld (or awaiting the chief's approval when the adjustment is above the
threshold) or rejected, decided by ops; the channel chief approves or sends back what waits for them.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules, ModelRules
from incentives.errors import IncentiveErrorCode as E
from incentives.models import Accrual, Dispute, DisputeStatus, IncentiveProgram, ProgramStatus


class ProgramAction(StrEnum):
    EDIT = "edit"  # the program, its rules and tiers
    ACTIVATE = "activate"
    END = "end"
    NEW_VERSION = "new_version"


class DisputeAction(StrEnum):
    DECIDE = "decide"
    APPROVE = "approve"  # the chief: book the adjustment, or send it back to ops


def has_earned(program: IncentiveProgram) -> bool:
    """Whether the program's rules have counted any won deal (an accrual, paid or capped to nothing)."""
    return Accrual.objects.filter(program=program).exists()


def program_refusal(actor, program: IncentiveProgram, action: ProgramAction) -> Exception | None:
    if not (actor.is_staff and actor.can("incentives.manage")):
        return PermissionDenied()
    status = program.status
    if action == ProgramAction.EDIT:
        if status == ProgramStatus.ENDED:
            return field_error("status", _("An ended program no longer changes."), E.ENDED)
        if status == ProgramStatus.ACTIVE and has_earned(program):
            return field_error(
                "status",
                _("Partners have earned under these rules: start a new version to change them."),
                E.IN_USE,
            )
    elif action == ProgramAction.ACTIVATE:
        if status != ProgramStatus.DRAFT:
            return field_error("status", _("Only a draft is activated."), E.NOT_DRAFT)
        if not program.rules.exists():
            return field_error("rules", _("Add at least one rule before activating the program."), E.NO_RULES)
        if (
            program.rules.filter(basis="percent", rate__isnull=True).exists()
            and not program.volume_tiers.exists()
        ):
            return field_error(
                "volume_tiers",
                _("A rule earns the volume tiers' rate: add the volume tiers first."),
                E.TIERS_MISSING,
            )
    elif action == ProgramAction.END:
        if status != ProgramStatus.ACTIVE:
            return field_error("status", _("Only an active program is ended."), E.NOT_ACTIVE)
    elif action == ProgramAction.NEW_VERSION:
        if status == ProgramStatus.DRAFT:
            return field_error("status", _("A draft is edited as it is."), E.NOT_DRAFT)
        if program.next_versions.exists():  # type: ignore[attr-defined]
            return field_error(
                "status", _("A newer version of this program exists already."), E.VERSION_EXISTS
            )
        if not has_earned(program):
            return field_error(
                "status", _("Nothing was earned under this program yet: edit it as it is."), E.NO_ACCRUALS
            )
    return None


def dispute_refusal(actor, dispute: Dispute, action: DisputeAction) -> Exception | None:
    if action == DisputeAction.DECIDE:
        if not (actor.is_staff and actor.can("incentives.manage")):
            return PermissionDenied()
        if dispute.status != DisputeStatus.OPEN:
            return field_error("status", _("This dispute was decided already."), E.DISPUTE_DECIDED)
        return None
    if not (actor.is_staff and actor.can("incentives.approve")):
        return PermissionDenied()
    if dispute.status != DisputeStatus.AWAITING_APPROVAL:
        return field_error("status", _("Nothing in this dispute waits for approval."), E.NOT_AWAITING)
    return None


PROGRAM_RULES = ActionRules(ProgramAction, program_refusal)
DISPUTE_RULES = ActionRules(DisputeAction, dispute_refusal)
RULES = ModelRules({IncentiveProgram: PROGRAM_RULES, Dispute: DISPUTE_RULES})
allowed_actions = RULES.allowed
require_action = RULES.require
