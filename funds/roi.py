"""What an activity brought, and whether it paid: ROI per activity and per partner.

An activity's leads are those carrying its code (`Lead.fund_activity_code`, typed by the partner) and those
credited through the referral links and campaign launches it names (referrals' attribution), from the day
the activity starts; its registrations are those carrying its code and those its leads became. Revenue is
what the won ones were won for; the pipeline what the open ones are worth. Cost is what the vendor pays: the
approved claim, else the commitment. ROI = (won revenue − cost) / cost, in the program currency at today's
exchange rates (a currency without a rate leaves the ROI unknown, never guessed).

Everything is read through the reader's `visible_to`, in a few grouped queries however many activities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.actor import Actor
from deals.models import DealRegistration, RegistrationStatus
from funds.models import FUNDED_STATUSES, ClaimStatus, FundClaim, FundRequest
from leads.models import Lead
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from referrals.models import Attribution, AttributionStatus

ZERO = Decimal("0.00")
OPEN_DEAL = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED, RegistrationStatus.APPEALED)


@dataclass
class Roi:
    """What one activity (or a partner's activities together) brought and cost."""

    activities: int = 0
    leads: int = 0
    registrations: int = 0
    won: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)  # per currency
    pipeline: dict[str, Decimal] = field(default_factory=dict)
    costs: dict[str, Decimal] = field(default_factory=dict)
    currency: str = ""  # the program currency
    cost: Decimal | None = None  # in the program currency
    revenue_total: Decimal | None = None
    pipeline_total: Decimal | None = None
    missing_rates: list[str] = field(default_factory=list)

    @property
    def roi(self) -> Decimal | None:
        if self.cost is None or self.revenue_total is None or not self.cost:
            return None
        return ((self.revenue_total - self.cost) / self.cost).quantize(Decimal("0.01"))

    @property
    def roi_percent(self) -> Decimal | None:
        ratio = self.roi
        return None if ratio is None else (ratio * 100).quantize(Decimal("1"))

    def add(self, other: Roi) -> None:
        self.activities += other.activities
        self.leads += other.leads
        self.registrations += other.registrations
        self.won += other.won
        for mine, theirs in (
            (self.revenue, other.revenue),
            (self.pipeline, other.pipeline),
            (self.costs, other.costs),
        ):
            for currency, amount in theirs.items():
                mine[currency] = mine.get(currency, ZERO) + amount


def activity_cost(request: FundRequest, claimed: dict[int, Decimal]) -> Decimal:
    """What the vendor pays for the activity: its approved claim, else what is committed to it."""
    if request.pk in claimed:
        return claimed[request.pk]
    if request.status in FUNDED_STATUSES:
        return request.approved_amount or ZERO
    return ZERO


