"""What follows a new or changed lead: scoring (leads.scoring), then routing (leads.routing) for a lead that
waits for the channel. Routing acts as the system (the rules decide, not whoever entered the lead) and only
once channel ops published rules: until then new leads wait, unrouted, for the channel team."""

from __future__ import annotations

from collections.abc import Iterable

from core.actor import system_actor
from leads.models import Destination, Lead, LeadStatus
from leads.routing.services import published_ruleset, route_leads
from leads.scoring.services import score_lead, score_leads


def waits_for_routing(lead: Lead) -> bool:
    return (
        lead.destination == Destination.UNROUTED and lead.status == LeadStatus.NEW and lead.partner_id is None
    )


def route_waiting(leads: Iterable[Lead]) -> int:
    """Route the leads that wait for the channel through the published rules; how many were routed."""
    if published_ruleset() is None:  # no rules yet: nothing to read
        return 0
    waiting = [lead for lead in leads if waits_for_routing(lead)]
    if not waiting:
        return 0
    return len(route_leads(actor=system_actor(), leads=waiting).decisions)


def lead_created(lead: Lead) -> None:
    score_lead(lead)
    route_waiting([lead])


def lead_changed(lead: Lead) -> None:
    """Score the lead again: what it says changed."""
    score_lead(lead)


def leads_imported(lead_ids: list[int]) -> int:
    """Leads an import wrote: scored, then routed like any new lead."""
    leads = Lead.objects.filter(id__in=lead_ids)
    score_leads(leads)
    waiting = leads.filter(destination=Destination.UNROUTED, status=LeadStatus.NEW, partner__isnull=True)
    return route_waiting(waiting.order_by("id"))
