"""Who may do what next with a campaign kit: `allowed_actions(actor, kit)` gives the kit page's buttons, the
API's `actions` and the services' checks (`require_action`, on the row they locked).

draft → published → retired. Channel marketing, operations and the chief (`campaigns.manage`) edit a kit
that is not retired, publish a draft (with its landing page's English text) and retire a published one. A
partner user (`campaigns.launch`) launches a published kit meant for the company they act for, once: launching
again opens the launch there is.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from campaigns.errors import CampaignErrorCode as E
from campaigns.models import CampaignKit
from campaigns.models import KitStatus as S
from core.errors import field_error
from core.rules import ActionRules
from referrals.selectors import LINKING_STATUSES


class KitAction(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"
    RETIRE = "retire"
    LAUNCH = "launch"


def refusal(actor, kit: CampaignKit, action: KitAction) -> Exception | None:
    if action == KitAction.LAUNCH:
        if not (actor.is_partner and actor.can("campaigns.launch")):
            return PermissionDenied()
        if kit.status != S.PUBLISHED:
            return field_error("status", _("Only a published kit can be launched."), E.NOT_PUBLISHED)
        if not kit.reaches(actor.partner):
            return field_error("kit", _("This kit is not meant for your company."), E.NOT_IN_AUDIENCE)
        if actor.partner.status not in LINKING_STATUSES:
            return field_error("kit", _("Campaigns are for partners that may sell."), E.PARTNER_NOT_ACTIVE)
        return None
    if not (actor.is_staff and actor.can("campaigns.manage")):
        return PermissionDenied()
    if kit.status == S.RETIRED:
        return field_error("status", _("This kit was retired and no longer changes."), E.RETIRED)
    if action == KitAction.PUBLISH:
        if kit.status == S.PUBLISHED:
            return field_error("status", _("This kit is published already."), E.ALREADY_PUBLISHED)
        if not kit.landing_en.strip():
            return field_error(
                "landing_en", _("Write the landing page (English) before publishing."), E.LANDING_MISSING
            )
    if action == KitAction.RETIRE and kit.status != S.PUBLISHED:
        return field_error("status", _("Only a published kit can be retired."), E.NOT_PUBLISHED)
    return None


RULES = ActionRules(KitAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
