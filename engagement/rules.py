"""Who may do what next with a version of the rules of engagement: draft → published → retired.

`allowed_actions(actor, ruleset)` is the one rule behind the version page's buttons, the API's `actions` and
the services' checks (`require_action`, on the locked row): an action is offered only when it can succeed.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules
from engagement.errors import EngagementErrorCode as E
from engagement.models import RuleSet, RuleSetStatus


class RuleSetAction(StrEnum):
    EDIT = "edit"  # the settings and the rules of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version


def not_draft(ruleset: RuleSet) -> ValidationError:
    return ValidationError(
        _("Version %(version)s is %(status)s and can no longer change: create a new draft instead.")
        % {"version": ruleset.version, "status": ruleset.get_status_display().lower()},
        code=E.NOT_DRAFT,
    )


def draft_exists() -> ValidationError:
    return ValidationError(
        _("A draft is already being edited: finish or publish it first."), code=E.DRAFT_EXISTS
    )


def refusal(actor, ruleset: RuleSet, action: RuleSetAction) -> Exception | None:
    """Why `actor` may not take `action` now: PermissionDenied (the role), ValidationError (the state),
    or None when the action can go ahead."""
    if not actor.can("engagement.manage"):
        return PermissionDenied()
    if action in (RuleSetAction.EDIT, RuleSetAction.PUBLISH):
        if ruleset.status != RuleSetStatus.DRAFT:
            return not_draft(ruleset)
    elif action == RuleSetAction.NEW_DRAFT:
        if (
            ruleset.status == RuleSetStatus.DRAFT
            or RuleSet.objects.filter(status=RuleSetStatus.DRAFT).exists()
        ):
            return draft_exists()
        if ruleset.status != RuleSetStatus.PUBLISHED:
            return ValidationError(
                _("A new draft starts as a copy of the published version."), code=E.NOT_PUBLISHED
            )
    return None


RULES = ActionRules(RuleSetAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
