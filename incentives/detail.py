"""Which deal earned what: the per-registration detail of accruals, recomputed from the same rules the run
used (`engine.line_sums` grouped by registration, `engine.rule_earnings`), with the facts the run stored on
each `Accrual` (the payee's type, tier and region, the exchange rate, the tier rate). An accrual's booked
amount is shared among its registrations by what each earned by the rules (cents to the largest remainders),
so the lines of an accrual always add up to what was booked; a registration reopened since keeps the share
recorded on its exception row.

Also here: the forecast of open protected registrations (what they would earn if won today) and
`earning_lines`, the rows a statement lists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from core.actor import Actor
from core.money import CENT
from deals.models import DealLine, DealRegistration, RegistrationStatus
from incentives.accrual import from_program, money, periods_between
from incentives.engine import (
    Payee,
    ProgramFacts,
    Sums,
    _payee_field,
    day_start,
    line_sums,
    program_facts,
    rule_earnings,
    tier_rate_at,
)
from incentives.models import (
    Accrual,
    Dispute,
    DisputeStatus,
    EarningException,
    ExceptionKind,
    ExceptionTrigger,
    IncentiveProgram,
    ProgramStatus,
    rep_money_filter,
)
from ledger.periods import period_by_code, period_of
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from partners.models import Partner
from referrals.models import AttributionStatus


@dataclass
class Share:
    """One registration's part of an accrual."""

    accrual: Accrual
    registration_id: int
    closed_at: dt.datetime
    basis: Decimal  # the amount won its counted lines hold
    base: Decimal  # what it earned by the rules (before the cap and the accelerator)
    amount: Decimal = Decimal(0)  # its share of what was booked
    departed: bool = False  # reopened since: its share is the one recorded then


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` shared in proportion to `weights`, in cents, adding up exactly (largest remainders)."""
    weight = sum(weights, Decimal(0))
    if total <= 0 or weight <= 0:
        return [Decimal(0)] * len(weights)
    raw = [total * w / weight for w in weights]
    shares = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    left = int(((total - sum(shares, Decimal(0))) / CENT).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - shares[i], weights[i]), reverse=True)
    for i in order[:left]:
        shares[i] += CENT
    return shares


def _payee(accrual: Accrual) -> Payee:
    return Payee(
        partner_id=accrual.partner_id,
        partner_type=accrual.partner_type,
        tier=accrual.partner_tier,
        region=accrual.partner_region,
    )


def _facts(program: IncentiveProgram, cache: dict[int, ProgramFacts]) -> ProgramFacts:
    if program.pk not in cache:
        cache[program.pk] = program_facts(program)
    return cache[program.pk]


def _window(accrual: Accrual, start_month: int) -> tuple[dt.datetime, dt.datetime]:
    """The closes an accrual covers: its run's window within its period."""
    period = period_by_code(accrual.period, start_month=start_month)
    return max(accrual.window_start, day_start(period.start)), min(accrual.window_end, day_start(period.end))


def shares_of(accruals: Iterable[Accrual], *, only: set[int] | None = None) -> dict[int, list[Share]]:
    """accrual id -> its registrations' shares; one query per program, payee, person and currency (the
    accruals of one statement share them). `only`: registrations of interest (the rest still weigh)."""
    start_month = money_settings().fiscal_year_start_month
    cache: dict[int, ProgramFacts] = {}
    batches: dict[tuple[Any, ...], list[Accrual]] = defaultdict(list)
    for accrual in accruals:
        payee = _payee(accrual)
        batches[(accrual.program_id, payee, accrual.person_id, accrual.currency)].append(accrual)
    out: dict[int, list[Share]] = {}
    for (_program_id, payee, person_id, currency), members in batches.items():
        facts = _facts(members[0].program, cache)
        windows = {accrual.pk: _window(accrual, start_month) for accrual in members}
        start = min(w[0] for w in windows.values())
        end = max(w[1] for w in windows.values())
        kept = EarningException.objects.filter(program_id=facts.program.pk, kind=ExceptionKind.KEPT).values(
            "registration_id"
        )
        lines = (
            DealLine.objects.filter(
                registration__status=RegistrationStatus.WON,
                registration__closed_at__gte=start,
                registration__closed_at__lt=end,
                registration__currency=currency,
            )
            .exclude(registration_id__in=kept)
            .annotate(actual_payee=_payee_field("id"))
            .filter(actual_payee=payee.partner_id)
        )
        if facts.program.is_spiff:
            lines = lines.filter(registration__registered_by_id=person_id)
        by_registration: dict[int, tuple[dt.datetime, Sums]] = {}
        for row in line_sums(facts, lines, keys=("registration_id", "registration__closed_at"), payee=payee):
            entry = by_registration.setdefault(
                row["registration_id"], (row["registration__closed_at"], Sums())
            )
            entry[1].add(row)
        gone: dict[int, list[EarningException]] = defaultdict(list)
        for reopened in EarningException.objects.filter(
            accrual__in=members, trigger=ExceptionTrigger.REOPENED
        ):
            gone[reopened.accrual_id].append(reopened)  # type: ignore[index]
        for accrual in members:
            low, high = windows[accrual.pk]
            convert = from_program(accrual.rate_to_program)
            current = []
            for registration_id, (closed_at, sums) in by_registration.items():
                if low <= closed_at < high:
                    earned = rule_earnings(facts, sums, from_program=convert)
                    if earned.counted or earned.own:
                        current.append(
                            Share(
                                accrual=accrual,
                                registration_id=registration_id,
                                closed_at=closed_at,
                                basis=money(earned.counted),
                                base=earned.base(accrual.tier_rate),
                            )
                        )
            departed = [
                Share(
                    accrual=accrual,
                    registration_id=row.registration_id,
                    closed_at=row.closed_at,
                    basis=row.basis,
                    base=row.base,
                    amount=row.earned,
                    departed=True,
                )
                for row in gone.get(accrual.pk, ())
            ]
            left = accrual.amount - sum((d.amount for d in departed), Decimal(0))
            for share, amount in zip(current, allocate(left, [s.base for s in current]), strict=True):
                share.amount = amount
            shares = current + departed
            if only is not None:
                shares = [s for s in shares if s.registration_id in only]
            out[accrual.pk] = shares
    return out


def registration_shares(registration: DealRegistration) -> list[Share]:
    """What the registration's current close earned, per accrual (program) that counted it."""
    if registration.closed_at is None:
        return []
    payees = {registration.partner_id}
    attribution = (
        DealRegistration.objects.filter(
            pk=registration.pk, lead__attribution__status=AttributionStatus.ATTRIBUTED
        )
        .values_list("lead__attribution__partner_id", flat=True)
        .first()
    )
    if attribution:
        payees = {attribution}
    candidates = Accrual.objects.filter(
        window_start__lte=registration.closed_at,
        window_end__gt=registration.closed_at,
        currency=registration.currency,
        partner_id__in=payees,
    ).select_related("program")
    if not candidates:
        return []
    shares = shares_of(candidates, only={registration.pk})
    return [s for found in shares.values() for s in found if not s.departed]


# --- statements ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EarningLine:
    """A statement's row: what one registration earned (or gave back) under one program."""

    registration: DealRegistration | None
    program: IncentiveProgram | None
    basis: Decimal
    amount: Decimal
    currency: str
    kind: str  # "accrual", "clawback" or "adjustment"
    booked_at: dt.datetime
    person_id: int | None = None


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else day_start(value)


def earning_lines(
    *, actor: Actor, partner: Partner, start: dt.date | dt.datetime, end: dt.date | dt.datetime
) -> list[EarningLine]:
    """The earning lines of `partner` booked in [start, end) that `actor` may read (a rep, as the money
    settings say): each accrued registration's share, each clawback and each dispute's adjustment. A
    statement lists these under its ledger totals; they add up to the earnings booked."""
    low, high = _moment(start), _moment(end)
    accruals = list(
        Accrual.objects.visible_to(actor)
        .filter(partner=partner, booked_at__gte=low, booked_at__lt=high)
        .select_related("program")
        .order_by("booked_at", "pk")
    )
    shares = shares_of(accruals)
    clawbacks = list(
        EarningException.objects.visible_to(actor)
        .filter(partner=partner, kind=ExceptionKind.CLAWBACK, transaction__booked_at__gte=low)
        .filter(transaction__booked_at__lt=high)
        .select_related("program", "transaction")
    )
    adjustments = list(
        Dispute.objects.visible_to(actor)
        .filter(partner=partner, status=DisputeStatus.UPHELD, transaction__booked_at__gte=low)
        .filter(transaction__booked_at__lt=high)
        .select_related("program", "transaction")
    )
    wanted = {s.registration_id for found in shares.values() for s in found}
    wanted |= {c.registration_id for c in clawbacks} | {a.registration_id for a in adjustments}
    registrations = DealRegistration.objects.only("public_id", "customer_name", "currency").in_bulk(wanted)
    lines = [
        EarningLine(
            registration=registrations.get(share.registration_id),
            program=accrual.program,
            basis=share.basis,
            amount=share.amount,
            currency=accrual.currency,
            kind="accrual",
            booked_at=accrual.booked_at,  # type: ignore[arg-type]
            person_id=accrual.person_id,
        )
        for accrual in accruals
        for share in shares.get(accrual.pk, [])
        if share.amount
    ]
    lines += [
        EarningLine(
            registration=registrations.get(row.registration_id),
            program=row.program,
            basis=row.refund if row.refund is not None else row.basis,
            amount=-row.amount,
            currency=row.currency,
            kind="clawback",
            booked_at=row.transaction.booked_at,  # type: ignore[union-attr]
            person_id=row.person_id,
        )
        for row in clawbacks
    ]
    lines += [
        EarningLine(
            registration=registrations.get(row.registration_id),
            program=row.program,
            basis=Decimal(0),
            amount=row.adjustment_amount or Decimal(0),
            currency=row.adjustment_currency,
            kind="adjustment",
            booked_at=row.transaction.booked_at,  # type: ignore[union-attr]
        )
        for row in adjustments
    ]
    lines.sort(key=lambda line: (line.booked_at, line.kind))
    return lines


# --- the forecast -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastLine:
    registration: DealRegistration
    program: IncentiveProgram
    amount: Decimal
    currency: str
    person_id: int | None = None


def forecast_lines(*, actor: Actor, partner: Partner) -> list[ForecastLine]:
    """What `partner`'s open protected registrations (approved, protection not over) would earn if won today,
    by the rules of the programs active today: their own rates and amounts, volume tiers at the rate the
    period's volume has reached; before any accelerator or cap."""
    today = timezone.localdate()
    narrowing = rep_money_filter(actor, person="registration__registered_by")
    registrations = DealRegistration.objects.visible_to(actor).filter(
        Q(partner=partner)
        | Q(lead__attribution__partner=partner, lead__attribution__status=AttributionStatus.ATTRIBUTED),
        status=RegistrationStatus.APPROVED,
        protected_until__gte=today,
    )
    programs = IncentiveProgram.objects.filter(status=ProgramStatus.ACTIVE, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    table = RateTable(today)
    found: list[tuple[int, IncentiveProgram, Decimal, str, int | None]] = []
    start_month = money_settings().fiscal_year_start_month
    for program in programs.order_by("pk"):
        if actor.partner_role == "rep" and narrowing is not None and not program.is_spiff:
            continue  # a rep reading their own SPIFFs only
        facts = program_facts(program)
        if not facts.rules:
            continue
        lines = DealLine.objects.filter(registration__in=registrations.values("pk"))
        if narrowing is not None:
            lines = lines.filter(narrowing)
        period = period_of(today, kind=program.period, start_month=start_month).code
        volumes: dict[int | None, Decimal] = dict(
            Accrual.objects.filter(program=program, partner=partner, period=period)
            .values("person_id")
            .annotate(v=Sum("tier_volume"))
            .values_list("person_id", "v")
        )
        per_registration: dict[tuple[int, str, int | None], Sums] = defaultdict(Sums)
        for row in line_sums(facts, lines, keys=("registration_id",), as_of=today):
            if row["payee"] == partner.pk:
                per_registration[(row["registration_id"], row["currency"], row["person"])].add(row)
        for (registration_id, currency, person), sums in per_registration.items():
            try:
                rate = table.rate(currency, program.currency) if facts.needs_rates else None
            except RateMissing:
                continue
            earned = rule_earnings(facts, sums, from_program=from_program(rate))
            tier_rate = tier_rate_at(facts.tiers, volumes.get(person) or Decimal(0))
            amount = money(earned.base(tier_rate))
            if amount > 0:
                found.append((registration_id, program, amount, currency, person))
    registrations_by_id = DealRegistration.objects.in_bulk({f[0] for f in found})
    return [
        ForecastLine(registrations_by_id[r], program, amount, currency, person)
        for r, program, amount, currency, person in found
    ]


def forecast_totals(lines: list[ForecastLine]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.currency] += line.amount
    return dict(sorted(totals.items()))


__all__ = ["periods_between"]
