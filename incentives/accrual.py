"""The accrual run: every live program's won registrations closed since its watermark, summed in one query,
booked as one ledger transaction per payee, currency and period.

For each program, in a transaction of its own holding the program's row lock (so two runs at once take turns,
and the second finds the watermark moved): registrations closed in [accrued_until, cutoff) — within the
program's dates, won, not kept out by an exception row — are summed per payee, currency, person (a SPIFF)
and period and rule (`engine.line_sums`); each group's earnings by the rules (`engine.rule_earnings`) are
then settled on the aggregates, per payee and period, in the program currency (`Settlement`):

1. volume tiers: the lines earning by tier earn, together, what their part of the period's volume earns at
   marginal rates (the volume of earlier runs in the period counts first);
2. the accelerator: earnings on the volume above the payee's target for the period are multiplied;
3. the cap: never more than the cap for the period, earlier runs included.

Each group is booked with `ledger.posting.book_many` (debit incentive expense, credit earnings payable), its
`Accrual` row written, and the watermark moved to the cutoff, together. A rerun finds nothing new and books
nothing; a key booked already is skipped. The cutoff trails the clock by `INCENTIVES_ACCRUAL_LAG_SECONDS`,
so a deal closed in a transaction still open while the run reads is not passed over.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.actor import Actor
from core.db import insert_rows
from core.events import record_event
from core.money import CENT
from core.scoping import lock_visible
from deals.models import DealLine, RegistrationStatus
from incentives.engine import (
    Earned,
    ProgramFacts,
    Sums,
    day_start,
    line_sums,
    marginal,
    program_facts,
    rule_earnings,
)
from incentives.models import (
    LIVE,
    Accrual,
    AccrualRun,
    EarningException,
    ExceptionKind,
    IncentiveProgram,
    RunTrigger,
    Target,
)
from ledger.models import LedgerAccount, TransactionKind
from ledger.periods import Period, period_of
from ledger.posting import Posting, book_many, move
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from partners.models import Partner

RATE_PLACES = Decimal("0.0000000001")
TIER_PLACES = Decimal("0.000000000001")
BASE_PLACES = Decimal("0.000001")
ONE = Decimal(1)


def accrual_lag() -> dt.timedelta:
    return dt.timedelta(seconds=settings.INCENTIVES_ACCRUAL_LAG_SECONDS)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def periods_between(start: dt.datetime, end: dt.datetime, *, kind: str) -> list[Period]:
    """The fiscal periods the closes in [start, end) fall in, in order."""
    start_month = money_settings().fiscal_year_start_month
    found = [period_of(timezone.localdate(start), kind=kind, start_month=start_month)]
    last_day = timezone.localdate(end - dt.timedelta(microseconds=1))
    while found[-1].end <= last_day:
        found.append(period_of(found[-1].end, kind=kind, start_month=start_month))
    return found


@dataclass
class Group:
    """One payee's earnings in one currency and period of this run."""

    payee: int
    currency: str
    person: int | None
    period: Period
    sums: Sums = field(default_factory=Sums)
    earned: Earned | None = None
    rate_to_program: Decimal | None = None
    tier_rate: Decimal = Decimal(0)
    base: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)

    @property
    def subject(self) -> tuple[int, int | None, str]:
        return (self.payee, self.person, self.period.code)

    def in_program(self, value: Decimal) -> Decimal:
        return value * (self.rate_to_program if self.rate_to_program is not None else ONE)


def conversion(table: RateTable, currency: str, program_currency: str, *, needed: bool) -> Decimal | None:
    """1 `currency` in the program currency, stored with ten decimals (the detail reads the same), or None
    when nothing of the program needs it."""
    if currency == program_currency:
        return ONE
    if not needed:
        return None
    return table.rate(currency, program_currency).quantize(RATE_PLACES)


def from_program(rate_to_program: Decimal | None) -> Decimal:
    """The program currency's fixed amounts in a group's currency."""
    if rate_to_program is None or rate_to_program == ONE:
        return ONE
    return ONE / rate_to_program


@dataclass(frozen=True)
class Earlier:
    volume: Decimal = Decimal(0)
    tier_volume: Decimal = Decimal(0)
    amount_program: Decimal = Decimal(0)


