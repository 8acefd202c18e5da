"""Who may do what next with a partner program and a membership: `allowed_actions` and `require_action`.

One rule behind the pages' buttons, the API's `actions` and the services' checks. Operations configure the
programs (settings, tiers' benefits, members); every other role reads. A retired program takes no one; a
member who has left keeps its history and may join again (adding it back), but its tier no longer moves.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules, ModelRules
from programs.errors import ProgramErrorCode as E
from programs.models import PartnerProgram, ProgramMembership, ProgramStatus


class PartnerProgramAction(StrEnum):
    EDIT = "edit"  # its settings and its tiers' benefits
    ADD_MEMBER = "add_member"


class ProgramMembershipAction(StrEnum):
    SET_TIER = "set_tier"  # by hand, with a reason
    END = "end"  # the partner leaves the program


def program_refusal(actor, program: PartnerProgram, action: PartnerProgramAction) -> Exception | None:
    if not actor.is_staff or not actor.can("program.configure"):
        return PermissionDenied()
    if action == PartnerProgramAction.ADD_MEMBER and program.status != ProgramStatus.ACTIVE:
        return ValidationError(_("%(program)s is retired.") % {"program": program}, code=E.RETIRED)
    return None


def membership_refusal(
    actor, membership: ProgramMembership, action: ProgramMembershipAction
) -> Exception | None:
    if not actor.is_staff or not actor.can("program.configure"):
        return PermissionDenied()
    if membership.ended_at is not None:
        return ValidationError(_("The partner has left this program."), code=E.MEMBERSHIP_ENDED)
    return None


RULES = ModelRules(
    {
        PartnerProgram: ActionRules(PartnerProgramAction, program_refusal),
        ProgramMembership: ActionRules(ProgramMembershipAction, membership_refusal),
    }
)
allowed_actions = RULES.allowed
require_action = RULES.require
