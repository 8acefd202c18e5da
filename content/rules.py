"""Who may do what next with an asset: draft → published ⇄ archived.

`allowed_actions(actor, asset)` is the one rule behind the asset page's buttons, the API's `actions` and the
services' checks (`require_action`, on the locked row). Channel marketing and operations manage the library;
everyone else reads it.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from content.errors import ContentErrorCode as E
from content.models import Asset, AssetStatus
from core.rules import ActionRules


class AssetAction(StrEnum):
    EDIT = "edit"
    ADD_VERSION = "add_version"
    PUBLISH = "publish"
    ARCHIVE = "archive"
    VIEW_STATS = "view_stats"


def refusal(actor, asset: Asset, action: AssetAction) -> Exception | None:
    if action == AssetAction.VIEW_STATS:
        return None if actor.is_staff else PermissionDenied()
    if not actor.can("enablement.manage"):
        return PermissionDenied()
    if action == AssetAction.PUBLISH:
        if asset.status == AssetStatus.PUBLISHED:
            return ValidationError(_("The asset is already published."), code=E.NOT_DRAFT_OR_ARCHIVED)
        if not asset.versions.exists():
            return ValidationError(
                _("Add a file or an address before publishing the asset."), code=E.NO_VERSION
            )
        if asset.available_until is not None and asset.available_until < timezone.localdate():
            return ValidationError(
                _("Its last day has passed: change “Available until” before publishing it."),
                code=E.AVAILABLE_BEFORE_PUBLISHED,
            )
    elif action == AssetAction.ARCHIVE and asset.status != AssetStatus.PUBLISHED:
        return ValidationError(_("Only a published asset can be archived."), code=E.NOT_PUBLISHED)
    return None


RULES = ActionRules(AssetAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