def settle(
    facts: ProgramFacts,
    groups: list[Group],
    *,
    earlier: dict[tuple[int, int | None, str], Earlier],
    targets: dict[tuple[int, str], Decimal],
) -> None:
    """Tiers, accelerator and cap, per payee and period, on the aggregates: sets each group's tier rate,
    base and amount."""
    program = facts.program
    by_subject: dict[tuple[int, int | None, str], list[Group]] = defaultdict(list)
    for group in groups:
        group.earned = rule_earnings(facts, group.sums, from_program=from_program(group.rate_to_program))
        by_subject[group.subject].append(group)
    for subject, members in by_subject.items():
        before = earlier.get(subject, Earlier())
        volume = sum((g.in_program(g.earned.counted) for g in members if g.earned), Decimal(0))
        tier_volume = sum((g.in_program(g.earned.tier_basis) for g in members if g.earned), Decimal(0))
        tier_rate = Decimal(0)
        if tier_volume > 0:
            earned_by_tier = marginal(facts.tiers, before.tier_volume, before.tier_volume + tier_volume)
            tier_rate = (earned_by_tier / tier_volume).quantize(TIER_PLACES)
        factor = ONE
        target = targets.get((subject[0], subject[2]))
        if program.accelerator and target is not None and volume > 0:
            above = before.volume + volume - max(before.volume, target)
            if above > 0:
                factor += (program.accelerator - ONE) * min(above, volume) / volume
        for group in members:
            assert group.earned is not None
            group.tier_rate = tier_rate
            exact = group.earned.base(tier_rate)
            group.base = exact.quantize(BASE_PLACES)  # as stored; the amount is rounded once, from the exact
            group.amount = exact * factor
        if program.cap is not None:
            total = sum((g.in_program(g.amount) for g in members), Decimal(0))
            room = max(program.cap - before.amount_program, Decimal(0))
            if total > room:
                scale = room / total if total else Decimal(0)
                for group in members:
                    group.amount *= scale
        for group in members:
            group.amount = max(money(group.amount), Decimal(0))


def accrual_key(program: IncentiveProgram, group: Group, window_end: dt.datetime) -> str:
    return (
        f"incentive-accrual:{program.public_id}:{window_end.isoformat()}:{group.payee}:{group.currency}:"
        f"{group.person or '-'}:{group.period.code}"
    )


def descriptions(program: IncentiveProgram, start: dt.datetime, end: dt.datetime) -> Any:
    """The transactions' description, as a statement shows it, per period: `describe(group)` is what the
    ledger calls once per language of the site (`ledger.posting.Posting`); each text is written once per run,
    not once per group."""
    cache: dict[tuple[str, str], str] = {}
    first = timezone.localdate(start).isoformat()
    last = timezone.localdate(end - dt.timedelta(microseconds=1)).isoformat()

    def describe(group: Group) -> Any:
        def text() -> str:
            key = (translation.get_language() or settings.LANGUAGE_CODE, group.period.code)
            if key not in cache:
                cache[key] = _("%(kind)s: %(program)s, won deals closed %(start)s – %(end)s (%(period)s)") % {
                    "kind": program.get_kind_display(),
                    "program": str(program),
                    "start": first,
                    "end": last,
                    "period": group.period.label,
                }
            return cache[key]

        return text

    return describe


@dataclass
class ProgramRun:
    groups: int = 0
    booked: int = 0
    problem: str = ""


def accrue_program(
    program: IncentiveProgram, *, run: AccrualRun, actor: Actor, table: RateTable
) -> ProgramRun:
    """One program's accrual up to the run's cutoff, in its own transaction under the program's row lock."""
    outcome = ProgramRun()
    with transaction.atomic():
        program = lock_visible(IncentiveProgram.objects, actor=actor, pk=program.pk)
        if program.status not in LIVE:
            return outcome
        facts = program_facts(program)
        first, last = facts.window()
        start = max(program.accrued_until or first, first)
        end = min(run.cutoff, last) if last else run.cutoff
        if start >= end:
            return outcome
        periods = periods_between(start, end, kind=program.period)
        boundaries = [day_start(period.end) for period in periods[:-1]]
        kept = EarningException.objects.filter(program=program, kind=ExceptionKind.KEPT).values(
            "registration_id"
        )
        lines = DealLine.objects.filter(
            registration__status=RegistrationStatus.WON,
            registration__closed_at__gte=start,
            registration__closed_at__lt=end,
        ).exclude(registration_id__in=kept)
        groups: dict[tuple[Any, ...], Group] = {}
        for row in line_sums(facts, lines, boundaries=boundaries):
            key = (row["payee"], row["currency"], row["person"], row["period"])
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(
                    payee=row["payee"],
                    currency=row["currency"],
                    person=row["person"],
                    period=periods[row["period"]],
                )
            group.sums.add(row)
        found = [g for g in groups.values() if any(index for index in g.sums.basis)]
        try:
            for group in found:
                group.rate_to_program = conversion(
                    table, group.currency, program.currency, needed=facts.needs_rates
                )
        except RateMissing as missing:
            outcome.problem = missing.messages[0]
            return outcome
        subjects = {g.subject for g in found}
        earlier = _earlier(program, subjects)
        targets = _targets(program, subjects)
        settle(facts, found, earlier=earlier, targets=targets)
        outcome.groups = len(found)
        outcome.booked = _book(program, found, run=run, actor=actor, start=start, end=end)
        program.accrued_until = end
        program.save(update_fields=["accrued_until", "updated_at"])
        if found:
            record_event(
                actor=actor,
                verb="incentive_program.accrued",
                target=program,
                after={"accrued_until": end, "groups": len(found), "transactions": outcome.booked},
            )
        from incentives.reactions import settle_pending_refunds

        settle_pending_refunds(program, actor=actor)
    return outcome


