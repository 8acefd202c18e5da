"""Reads of incentives, through `visible_to`: staff read every program, accrual and dispute; a partner user
reads the live programs meant for the company they act for, its own earnings (a sales rep as the money
settings say: their own SPIFFs, everything, or nothing) and, as the admin, its disputes.

`earning_lines(actor, partner, start, end)` is what a statement lists per registration (`incentives.detail`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import QuerySet, Sum

from catalog.models import Product, ProductFamily
from core.actor import Actor
from core.listing import bind_filters
from core.money import CENT
from core.scoping import get_visible_or_404
from deals.models import DealRegistration, RegistrationStatus
from incentives import detail
from incentives.filters import DisputeFilterSet, EarningFilterSet, ProgramFilterSet, TargetFilterSet
from incentives.models import (
    LIVE,
    Accrual,
    AccrualRun,
    Dispute,
    EarningException,
    IncentiveProgram,
    IncentiveRule,
    Target,
    VolumeTier,
)
from ledger.models import LedgerAccount, LedgerEntry, TransactionKind
from partners.models import Partner


def programs_visible(*, actor: Actor) -> QuerySet[IncentiveProgram]:
    return IncentiveProgram.objects.visible_to(actor)


def program_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ProgramFilterSet:
    return bind_filters(
        ProgramFilterSet,
        data,
        queryset=programs_visible(actor=actor).order_by("name_en", "-version", "id"),
        strict=strict,
        actor=actor,
    )


def program_get(*, actor: Actor, public_id: UUID | str) -> IncentiveProgram:
    return get_visible_or_404(
        programs_visible(actor=actor).select_related("previous", "created_by"), public_id=public_id
    )


def program_choices(*, actor: Actor) -> QuerySet[IncentiveProgram]:
    return programs_visible(actor=actor).order_by("name_en", "-version")


def program_rules(*, actor: Actor, program: IncentiveProgram) -> list[IncentiveRule]:
    return list(
        IncentiveRule.objects.visible_to(actor)
        .filter(program=program)
        .prefetch_related("products", "families")
        .order_by("position")
    )


def program_tiers(*, actor: Actor, program: IncentiveProgram) -> list[VolumeTier]:
    return list(VolumeTier.objects.visible_to(actor).filter(program=program).order_by("from_amount"))


def rule_get(*, actor: Actor, public_id: UUID | str) -> IncentiveRule:
    return get_visible_or_404(
        IncentiveRule.objects.visible_to(actor).select_related("program"), public_id=public_id
    )


def product_choices(*, actor: Actor) -> QuerySet[Product]:
    return Product.objects.visible_to(actor).order_by("sku")


def family_choices(*, actor: Actor) -> QuerySet[ProductFamily]:
    return ProductFamily.objects.visible_to(actor).order_by("name")


def partner_choices(*, actor: Actor) -> QuerySet[Partner]:
    return Partner.objects.visible_to(actor).order_by("name")


def newer_version(*, actor: Actor, program: IncentiveProgram) -> IncentiveProgram | None:
    return programs_visible(actor=actor).filter(previous=program).first()


# --- targets ------------------------------------------------------------------------------------------------


def target_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> TargetFilterSet:
    return bind_filters(
        TargetFilterSet,
        data,
        queryset=Target.objects.visible_to(actor)
        .select_related("program", "partner", "set_by")
        .order_by("-period", "partner__name", "id"),
        strict=strict,
        actor=actor,
        programs=program_choices(actor=actor),
        partners=partner_choices(actor=actor),
    )


def target_get(*, actor: Actor, public_id: UUID | str) -> Target:
    return get_visible_or_404(
        Target.objects.visible_to(actor).select_related("program", "partner"), public_id=public_id
    )


# --- runs and accruals --------------------------------------------------------------------------------------


def recent_runs(*, actor: Actor, limit: int = 5) -> list[AccrualRun]:
    return list(AccrualRun.objects.visible_to(actor).select_related("started_by")[:limit])


def accrual_get(*, actor: Actor, public_id: UUID | str) -> Accrual:
    return get_visible_or_404(
        Accrual.objects.visible_to(actor).select_related("program", "partner", "person"),
        public_id=public_id,
    )


@dataclass(frozen=True)
class AccrualLine:
    registration: DealRegistration | None
    basis: Decimal
    amount: Decimal
    departed: bool


def accrual_lines(*, actor: Actor, accrual: Accrual) -> list[AccrualLine]:
    """Which registrations an accrual paid for and what each earned (recomputed from the rules)."""
    shares = detail.shares_of([accrual]).get(accrual.pk, [])
    registrations = DealRegistration.objects.only("public_id", "customer_name", "currency").in_bulk(
        [s.registration_id for s in shares]
    )
    return sorted(
        (AccrualLine(registrations.get(s.registration_id), s.basis, s.amount, s.departed) for s in shares),
        key=lambda line: (-line.amount, line.registration.customer_name if line.registration else ""),
    )


def accrual_exceptions(*, actor: Actor, accrual: Accrual) -> QuerySet[EarningException]:
    return EarningException.objects.visible_to(actor).filter(accrual=accrual).select_related("registration")


def program_accruals(*, actor: Actor, program: IncentiveProgram, limit: int = 20) -> list[Accrual]:
    return list(
        Accrual.objects.visible_to(actor)
        .filter(program=program)
        .select_related("partner", "person")
        .order_by("-window_end", "-id")[:limit]
    )


# --- earnings -----------------------------------------------------------------------------------------------


def earning_entries(*, actor: Actor) -> QuerySet[LedgerEntry]:
    """The entries on partners' earnings payable the reader may see: what they earned, gave back, were
    adjusted and were paid (a rep as the money settings say)."""
    return LedgerEntry.objects.visible_to(actor).filter(account=LedgerAccount.EARNINGS_PAYABLE)


def earning_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> EarningFilterSet:
    return bind_filters(
        EarningFilterSet,
        data,
        queryset=earning_entries(actor=actor)
        .select_related("transaction", "partner", "person")
        .order_by("-booked_at", "-id"),
        strict=strict,
        actor=actor,
        partners=partner_choices(actor=actor),
    )


@dataclass
class Totals:
    """One currency's earnings: earned (accrued and adjusted), clawed back, paid, pending (the balance)."""

    currency: str
    earned: Decimal = Decimal(0)
    clawed_back: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    pending: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)


