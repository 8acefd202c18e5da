"""What follows a new or changed lead: scoring (leads.scoring) and routing (leads.routing)."""

from __future__ import annotations

from leads.models import Destination, Lead, LeadStatus


def lead_created(lead: Lead) -> None:
    """Score the new lead, then route it when it waits for the channel."""


def lead_changed(lead: Lead) -> None:
    """Score the lead again: what it says changed."""


def is_waiting_for_routing(lead: Lead) -> bool:
    return lead.destination == Destination.UNROUTED and lead.status == LeadStatus.NEW