def _earlier(program: IncentiveProgram, subjects: set[tuple[int, int | None, str]]) -> dict:
    """What earlier runs counted per payee and period: volume, tier volume, amount in the program currency."""
    if not subjects:
        return {}
    partners = {s[0] for s in subjects}
    codes = {s[2] for s in subjects}
    rows = (
        Accrual.objects.filter(program=program, partner_id__in=partners, period__in=codes)
        .values("partner_id", "person_id", "period")
        .annotate(volume=Sum("volume"), tier_volume=Sum("tier_volume"), amount_program=Sum("amount_program"))
        .order_by()
    )
    return {
        (r["partner_id"], r["person_id"], r["period"]): Earlier(
            volume=r["volume"] or Decimal(0),
            tier_volume=r["tier_volume"] or Decimal(0),
            amount_program=r["amount_program"] or Decimal(0),
        )
        for r in rows
    }


def _targets(program: IncentiveProgram, subjects: set[tuple[int, int | None, str]]) -> dict:
    if not program.accelerator or not subjects:
        return {}
    rows = Target.objects.filter(
        program=program, partner_id__in={s[0] for s in subjects}, period__in={s[2] for s in subjects}
    ).values_list("partner_id", "period", "amount")
    return {(partner, period): amount for partner, period, amount in rows}


def _book(
    program: IncentiveProgram,
    groups: list[Group],
    *,
    run: AccrualRun,
    actor: Actor,
    start: dt.datetime,
    end: dt.datetime,
) -> int:
    """One transaction per group with something to pay (its source: the group's `Accrual`), and an
    `Accrual` row per group — the volume counts towards tiers and targets even when the cap left nothing to
    pay. The rows go in with one COPY on PostgreSQL (`core.db.insert_rows`)."""
    partners = Partner.objects.only("pk", "partner_type", "tier", "region").in_bulk({g.payee for g in groups})
    people = get_user_model().objects.only("pk").in_bulk({g.person for g in groups if g.person})
    describe = descriptions(program, start, end)
    now = timezone.now()
    postings, rows = [], []
    for group in groups:
        assert group.earned is not None
        public_id = uuid.uuid4()
        partner = partners[group.payee]
        paid = group.amount > 0
        if paid:
            postings.append(
                Posting(
                    key=accrual_key(program, group, end),
                    kind=TransactionKind.ACCRUAL,
                    partner=partner,
                    legs=move(
                        group.amount,
                        group.currency,
                        debit=LedgerAccount.INCENTIVE_EXPENSE,
                        credit=LedgerAccount.EARNINGS_PAYABLE,
                        person=people.get(group.person) if group.person else None,
                    ),
                    description=describe(group),
                    source_type="incentives.accrual",
                    source_id=public_id,
                    booked_at=now,
                )
            )
        rows.append(
            {
                "public_id": public_id,
                "program_id": program.pk,
                "run_id": run.pk,
                "partner_id": group.payee,
                "person_id": group.person,
                "currency": group.currency,
                "period": group.period.code,
                "window_start": start,
                "window_end": end,
                "basis": money(group.earned.counted),
                "base": group.base,
                "amount": group.amount,
                "volume": money(group.in_program(group.earned.counted)),
                "tier_volume": money(group.in_program(group.earned.tier_basis)),
                "amount_program": money(group.in_program(group.amount)) if group.rate_to_program else None,
                "rate_to_program": group.rate_to_program,
                "tier_rate": group.tier_rate,
                "partner_type": partner.partner_type,
                "partner_tier": partner.tier,
                "partner_region": partner.region,
                "booked_at": now if paid else None,
            }
        )
    booked = book_many(postings, actor=actor)
    insert_rows(Accrual, rows)
    return booked


def live_programs() -> list[IncentiveProgram]:
    return list(IncentiveProgram.objects.filter(status__in=LIVE).order_by("pk"))


def run_accrual(
    *, actor: Actor, cutoff: dt.datetime | None = None, trigger: str = RunTrigger.SCHEDULE
) -> AccrualRun:
    """Accrue every live program up to `cutoff` (now less the lag). Safe to run twice, and at once."""
    # Never ahead of the clock: a deal closed after the run would fall behind its watermark.
    cutoff = min(cutoff or timezone.now() - accrual_lag(), timezone.now())
    user = actor.user if getattr(actor.user, "pk", None) else None
    run = AccrualRun.objects.create(trigger=trigger, cutoff=cutoff, started_by=user)
    table = RateTable(timezone.localdate(cutoff))
    problems = []
    for program in live_programs():
        outcome = accrue_program(program, run=run, actor=actor, table=table)
        run.programs += 1
        run.groups += outcome.groups
        run.booked += outcome.booked
        if outcome.problem:
            problems.append({"program": str(program), "message": outcome.problem})
    run.problems = problems
    run.finished_at = timezone.now()
    run.save()
    return run


def check_rates(program: IncentiveProgram, currencies: set[str], *, day: dt.date) -> None:
    """Refuse (RateMissing) when a currency of `currencies` cannot be converted for the program."""
    table = RateTable(day)
    for currency in currencies - {program.currency}:
        table.rate(currency, program.currency)


__all__ = ["ValidationError", "Q", "run_accrual", "accrue_program"]
