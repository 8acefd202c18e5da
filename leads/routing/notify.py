"""Who hears about offered leads: the partner's people who work leads (admins and reps), in the app and by
email as each chose, each in their own language (`notifications.services.notify`). Kinds: events.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop, ngettext_lazy

from accounts.models import Membership
from leads.models import Lead, LeadAssignment
from notifications.services import Email, notify

OFFERED = "lead.offered"
REMINDER = "lead.reminder"
EMAIL = Email(template="leads/routing/email/notice.txt")
SEVERAL_OFFERED = ngettext_lazy(
    "%(count)s new lead awaits your answer", "%(count)s new leads await your answer", "count"
)


def lead_link(lead: Lead) -> str:
    return reverse("leads:detail", args=[lead.public_id])


def leads_list_link() -> str:
    return reverse("leads:list")


def _people(partner_ids: Iterable[int]) -> dict[int, list[Any]]:
    people: dict[int, list[Any]] = defaultdict(list)
    memberships = Membership.objects.filter(
        partner_id__in=set(partner_ids), is_active=True, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        people[membership.partner_id].append(membership.user)
    return people


def offered(assignments: Iterable[LeadAssignment]) -> int:
    """One notice per partner: the lead it was offered, or how many await its answer."""
    by_partner: dict[int, list[LeadAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_partner[assignment.partner_id].append(assignment)
    people = _people(by_partner)
    sent = 0
    for partner_id, offers in by_partner.items():
        users = people.get(partner_id)
        if not users:
            continue
        first = offers[0]
        message: Any
        params: dict[str, Any]
        if len(offers) == 1:
            message = gettext_noop("New lead for you: %(company)s. Accept or decline it by %(accept_by)s.")
            params = {"company": first.lead.company_name, "accept_by": first.accept_by}
            link = lead_link(first.lead)
        else:
            message, params, link = SEVERAL_OFFERED, {"count": len(offers)}, leads_list_link()
        notify(
            users=users,
            verb=OFFERED,
            message=message,
            params=params,
            link=link,
            partner=first.partner,
            email=EMAIL,
        )
        sent += 1
    return sent


def reminder(lead: Lead) -> None:
    users = _people([lead.partner_id]).get(lead.partner_id, []) if lead.partner_id else []
    message = gettext_noop("Reminder: accept or decline the lead %(company)s by %(accept_by)s.")
    params = {"company": lead.company_name, "accept_by": lead.accept_by}
    notify(
        users=users,
        verb=REMINDER,
        message=message,
        params=params,
        link=lead_link(lead),
        partner=lead.partner,
        email=EMAIL,
    )
