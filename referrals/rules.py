"""Who may do what with a referral link: `allowed_actions(actor, link)` gives the link page's buttons, the
API's `actions` and the services' checks. A partner's admin keeps every link of the company; its other users
keep the links they made or own. Channel marketing and operations may deactivate any link (a misleading
destination, a partner leaving the program)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.roles import PartnerRole
from core.rules import ActionRules
from referrals.errors import ReferralErrorCode as E
from referrals.models import ReferralLink


class LinkAction(StrEnum):
    EDIT = "edit"
    DEACTIVATE = "deactivate"
    ACTIVATE = "activate"


def keeps(actor, link: ReferralLink) -> bool:
    """Whether `actor` keeps `link`: the partner's admin, whoever made or owns it, or staff who manage."""
    if actor.is_staff:
        return actor.can("referrals.manage")
    if not actor.is_partner or actor.partner_id != link.partner_id or not actor.can("referrals.use"):
        return False
    user_id = actor.user.pk if actor.user else None
    return actor.partner_role == PartnerRole.ADMIN or user_id in (link.owner_id, link.created_by_id)


def refusal(actor, link: ReferralLink, action: LinkAction) -> Exception | None:
    if not keeps(actor, link):
        return PermissionDenied()
    if action == LinkAction.EDIT:
        if actor.is_staff:
            return PermissionDenied()  # the partner's words and destination; staff only switch it off
        if not link.active:
            return ValidationError(_("Activate the link before you change it."), code=E.INACTIVE)
    elif action == LinkAction.DEACTIVATE and not link.active:
        return ValidationError(_("The link is inactive already."), code=E.INACTIVE)
    elif action == LinkAction.ACTIVATE and link.active:
        return ValidationError(_("The link is active already."), code=E.ACTIVE)
    return None


RULES = ActionRules(LinkAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
