"""Reads of market development funds, through `visible_to`: staff read every budget, allocation, request and
claim; a partner's users read their own company's (its admin everything, its reps the activities, and the
money only when the money settings let reps see what the company earns)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import Launch
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from funds.books import ZERO, period_balances
from funds.filters import AllocationFilterSet, BudgetFilterSet, ClaimFilterSet, RequestFilterSet
from funds.models import (
    OPEN_CLAIM_STATUSES,
    ClaimDuplicate,
    ClaimFile,
    FundAllocation,
    FundBudget,
    FundClaim,
    FundRequest,
    RequestStatus,
)
from ledger.models import LedgerAccount
from ledger.periods import Period, period_of
from ledger.selectors import balances, money_settings
from partners.models import Partner
from referrals.models import ReferralLink
from referrals.selectors import LINKING_STATUSES

A = LedgerAccount


# --- budgets ------------------------------------------------------------------------------------------------


def budgets_visible(*, actor: Actor) -> QuerySet[FundBudget]:
    return FundBudget.objects.visible_to(actor)


def _with_totals(budgets: QuerySet[FundBudget]) -> QuerySet[FundBudget]:
    allocated = (
        FundAllocation.objects.filter(budget=OuterRef("pk"))
        .order_by()
        .values("budget")
        .annotate(total=Sum("allocated"), n=Count("partner", distinct=True))
    )
    return budgets.annotate(
        allocated_total=Coalesce(Subquery(allocated.values("total")), ZERO),
        partner_total=Subquery(allocated.values("n")),
    )


def budget_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> BudgetFilterSet:
    return bind_filters(
        BudgetFilterSet,
        data,
        queryset=_with_totals(budgets_visible(actor=actor)).order_by("-starts_on", "currency", "id"),
        strict=strict,
        actor=actor,
        periods=budget_periods(actor=actor),
    )


def budget_get(*, actor: Actor, public_id: UUID | str) -> FundBudget:
    return get_visible_or_404(_with_totals(budgets_visible(actor=actor)), public_id=public_id)


def budget_periods(*, actor: Actor) -> list[tuple[str, str]]:
    """The periods of the budgets the reader may see (staff), newest first, as (code, label)."""
    rows = budgets_visible(actor=actor).order_by("-starts_on").values_list("period", "starts_on").distinct()
    return _period_labels(rows)


def _period_labels(rows: Any) -> list[tuple[str, str]]:
    from ledger.periods import period_by_code

    start_month = money_settings().fiscal_year_start_month
    seen: dict[str, str] = {}
    for code, _start in rows:
        if code not in seen:
            try:
                seen[code] = str(period_by_code(code, start_month=start_month).label)
            except ValueError:
                seen[code] = code
    return list(seen.items())


def periods_to_budget(*, today: date | None = None) -> list[tuple[str, str]]:
    """The periods a new budget may be for: the program's kind of period, from the previous to four ahead."""
    settings = money_settings()
    kind, start_month = settings.fund_period, settings.fiscal_year_start_month
    current = period_of(today or timezone.localdate(), kind=kind, start_month=start_month)
    periods = [period_of(current.start - timedelta(days=1), kind=kind, start_month=start_month), current]
    for _ in range(4):
        periods.append(period_of(periods[-1].end, kind=kind, start_month=start_month))
    return [(p.code, str(p.label)) for p in periods]


def current_period(*, today: date | None = None) -> Period:
    settings = money_settings()
    return period_of(
        today or timezone.localdate(), kind=settings.fund_period, start_month=settings.fiscal_year_start_month
    )


# --- allocations --------------------------------------------------------------------------------------------


def allocations_visible(*, actor: Actor) -> QuerySet[FundAllocation]:
    return FundAllocation.objects.visible_to(actor).select_related("budget", "partner")


def allocation_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AllocationFilterSet:
    return bind_filters(
        AllocationFilterSet,
        data,
        queryset=allocations_visible(actor=actor).order_by("-budget__starts_on", "partner__name", "id"),
        strict=strict,
        actor=actor,
        partners=partner_choices(actor=actor),
        periods=funded_periods(actor=actor) if not actor.is_staff else budget_periods(actor=actor),
        budgets=budgets_visible(actor=actor),
    )


