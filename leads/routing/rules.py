"""Who may do what next with a version of the routing rules: draft → published → retired.

The shape of the rules of engagement (`engagement/rules.py`): `allowed_actions(actor, ruleset)` is the one
rule behind the version page's buttons, the API's `actions` and the services' checks (`require_action`, on the
locked row). Channel operations (and the chief, and marketing) keep the rules; every staff role reads them.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules
from leads.errors import LeadErrorCode as E
from leads.models import RoutingRuleSet, RoutingStatus

MANAGE, VIEW = "leads.manage", "leads.view"


class RoutingAction(StrEnum):
    EDIT = "edit"  # the settings and the rules of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version


def not_draft(ruleset: RoutingRuleSet) -> ValidationError:
    return ValidationError(
        _("Version %(version)s is %(status)s and can no longer change: create a new draft instead.")
        % {"version": ruleset.version, "status": ruleset.get_status_display().lower()},
        code=E.NOT_DRAFT,
    )


def draft_exists() -> ValidationError:
    return ValidationError(
        _("A draft of the routing rules is already being edited: finish or publish it first."),
        code=E.DRAFT_EXISTS,
    )


def refusal(actor, ruleset: RoutingRuleSet, action: RoutingAction) -> Exception | None:
    """Why `actor` may not take `action` now: PermissionDenied (the role), ValidationError (the state),
    or None when the action can go ahead."""
    if not actor.is_staff or not actor.can(MANAGE):
        return PermissionDenied()
    if action in (RoutingAction.EDIT, RoutingAction.PUBLISH):
        if ruleset.status != RoutingStatus.DRAFT:
            return not_draft(ruleset)
    elif action == RoutingAction.NEW_DRAFT:
        if (
            ruleset.status == RoutingStatus.DRAFT
            or RoutingRuleSet.objects.filter(status=RoutingStatus.DRAFT).exists()
        ):
            return draft_exists()
        if ruleset.status != RoutingStatus.PUBLISHED:
            return ValidationError(
                _("A new draft starts as a copy of the published version."), code=E.NOT_PUBLISHED
            )
    return None


RULES = ActionRules(RoutingAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
