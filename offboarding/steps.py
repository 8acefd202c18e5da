"""The wind-down checklist: what each step checks and the action it offers.

`offboarding` sits in the top layer of the app graph (beside funds, incentives and health), so each step reads
the app that owns what it winds down and acts through that app's own service: deals (open registrations
closed: a submitted one rejected, an approved one closed as lost, an appeal upheld), conflicts (the customer
claims those registrations held), leads (the partner's open leads routed again, never back to it: a partner
winding down is left out of routing, `leads.routing.engine.register_exclusion`), ledger (nothing owed, or a
payout batch of what is), referrals (its short links and campaign pages switched off) and partners (access:
the partner offboarded, by the scheduled job on the day its access ends, or now).

A step checks itself with a query (`check`): it can be marked done once its check passes (the payout step,
whose balance may be settled outside Kanal, also with a note while it does not). Its action (`run`) is offered
to those whom the owning app allows it, when there is something for it to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conflicts import claims
from conflicts.models import CustomerClaim
from core.actor import Actor
from deals.models import DealRegistration, RegistrationStatus
from deals.services import registration_close, registration_decide_appeal, registration_reject
from leads.models import Lead
from leads.models.lead import OPEN_STATUSES
from leads.routing.services import route_leads
from ledger.models import UNPAID_STATUSES, PayoutLine
from ledger.selectors import unsettled_payables
from ledger.services import batch_create
from offboarding.models import Offboarding, StepKey
from partners.choices import PartnerStatus
from partners.services import partner_change_status
from referrals.models import ReferralLink
from referrals.services import link_set_active

OPEN_REGISTRATIONS = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED, RegistrationStatus.APPEALED)
LIVE_CLAIMS = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)


@dataclass(frozen=True)
class Check:
    """What a step found: `passed` when nothing is left; `count` things left, `actionable` of them the step's
    action can take on; `text` says it in the reader's language; `link` lists them."""

    passed: bool
    text: str
    count: int = 0
    actionable: int = 0
    link: str = ""
    link_label: str = ""  # what the link says when it is worth following with nothing left ("Statement")

    @property
    def shown_link(self) -> str:
        """The link the page shows: to what is left, or to what is worth reading anyway."""
        return self.link if self.link and (not self.passed or self.link_label) else ""

    @property
    def link_text(self) -> str:
        return self.link_label or _("See them")


def _closing_reason() -> str:
    return _("The partnership is winding down (offboarding).")


class Step:
    key: StepKey
    description: Any = ""
    action_label: Any = None  # None: nothing to run
    permission = ""  # what the action needs (the owning app's permission)
    overridable = False  # may be marked done with a note while its check fails

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        raise NotImplementedError

    def may_run(self, actor: Actor) -> bool:
        return self.action_label is not None and actor.can(self.permission)

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        """Do the step's work through the owning app's service; returns what was done, to show."""
        raise NotImplementedError


def _count(queryset) -> int:
    return queryset.count()


def _pipeline(offboarding: Offboarding) -> str:
    """The staff pipeline, narrowed to the partner's open registrations."""
    query = urlencode({"partner": str(offboarding.partner.public_id), "phase": "open"})
    return f"{reverse('deals:pipeline')}?{query}"