def allocation_get(*, actor: Actor, public_id: UUID | str) -> FundAllocation:
    return get_visible_or_404(allocations_visible(actor=actor), public_id=public_id)


def partner_choices(*, actor: Actor) -> QuerySet[Partner]:
    """The partners staff may allocate funds to or filter by (those that may sell)."""
    if not actor.is_staff:
        return Partner.objects.none()
    return (
        Partner.objects.visible_to(actor)
        .filter(status__in=LINKING_STATUSES)
        .only("id", "public_id", "name")
        .order_by("name")
    )


def funded_periods(*, actor: Actor, open_only: bool = False) -> list[tuple[str, str]]:
    """The periods the reader's company has funds in (its allocations), newest first, as (code, label)."""
    rows = allocations_visible(actor=actor)
    if open_only:
        rows = rows.filter(budget__closed_at__isnull=True)
    values = rows.order_by("-budget__starts_on").values_list("budget__period", "budget__starts_on").distinct()
    return _period_labels(values)


def funded_currencies(*, actor: Actor) -> list[str]:
    rows = allocations_visible(actor=actor).filter(budget__closed_at__isnull=True)
    return list(dict.fromkeys(rows.order_by("-budget__starts_on").values_list("budget__currency", flat=True)))


# --- requests and claims ------------------------------------------------------------------------------------


def requests_visible(*, actor: Actor) -> QuerySet[FundRequest]:
    return FundRequest.objects.visible_to(actor).select_related("budget", "partner")


def request_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RequestFilterSet:
    return bind_filters(
        RequestFilterSet,
        data,
        queryset=requests_visible(actor=actor).order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=partner_choices(actor=actor),
        periods=_reader_periods(actor),
    )


def _reader_periods(actor: Actor) -> list[tuple[str, str]]:
    if actor.is_staff:
        return budget_periods(actor=actor)
    rows = (
        FundRequest.objects.visible_to(actor)
        .order_by("-budget__starts_on")
        .values_list("budget__period", "budget__starts_on")
    )
    return _period_labels(rows.distinct())


def request_get(*, actor: Actor, public_id: UUID | str) -> FundRequest:
    return get_visible_or_404(
        requests_visible(actor=actor).select_related("requested_by", "decided_by", "recommended_by"),
        public_id=public_id,
    )


def request_claims(*, actor: Actor, request: FundRequest) -> QuerySet[FundClaim]:
    return FundClaim.objects.visible_to(actor).filter(request=request).order_by("-created_at", "-id")


def request_links(*, actor: Actor, request: FundRequest) -> tuple[list[ReferralLink], list[Launch]]:
    links = list(
        ReferralLink.objects.visible_to(actor).filter(pk__in=request.links.values("pk")).order_by("name")
    )
    launches = list(
        Launch.objects.visible_to(actor)
        .filter(pk__in=request.launches.values("pk"))
        .select_related("kit")
        .order_by("-created_at")
    )
    return links, launches


def link_choices(*, actor: Actor) -> QuerySet[ReferralLink]:
    """The referral links a partner may name on its request: its company's own."""
    if not actor.is_partner:
        return ReferralLink.objects.none()
    return ReferralLink.objects.visible_to(actor).filter(partner=actor.partner).order_by("name")


def launch_choices(*, actor: Actor) -> QuerySet[Launch]:
    if not actor.is_partner:
        return Launch.objects.none()
    return (
        Launch.objects.visible_to(actor)
        .filter(partner=actor.partner)
        .select_related("kit")
        .order_by("-created_at")
    )


def claims_visible(*, actor: Actor) -> QuerySet[FundClaim]:
    flagged = Exists(ClaimDuplicate.objects.visible_to(actor).filter(claim=OuterRef("pk")))
    return (
        FundClaim.objects.visible_to(actor)
        .select_related("request", "request__budget", "partner")
        .annotate(flagged=flagged)
    )


def claim_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ClaimFilterSet:
    return bind_filters(
        ClaimFilterSet,
        data,
        queryset=claims_visible(actor=actor).order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=partner_choices(actor=actor),
        periods=_reader_periods(actor),
    )


def claim_get(*, actor: Actor, public_id: UUID | str) -> FundClaim:
    return get_visible_or_404(
        claims_visible(actor=actor).select_related(
            "submitted_by", "decided_by", "recommended_by", "overridden_by"
        ),
        public_id=public_id,
    )


