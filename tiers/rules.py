"""Who may do what next with a program's tier criteria version (draft → published → retired) and with an
override.

`allowed_actions(actor, obj)` is the one rule behind the version page's buttons, the API's `actions` and
the services' checks (`require_action`, on the locked row): an action is offered only when it can succeed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules, ModelRules
from core.versions import VersionStatus
from tiers.errors import TierErrorCode as E
from tiers.models import CriteriaVersion, TierOverride


class CriteriaAction(StrEnum):
    EDIT = "edit"  # the notes and the requirements of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version
    SIMULATE = "simulate"  # a draft's evaluation, written nowhere


class OverrideAction(StrEnum):
    END = "end"


def not_draft(criteria: CriteriaVersion) -> ValidationError:
    return ValidationError(
        _("Version %(version)s is %(status)s and can no longer change: create a new draft instead.")
        % {"version": criteria.version, "status": criteria.get_status_display().lower()},
        code=E.NOT_DRAFT,
    )


def draft_exists() -> ValidationError:
    return ValidationError(
        _("A draft of this program's criteria is already being edited: finish or publish it first."),
        code=E.DRAFT_EXISTS,
    )


def criteria_refusal(actor: Any, criteria: CriteriaVersion, action: CriteriaAction) -> Exception | None:
    if not actor.is_staff or not actor.can("tiers.manage"):
        return PermissionDenied()
    if action in (CriteriaAction.EDIT, CriteriaAction.PUBLISH):
        if criteria.status != VersionStatus.DRAFT:
            return not_draft(criteria)
        if action == CriteriaAction.PUBLISH and not criteria.requirements.exists():
            return ValidationError(
                _("Add at least one requirement before publishing."), code=E.NO_REQUIREMENTS
            )
    elif action == CriteriaAction.NEW_DRAFT:
        if (
            criteria.status == VersionStatus.DRAFT
            or CriteriaVersion.objects.filter(
                program_id=criteria.program_id, status=VersionStatus.DRAFT
            ).exists()
        ):
            return draft_exists()
        if criteria.status != VersionStatus.PUBLISHED:
            return ValidationError(
                _("A new draft starts as a copy of the published version."), code=E.NOT_PUBLISHED
            )
    elif action == CriteriaAction.SIMULATE and criteria.status == VersionStatus.RETIRED:
        return not_draft(criteria)
    return None


def override_refusal(actor: Any, override: TierOverride, action: OverrideAction) -> Exception | None:
    if not actor.is_staff or not actor.can("tiers.override"):
        return PermissionDenied()
    if override.ended_at is not None:
        return ValidationError(_("This override has already ended."), code=E.OVERRIDE_ENDED)
    return None


CRITERIA_RULES = ActionRules(CriteriaAction, criteria_refusal)
OVERRIDE_RULES = ActionRules(OverrideAction, override_refusal)
RULES = ModelRules({CriteriaVersion: CRITERIA_RULES, TierOverride: OVERRIDE_RULES})
allowed_actions = RULES.allowed
require_action = RULES.require
