"""Is a new lead one we already know? Compared with earlier leads, deal registrations and direct accounts
through the matching engine (`matching`, and the conflict engine's index of live customers).

- An open lead for the same person at the same company is the same lead: the new one is merged into it.
- An earlier lead for the same company (domain, or a name the engine scores as the same) flags the new one.
- A named direct account takes the lead for direct sales; a live deal registration or another direct
  account is noted on the lead for the channel team.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from conflicts.models import Source
from conflicts.search import find_candidates
from direct.models import DirectAccount
from leads.models import Lead
from leads.models.lead import OPEN_STATUSES
from matching.similarity import name_similarity

SAME_COMPANY = 90  # name similarity at which two leads are the same company
EARLIER_LEADS = 200  # earlier leads compared by name at most


@dataclass
class LeadMatch:
    merge_into: Lead | None = None  # the open lead this one repeats
    duplicate_of: Lead | None = None  # an earlier lead for the same company
    named_account: DirectAccount | None = None
    notes: list[str] = field(default_factory=list)  # what else the engine found, for the channel team

    @property
    def note(self) -> str:
        return "; ".join(self.notes)[:300]


def _same_company(lead: Lead, other: Lead) -> bool:
    if lead.domain and lead.domain == other.domain:
        return True
    return (
        bool(lead.name_key and other.name_key)
        and name_similarity(lead.name_key, other.name_key).score >= SAME_COMPANY
    )


def match_lead(lead: Lead) -> LeadMatch:
    """What is known about the (unsaved or just saved) lead's company and person."""
    found = LeadMatch()
    probes = Q()
    if lead.domain:
        probes |= Q(domain=lead.domain)
    if lead.contact_email:
        probes |= Q(contact_email=lead.contact_email)
    if lead.name_key:
        probes |= Q(name_key=lead.name_key)
    if probes:
        earlier = Lead.objects.filter(probes).exclude(pk=lead.pk).order_by("-created_at")[:EARLIER_LEADS]
        for other in earlier:
            if not _same_company(lead, other):
                continue
            same_person = bool(lead.contact_email) and lead.contact_email == other.contact_email
            if same_person and other.status in OPEN_STATUSES and found.merge_into is None:
                found.merge_into = other
            elif found.duplicate_of is None:
                found.duplicate_of = other
    for candidate in find_candidates(name_key=lead.name_key, domain=lead.domain)[:5]:
        if candidate.source == Source.DIRECT_ACCOUNT:
            account = DirectAccount.objects.filter(pk=candidate.record_id).first()
            if account is None:
                continue
            if account.is_named_account and found.named_account is None:
                found.named_account = account
            found.notes.append(_("Direct account %(name)s") % {"name": account.name})
        elif candidate.source == Source.REGISTRATION:
            found.notes.append(_("A live deal registration of this customer"))
    return found
