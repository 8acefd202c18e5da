"""What follows a new or changed lead: scoring (leads.scoring), then routing (leads.routing) for a lead that
waits for the channel."""

from __future__ import annotations

from leads.models import Lead
from leads.scoring.services import score_lead


def lead_created(lead: Lead) -> None:
    """Score the new lead (it is routed by the caller once scored: routing reads no score yet)."""
    score_lead(lead)


def lead_changed(lead: Lead) -> None:
    """Score the lead again: what it says changed."""
    score_lead(lead)