class Registrations(Step):
    key = StepKey.REGISTRATIONS
    description = gettext_lazy(
        "Submitted registrations are rejected, approved ones closed as lost and appeals upheld, each with "
        "the reason; a deal worth keeping can be handled on its own page first."
    )
    action_label = gettext_lazy("Close the open registrations")
    permission = "deals.decide"

    def rows(self, offboarding: Offboarding):
        return DealRegistration.objects.filter(partner=offboarding.partner_id, status__in=OPEN_REGISTRATIONS)

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        n = _count(self.rows(offboarding))
        return Check(
            passed=n == 0,
            text=_("Open registrations: %(n)s") % {"n": n} if n else _("No open registration"),
            count=n,
            actionable=n,
            link=_pipeline(offboarding),
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        reason = _closing_reason()
        closed = left = 0
        for registration in self.rows(offboarding).order_by("pk"):
            try:
                if registration.status == RegistrationStatus.SUBMITTED:
                    registration_reject(actor=actor, registration=registration, reason=reason)
                elif registration.status == RegistrationStatus.APPROVED:
                    registration_close(actor=actor, registration=registration, won=False, lost_reason=reason)
                else:  # appealed: the channel chief decides
                    registration_decide_appeal(
                        actor=actor, registration=registration, grant=False, note=reason
                    )
            except (ValidationError, PermissionDenied):
                left += 1
                continue
            closed += 1
        if left:
            return _("Registrations closed: %(closed)s; left for someone who may decide them: %(left)s.") % {
                "closed": closed,
                "left": left,
            }
        return _("Registrations closed: %(closed)s.") % {"closed": closed}


class Claims(Step):
    key = StepKey.CLAIMS
    description = gettext_lazy(
        "A customer a submitted or approved registration holds cannot be registered by another partner. "
        "Closing the registrations releases their customers."
    )
    action_label = gettext_lazy("Release the claims of closed registrations")
    permission = "deals.decide"

    def held(self, offboarding: Offboarding):
        return CustomerClaim.objects.filter(registration__partner=offboarding.partner_id)

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        held = self.held(offboarding)
        n = _count(held)
        stale = _count(held.exclude(registration__status__in=LIVE_CLAIMS))
        return Check(
            passed=n == 0,
            text=_("Customers still claimed: %(n)s") % {"n": n} if n else _("No customer claimed"),
            count=n,
            actionable=stale,
            link=_pipeline(offboarding) if n else "",
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        stale = DealRegistration.objects.filter(
            Q(claims__isnull=False), partner=offboarding.partner_id
        ).exclude(status__in=LIVE_CLAIMS)
        released = 0
        for registration in stale.distinct():
            claims.release(registration)
            released += 1
        return _("Claims released for registrations: %(n)s.") % {"n": released}


class Leads(Step):
    key = StepKey.LEADS
    description = gettext_lazy(
        "The partner's open leads go through the routing rules again; a partner winding down is never "
        "offered a lead."
    )
    action_label = gettext_lazy("Return the leads to routing")
    permission = "leads.assign"

    def rows(self, offboarding: Offboarding):
        return Lead.objects.filter(partner=offboarding.partner_id, status__in=OPEN_STATUSES)

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        n = _count(self.rows(offboarding))
        query = urlencode({"partner": str(offboarding.partner.public_id), "phase": "open"})
        return Check(
            passed=n == 0,
            text=_("Open leads: %(n)s") % {"n": n} if n else _("No open lead"),
            count=n,
            actionable=n,
            link=f"{reverse('leads:list')}?{query}",
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        outcome = route_leads(actor=actor, leads=list(self.rows(offboarding)))
        return _(
            "Leads routed again: %(n)s (to other partners: %(routed)s, to direct sales: %(direct)s, "
            "not routed: %(unrouted)s)."
        ) % {
            "n": len(outcome.decisions),
            "routed": outcome.routed,
            "direct": outcome.direct,
            "unrouted": outcome.unrouted,
        }


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, 2, force_grouping=True)} {currency}"


class Payout(Step):
    key = StepKey.PAYOUT
    description = gettext_lazy(
        "What the partner is owed (fund claims, earnings) is paid in a payout batch; its statement shows the "
        "last movements. Done when nothing is owed and nothing awaits payment; a balance settled outside "
        "Kanal can be marked done with a note."
    )
    action_label = gettext_lazy("Pay what is owed in a payout batch")
    permission = "money.payouts"
    overridable = True

    def owed(self, offboarding: Offboarding, *, actor: Actor) -> dict[str, Decimal]:
        rows = (
            unsettled_payables(actor=actor, partners=[offboarding.partner_id])
            .order_by()
            .values_list("currency")
            .annotate(owed=-Sum("amount"))
        )
        return {currency: owed for currency, owed in rows if owed}

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        owed = self.owed(offboarding, actor=actor)
        waiting = list(
            PayoutLine.objects.filter(partner=offboarding.partner_id, batch__status__in=UNPAID_STATUSES)
            .order_by("batch__number")
            .values_list("batch__number", flat=True)
        )
        parts = []
        positive = {c: a for c, a in owed.items() if a > 0}
        negative = {c: a for c, a in owed.items() if a < 0}
        if positive:
            parts.append(
                _("Owed, not yet in a batch: %(amounts)s")
                % {"amounts": ", ".join(_money(a, c) for c, a in sorted(positive.items()))}
            )
        if negative:
            parts.append(
                _("The partner owes the vendor: %(amounts)s")
                % {"amounts": ", ".join(_money(-a, c) for c, a in sorted(negative.items()))}
            )
        if waiting:
            parts.append(
                _("In payout batches not paid yet: %(numbers)s")
                % {"numbers": ", ".join(f"#{n}" for n in waiting)}
            )
        period = timezone.localdate().strftime("%Y-%m")
        return Check(
            passed=not parts,
            text="; ".join(parts) if parts else _("Nothing owed"),
            count=len(owed) + len(waiting),
            actionable=len(positive),
            link=reverse("ledger:statement", args=[offboarding.partner.public_id, period]),
            link_label=_("The statement"),
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        made = []
        for currency, amount in sorted(self.owed(offboarding, actor=actor).items()):
            if amount <= 0:
                continue
            batch = batch_create(
                actor=actor,
                data={
                    "currency": currency,
                    "partners": [str(offboarding.partner.public_id)],
                    "note": _("Final payout: %(partner)s is winding down.")
                    % {"partner": offboarding.partner.name},
                },
            )
            made.append(f"#{batch.number}")
        return _("Payout batches made: %(numbers)s. Approve and pay them under Payouts.") % {
            "numbers": ", ".join(made) or "—"
        }


class Content(Step):
    key = StepKey.CONTENT
    description = gettext_lazy(
        "The partner's short links and campaign landing pages stop; the library, courses and co-branded "
        "material close with its portal access."
    )
    action_label = gettext_lazy("Switch off the referral links")
    permission = "referrals.manage"

    def rows(self, offboarding: Offboarding):
        return ReferralLink.objects.filter(partner=offboarding.partner_id, active=True)

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        n = _count(self.rows(offboarding))
        query = urlencode({"partner": str(offboarding.partner.public_id), "active": "yes"})
        return Check(
            passed=n == 0,
            text=_("Referral links still active: %(n)s") % {"n": n} if n else _("No active referral link"),
            count=n,
            actionable=n,
            link=f"{reverse('referrals:links')}?{query}",
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        switched = 0
        for link in self.rows(offboarding):
            link_set_active(actor=actor, link=link, active=False)
            switched += 1
        return _("Referral links switched off: %(n)s.") % {"n": switched}


class Access(Step):
    key = StepKey.ACCESS
    description = gettext_lazy(
        "On the day access ends the partner is offboarded: its people can no longer act for it. Kanal does "
        "it that night, or now."
    )
    action_label = gettext_lazy("Revoke access now")
    permission = "partners.change_status"

    def check(self, offboarding: Offboarding, *, actor: Actor) -> Check:
        partner = offboarding.partner
        if partner.status == PartnerStatus.OFFBOARDED:
            return Check(passed=True, text=_("Offboarded: nobody acts for the partner any more"))
        return Check(
            passed=False,
            text=_("Access ends on %(day)s") % {"day": date_format(offboarding.access_ends_on)},
            count=1,
            actionable=1,
        )

    def run(self, offboarding: Offboarding, *, actor: Actor) -> str:
        revoke_access(offboarding, actor=actor)
        return _("%(partner)s is offboarded: its access is revoked.") % {"partner": offboarding.partner.name}


def revoke_access(offboarding: Offboarding, *, actor: Actor) -> None:
    """The partner offboarded through the partners' status change (the offboarding's reason as its note)."""
    partner_change_status(
        actor=actor, partner=offboarding.partner, to_status=PartnerStatus.OFFBOARDED, note=offboarding.reason
    )


STEPS: dict[str, Step] = {
    step.key: step for step in (Registrations(), Claims(), Leads(), Payout(), Content(), Access())
}
assert list(STEPS) == list(StepKey.values), "a definition per step, in the order of StepKey"