@dataclass
class EarningsSummary:
    totals: list[Totals] = field(default_factory=list)
    forecast: list[detail.ForecastLine] = field(default_factory=list)


EARNED = (TransactionKind.ACCRUAL, TransactionKind.ADJUSTMENT)


def earning_totals(*, actor: Actor, entries: QuerySet[LedgerEntry] | None = None) -> dict[str, Totals]:
    """Per currency, in one grouped query over the entries (the list's, filtered, or all the reader sees)."""
    rows = (
        (entries if entries is not None else earning_entries(actor=actor))
        .order_by()
        .values("currency", "transaction__kind")
        .annotate(total=Sum("amount"))
    )
    totals: dict[str, Totals] = {}
    for row in rows:
        found = totals.setdefault(row["currency"], Totals(row["currency"]))
        amount = row["total"] or Decimal(0)
        found.pending -= amount  # earnings payable is credit-normal
        if row["transaction__kind"] in EARNED:
            found.earned -= amount
        elif row["transaction__kind"] == TransactionKind.CLAWBACK:
            found.clawed_back += amount
        elif row["transaction__kind"] == TransactionKind.PAYOUT:
            found.paid += amount
        elif row["transaction__kind"] == TransactionKind.REVERSAL:
            found.earned -= amount
    for found in totals.values():
        for name in ("earned", "clawed_back", "paid", "pending"):
            setattr(found, name, getattr(found, name).quantize(CENT))
    return dict(sorted(totals.items()))


def earnings_summary(*, actor: Actor, partner: Partner | None) -> EarningsSummary:
    """The Earnings page's figures: totals per currency and, for one partner, the forecast of its open
    protected registrations."""
    entries = earning_entries(actor=actor)
    if partner is not None:
        entries = entries.filter(partner=partner)
    totals = earning_totals(actor=actor, entries=entries)
    forecast = detail.forecast_lines(actor=actor, partner=partner) if partner is not None else []
    for currency, amount in detail.forecast_totals(forecast).items():
        totals.setdefault(currency, Totals(currency)).forecast = amount
    return EarningsSummary(totals=list(dict(sorted(totals.items())).values()), forecast=forecast)


def earning_lines(
    *, actor: Actor, partner: Partner, start: dt.date | dt.datetime, end: dt.date | dt.datetime
) -> list[detail.EarningLine]:
    """The per-registration detail a statement lists for `partner`, booked in [start, end): rows of
    (registration, program, basis, amount, currency, kind) — kind "accrual", "clawback" or "adjustment"."""
    return detail.earning_lines(actor=actor, partner=partner, start=start, end=end)


def forecast(*, actor: Actor, partner: Partner) -> list[detail.ForecastLine]:
    return detail.forecast_lines(actor=actor, partner=partner)


def money_partner(*, actor: Actor, public_id: UUID | str | None) -> Partner | None:
    """Whose earnings a page shows: the partner a partner user acts for; for staff the one chosen (or all)."""
    if actor.is_partner:
        return actor.partner
    if not public_id:
        return None
    try:
        return Partner.objects.visible_to(actor).filter(public_id=public_id).first()
    except (ValueError, TypeError):
        return None


# --- disputes -----------------------------------------------------------------------------------------------


def dispute_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> DisputeFilterSet:
    return bind_filters(
        DisputeFilterSet,
        data,
        queryset=Dispute.objects.visible_to(actor)
        .select_related("partner", "registration", "program", "raised_by")
        .order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=partner_choices(actor=actor),
    )


def dispute_get(*, actor: Actor, public_id: UUID | str) -> Dispute:
    return get_visible_or_404(
        Dispute.objects.visible_to(actor).select_related(
            "partner", "registration", "program", "raised_by", "decided_by", "approved_by", "transaction"
        ),
        public_id=public_id,
    )


def disputable_registrations(*, actor: Actor) -> QuerySet[DealRegistration]:
    """The company's won registrations (a distributor's resellers' too), newest first."""
    if not actor.is_partner:
        return DealRegistration.objects.none()
    return (
        DealRegistration.objects.visible_to(actor)
        .filter(status=RegistrationStatus.WON)
        .order_by("-closed_at", "-id")
    )


def live_program_count(*, actor: Actor) -> int:
    return programs_visible(actor=actor).filter(status__in=LIVE).count()


def per_currency(values: dict[str, Decimal]) -> str:
    return ", ".join(f"{amount} {currency}" for currency, amount in sorted(values.items())) or "—"


__all__ = ["defaultdict", "dt"]