def claim_files(*, actor: Actor, claim: FundClaim) -> QuerySet[ClaimFile]:
    return ClaimFile.objects.visible_to(actor).filter(claim=claim).select_related("uploaded_by")


def claim_duplicates(*, actor: Actor, claim: FundClaim) -> QuerySet[ClaimDuplicate]:
    """The possible duplicates of `claim` the reader may see (staff: every one; a partner: its own claims)."""
    return (
        ClaimDuplicate.objects.visible_to(actor)
        .filter(claim=claim)
        .select_related("other", "other__partner", "other__request")
        .order_by("id")
    )


def file_get(*, actor: Actor, public_id: UUID | str) -> ClaimFile:
    return get_visible_or_404(
        ClaimFile.objects.visible_to(actor).select_related("claim"), public_id=public_id
    )


# --- balances -----------------------------------------------------------------------------------------------


@dataclass
class PeriodFunds:
    """A partner's funds of one budget: allocated, available now, committed to approved requests."""

    budget: FundBudget
    allocated: Decimal = ZERO
    available: Decimal = ZERO
    committed: Decimal = ZERO


@dataclass
class FundsOverview:
    periods: list[PeriodFunds] = field(default_factory=list)
    payable: dict[str, Decimal] = field(default_factory=dict)  # claims approved, not yet paid


def partner_funds(*, actor: Actor, partner: Partner, open_only: bool = True) -> FundsOverview:
    """A partner's funds per period (its open budgets unless `open_only` is False), and what it is owed."""
    allocations = allocations_visible(actor=actor).filter(partner=partner)
    if open_only:
        allocations = allocations.filter(budget__closed_at__isnull=True)
    by_budget: dict[int, PeriodFunds] = {}
    for allocation in allocations.order_by("-budget__starts_on", "budget__currency"):
        funds = by_budget.setdefault(allocation.budget_id, PeriodFunds(budget=allocation.budget))
        funds.allocated += allocation.allocated
    overview = FundsOverview(periods=list(by_budget.values()))
    sums = period_balances(
        actor=actor,
        budgets=[f.budget for f in overview.periods],
        accounts=[A.MDF_AVAILABLE, A.MDF_COMMITTED],
        partner=partner,
    )
    for funds in overview.periods:
        funds.available = sums.get((funds.budget.pk, partner.pk, A.MDF_AVAILABLE), ZERO)
        funds.committed = sums.get((funds.budget.pk, partner.pk, A.MDF_COMMITTED), ZERO)
    owed = balances(actor=actor, partner=partner, accounts=[A.MDF_PAYABLE])
    overview.payable = {currency: amount for (_account, currency), amount in owed.items() if amount}
    return overview


def budget_partners(*, actor: Actor, budget: FundBudget) -> list[dict[str, Any]]:
    """Each partner of a budget: its allocations' total, what it has available and committed (staff)."""
    allocations = list(allocations_visible(actor=actor).filter(budget=budget).order_by("partner__name"))
    sums = period_balances(actor=actor, budgets=[budget], accounts=[A.MDF_AVAILABLE, A.MDF_COMMITTED])
    rows: dict[int, dict[str, Any]] = {}
    for allocation in allocations:
        row = rows.setdefault(
            allocation.partner_id,
            {"partner": allocation.partner, "allocations": [], "allocated": ZERO},
        )
        row["allocations"].append(allocation)
        row["allocated"] += allocation.allocated
    for partner_id, row in rows.items():
        row["available"] = sums.get((budget.pk, partner_id, A.MDF_AVAILABLE), ZERO)
        row["committed"] = sums.get((budget.pk, partner_id, A.MDF_COMMITTED), ZERO)
    return sorted(rows.values(), key=lambda r: (-r["committed"], -r["allocated"], r["partner"].name))


def claims_awaiting(*, actor: Actor) -> QuerySet[FundClaim]:
    """Claims awaiting a decision (marketing's or the chief's)."""
    return FundClaim.objects.visible_to(actor).filter(status__in=OPEN_CLAIM_STATUSES)


def requests_awaiting(*, actor: Actor) -> QuerySet[FundRequest]:
    return FundRequest.objects.visible_to(actor).filter(
        status__in=[RequestStatus.SUBMITTED, RequestStatus.AWAITING_CHIEF]
    )
