"""Who may do what next with a certification award: revoke (staff with `enablement.revoke`, once).

`allowed_actions(actor, award)` drives the revoke button and the API's `actions`; `award_revoke` checks
`require_action` too (its own coded refusal on the locked row)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules
from learning.errors import LearningErrorCode as E


class AwardAction(StrEnum):
    REVOKE = "revoke"


def refusal(actor, award, action: AwardAction) -> Exception | None:
    if not actor.can("enablement.revoke"):
        return PermissionDenied()
    if award.revoked_at is not None:
        return ValidationError(_("This certification has been revoked already."), code=E.ALREADY_REVOKED)
    return None


RULES = ActionRules(AwardAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
