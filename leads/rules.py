"""Who may do what next with a lead.

new (offered to a partner, awaiting acceptance) → accepted → contacted → qualified → converted | lost.
`allowed_actions(actor, lead)` is the one rule behind the lead page's buttons, the API's `actions` and the
services' checks (`require_action`, on the row locked through `visible_to`).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules
from leads.errors import LeadErrorCode as E
from leads.models import Destination, Lead, LeadStatus
from leads.models.lead import CLOSED_STATUSES

# The working statuses a partner moves an accepted lead through, in order.
PROGRESS = (LeadStatus.ACCEPTED, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)


class LeadAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    PROGRESS = "progress"  # status along PROGRESS, next step
    CONVERT = "convert"  # into a deal registration
    LOSE = "lose"
    NOTE = "note"
    ASSIGN = "assign"  # by hand (staff), or route again
    EDIT = "edit"  # the lead's own details (staff)


def _closed(lead: Lead) -> ValidationError:
    return ValidationError(
        _("This lead is %(status)s and no longer changes.") % {"status": lead.get_status_display().lower()},
        code=E.CLOSED,
    )


def refusal(actor, lead: Lead, action: LeadAction) -> Exception | None:
    """Why `actor` may not take `action` on `lead` now: PermissionDenied (the role), ValidationError (the
    state), or None when the action can go ahead."""
    if action in (LeadAction.ASSIGN, LeadAction.EDIT):
        if not actor.is_staff or not actor.can(
            "leads.assign" if action == LeadAction.ASSIGN else "leads.manage"
        ):
            return PermissionDenied()
        return _closed(lead) if lead.status in CLOSED_STATUSES else None
    if action == LeadAction.NOTE:
        if not (actor.is_staff or actor.can("leads.work")):
            return PermissionDenied()
        return None
    # The partner's own work on a lead offered to (or accepted by) the company it acts for.
    if (
        not actor.is_partner
        or not actor.can("leads.work")
        or lead.partner_id not in actor.visible_partner_ids
    ):
        return PermissionDenied()
    if lead.status in CLOSED_STATUSES:
        return _closed(lead)
    if lead.destination != Destination.CHANNEL:
        return ValidationError(_("This lead is not the channel's to work."), code=E.NOT_CHANNEL)
    if action in (LeadAction.ACCEPT, LeadAction.DECLINE):
        if lead.status != LeadStatus.NEW:
            return ValidationError(_("This lead was already accepted."), code=E.NOT_AWAITING)
        return None
    if lead.status == LeadStatus.NEW:
        return ValidationError(_("Accept the lead first."), code=E.NOT_ACCEPTED)
    return None


RULES = ActionRules(LeadAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