def activities_roi(*, actor: Actor, requests: list[FundRequest]) -> dict[int, Roi]:
    """{request id: Roi} for these requests, in a few queries."""
    result = {request.pk: Roi(activities=1) for request in requests}
    if not requests:
        return result
    by_code = {request.code: request for request in requests}
    starts = {request.pk: request.starts_on for request in requests}
    link_of: dict[int, list[int]] = defaultdict(list)  # link id -> request ids
    for request_id, link_id in FundRequest.links.through.objects.filter(
        fundrequest_id__in=list(result)
    ).values_list("fundrequest_id", "referrallink_id"):
        link_of[link_id].append(request_id)
    for request_id, link_id in FundRequest.launches.through.objects.filter(
        fundrequest_id__in=list(result)
    ).values_list("fundrequest_id", "launch__link_id"):
        link_of[link_id].append(request_id)

    leads: dict[int, set[int]] = defaultdict(set)  # request id -> lead ids
    lead_registration: dict[int, int] = {}
    for lead_id, code, registration_id in (
        Lead.objects.visible_to(actor)
        .filter(fund_activity_code__in=list(by_code))
        .values_list("id", "fund_activity_code", "registration_id")
    ):
        leads[by_code[code].pk].add(lead_id)
        if registration_id:
            lead_registration[lead_id] = registration_id
    if link_of:
        for lead_id, link_id, created, registration_id in (
            Attribution.objects.visible_to(actor)
            .filter(status=AttributionStatus.ATTRIBUTED, link_id__in=list(link_of))
            .values_list("lead_id", "link_id", "created_at", "lead__registration_id")
        ):
            for request_id in link_of[link_id]:
                if timezone.localdate(created) >= starts[request_id]:
                    leads[request_id].add(lead_id)
                    if registration_id:
                        lead_registration[lead_id] = registration_id

    registrations: dict[int, set[int]] = defaultdict(set)
    for request_id, lead_ids in leads.items():
        registrations[request_id] |= {lead_registration[i] for i in lead_ids if i in lead_registration}
    wanted = {r for ids in registrations.values() for r in ids}
    rows = {
        row[0]: row
        for row in DealRegistration.objects.visible_to(actor)
        .filter(Q(fund_activity_code__in=list(by_code)) | Q(pk__in=wanted))
        .values_list("id", "fund_activity_code", "status", "amount", "won_amount", "currency")
    }
    for registration_id, code, *_rest in rows.values():
        if code in by_code:
            registrations[by_code[code].pk].add(registration_id)

    claimed = dict(
        FundClaim.objects.visible_to(actor)
        .filter(request_id__in=list(result), status=ClaimStatus.APPROVED)
        .values_list("request_id", "approved_amount")
    )
    for request in requests:
        roi = result[request.pk]
        roi.leads = len(leads[request.pk])
        found = [rows[r] for r in registrations[request.pk] if r in rows]
        roi.registrations = len(found)
        for _id, _code, status, amount, won_amount, currency in found:
            if status == RegistrationStatus.WON:
                roi.won += 1
                value = won_amount if won_amount is not None else amount
                roi.revenue[currency] = roi.revenue.get(currency, ZERO) + value
            elif status in OPEN_DEAL:
                roi.pipeline[currency] = roi.pipeline.get(currency, ZERO) + amount
        cost = activity_cost(request, claimed)
        if cost:
            roi.costs[request.currency] = cost
    table = RateTable()
    for roi in result.values():
        convert(roi, table)
    return result


def convert(roi: Roi, table: RateTable | None = None) -> Roi:
    """Totals in the program currency (each currency at today's rate; a missing rate leaves them unknown)."""
    table = table or RateTable()
    target = money_settings().reporting_currency
    roi.currency = target
    totals: dict[str, Decimal | None] = {}
    for name, amounts in (
        ("cost", roi.costs),
        ("revenue_total", roi.revenue),
        ("pipeline_total", roi.pipeline),
    ):
        total: Decimal | None = ZERO
        for currency, amount in amounts.items():
            try:
                total = (total or ZERO) + table.convert(amount, currency, target)
            except RateMissing:
                roi.missing_rates.append(currency)
                total = None
                break
        totals[name] = total
    roi.cost, roi.revenue_total, roi.pipeline_total = (
        totals["cost"],
        totals["revenue_total"],
        totals["pipeline_total"],
    )
    roi.missing_rates = sorted(set(roi.missing_rates))
    return roi


def partners_roi(*, actor: Actor, requests: list[FundRequest]) -> list[dict[str, Any]]:
    """Per partner (of the funded activities given): its activities' ROI together, the best first."""
    per_activity = activities_roi(actor=actor, requests=requests)
    by_partner: dict[int, dict[str, Any]] = {}
    for request in requests:
        row = by_partner.setdefault(request.partner_id, {"partner": request.partner, "roi": Roi()})
        row["roi"].add(per_activity[request.pk])
    table = RateTable()
    rows = list(by_partner.values())
    for row in rows:
        convert(row["roi"], table)
    return sorted(
        rows,
        key=lambda r: (r["roi"].roi is None, -(r["roi"].roi or 0), r["partner"].name),
    )
