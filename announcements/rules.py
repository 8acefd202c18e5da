"""Who may do what next with an announcement: the state machine and `allowed_actions`.

draft → scheduled (published later, by the periodic `announcements.publish_due`) or published (at once)
→ withdrawn. A draft or a scheduled announcement may be published or (re)scheduled; a scheduled or published
one may be withdrawn; anything but a withdrawn one may be edited. Channel marketing and operations manage
announcements (`enablement.manage`); every other role reads them.

`allowed_actions(actor, announcement)` is the one rule behind the page's buttons, the API's `actions` and the
services' checks (`require_action`, on the row they locked).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from announcements.errors import AnnouncementErrorCode as E
from announcements.models import Announcement
from announcements.models import AnnouncementStatus as S
from core.errors import field_error
from core.rules import ActionRules


class AnnouncementAction(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"  # at once, or scheduled for its publish_at
    WITHDRAW = "withdraw"


def refusal(actor, announcement: Announcement, action: AnnouncementAction) -> Exception | None:
    """Why `actor` may not take `action` on `announcement` now (PermissionDenied for the role, a coded
    ValidationError for the state), or None."""
    if not actor.can("enablement.manage"):
        return PermissionDenied()
    status = announcement.status
    if status == S.WITHDRAWN:
        return field_error("status", _("This announcement was withdrawn and no longer changes."), E.WITHDRAWN)
    if action == AnnouncementAction.PUBLISH and status == S.PUBLISHED:
        return field_error("status", _("This announcement is published already."), E.ALREADY_PUBLISHED)
    if action == AnnouncementAction.WITHDRAW and status == S.DRAFT:
        return field_error(
            "status", _("Only a scheduled or published announcement can be withdrawn."), E.NOT_PUBLISHED
        )
    return None


Action = AnnouncementAction
RULES = ActionRules(AnnouncementAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
