"""Who may do what next with a collateral template: draft → published → archived.

`allowed_actions(actor, template)` is the one rule behind the template page's buttons, the API's `actions`
and the services' checks (`require_action`, on the locked row).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from collateral.errors import CollateralErrorCode as E
from collateral.models import CollateralTemplate, TemplateStatus
from core.rules import ActionRules


class TemplateAction(StrEnum):
    EDIT = "edit"  # the title, description, audience, and a new version when the source changes
    PUBLISH = "publish"  # partners get the newest version from now on
    ARCHIVE = "archive"  # partners no longer see it; its versions and files stay


def archived() -> ValidationError:
    return ValidationError(_("This template is archived and no longer changes."), code=E.ARCHIVED)


def refusal(actor, template: CollateralTemplate, action: TemplateAction) -> Exception | None:
    if not actor.can("enablement.manage"):
        return PermissionDenied()
    if template.status == TemplateStatus.ARCHIVED:
        return archived()
    if action == TemplateAction.PUBLISH:
        latest = template.versions.order_by("-number").values_list("pk", flat=True).first()
        if latest is None or (
            template.status == TemplateStatus.PUBLISHED and latest == template.current_version_id
        ):
            return ValidationError(
                _("The newest version is already the one partners get."), code=E.NOTHING_TO_PUBLISH
            )
    return None


RULES = ActionRules(TemplateAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
