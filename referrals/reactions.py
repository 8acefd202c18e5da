"""What referrals do when other apps record something (core.events subscriptions, from ReferralsConfig)."""

from __future__ import annotations

from leads.models import Lead, LeadSource
from referrals.models import Attribution
from referrals.services import attribute_referral

LEAD_CREATED = "lead.created"


def lead_created(event) -> None:
    """A partner's referral (leads' referral form or API) is credited, or not, the moment it is created."""
    if (event.after or {}).get("source") != LeadSource.REFERRAL:
        return
    lead = Lead.objects.filter(pk=event.target_id).select_related("partner").first()
    if lead is None or lead.partner is None or Attribution.objects.filter(lead=lead).exists():
        return
    attribute_referral(lead)
