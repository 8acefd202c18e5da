"""Who hears what about the rules of engagement: publishing a version asks the admins of every partner it is
now in force for to accept it (in the app, and by email as each chose)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import Membership
from core.roles import PartnerRole
from engagement.models import RuleSet
from engagement.selectors import rules_in_force
from notifications.messages import InLanguages
from notifications.services import Email, notify
from partners.choices import PartnerStatus
from partners.models import Partner

# Partners that may register deals: those the rules are in force for.
BOUND_STATUSES = (PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)


def bound_partner_ids(ruleset: RuleSet) -> list[int]:
    """The partners `ruleset` is in force for (see `engagement.selectors`), in a few queries."""
    partner_ids = list(Partner.objects.filter(status__in=BOUND_STATUSES).values_list("pk", flat=True))
    return [pk for pk, found in rules_in_force(partner_ids).items() if found == ruleset.pk]


def ask_to_accept(ruleset: RuleSet) -> int:
    """Tell the admins of each partner the newly published `ruleset` is in force for that it awaits their
    acceptance; returns how many partners were asked. Runs inside the publishing transaction."""
    partner_ids = bound_partner_ids(ruleset)
    admins = (
        Membership.objects.filter(
            partner_id__in=partner_ids, role=PartnerRole.ADMIN, is_active=True, user__is_active=True
        )
        .select_related("user", "partner")
        .order_by("partner__name", "user__email")
    )
    by_partner: dict[int, list[Any]] = {}
    for membership in admins:
        by_partner.setdefault(membership.partner_id, []).append(membership)
    program = ruleset.program
    for memberships in by_partner.values():
        partner = memberships[0].partner
        notify(
            users=[m.user for m in memberships],
            verb="engagement.to_accept",
            message=gettext_noop("Rules of engagement of %(program)s, version %(n)s, to accept"),
            params={"program": InLanguages(en=program.name_en, ru=program.name_ru), "n": ruleset.version},
            link=reverse("engagement:rules"),
            partner=partner,
            email=Email(
                template="engagement/email/to_accept.txt",
                subject=gettext_lazy("New rules of engagement to accept"),
                context={"ruleset": ruleset, "program": program, "partner": partner},
            ),
        )
    return len(by_partner)


def on_publish(actor: Any, ruleset: RuleSet) -> None:
    """`core.versions`' hook, inside the publishing transaction: the partners are asked to accept."""
    ask_to_accept(ruleset)
