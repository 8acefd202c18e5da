"""Who may do what next with an award and a grant: `allowed_actions` (the page's buttons, the API's `actions`)
and `require_action` (the services' check on the row they locked).

Channel marketing, operations and the chief (`recognition.manage`) edit awards, grant the active ones and
revoke a live grant; a revoked grant never changes again."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules, ModelRules
from recognition.errors import RecognitionErrorCode as E
from recognition.models import Award, AwardGrant


class AwardAction(StrEnum):
    EDIT = "edit"
    GRANT = "grant"


class GrantAction(StrEnum):
    REVOKE = "revoke"


def award_refusal(actor, award: Award, action: AwardAction) -> Exception | None:
    if not actor.can("recognition.manage"):
        return PermissionDenied()
    if action == AwardAction.GRANT and not award.is_active:
        return field_error("award", _("This award is no longer given."), E.AWARD_INACTIVE)
    return None


def grant_refusal(actor, grant: AwardGrant, action: GrantAction) -> Exception | None:
    if not actor.can("recognition.manage"):
        return PermissionDenied()
    if grant.revoked_at is not None:
        return field_error("status", _("This award was revoked already."), E.GRANT_REVOKED)
    return None


RULES = ModelRules(
    {Award: ActionRules(AwardAction, award_refusal), AwardGrant: ActionRules(GrantAction, grant_refusal)}
)
allowed_actions = RULES.allowed
require_action = RULES.require
