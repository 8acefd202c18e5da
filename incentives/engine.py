"""What a program's rules make of won product lines: the one definition the accrual run, the per-registration
detail of statements and the forecast all read.

`line_sums` is one aggregate query over deal lines: each line gets the index of the first rule that fits it
(0: none), its value (the line's share of the amount won: quantity × unit price × won / registered), and the
payee (the partner an attributed referral credits, else the registering partner); the lines are summed per
group (payee, currency, the person for a SPIFF, the period …) and rule. `rule_earnings` turns one group's sums
into money with the rules' rates and amounts. The run groups by payee; the detail and the forecast group by
registration — the same query with one more key, and the same arithmetic.

Deal types: *referral* — the registration's lead has an attributed `referrals.Attribution` (the payee is the
attributed partner); *influenced* — converted from a vendor lead without one; *sourced* — no lead at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from catalog.models import Product
from deals.models import DealLine
from incentives.models import DealType, IncentiveProgram, IncentiveRule, RuleBasis
from referrals.models import AttributionStatus

HUNDRED = Decimal(100)
ALWAYS = Q(pk__isnull=False)
VALUE_FIELD = DecimalField(max_digits=30, decimal_places=10)


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the vendor's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class RuleFacts:
    index: int  # 1 for the first rule
    pk: int
    basis: str
    rate: Decimal | None  # a percentage; None: the volume tiers' rate
    amount: Decimal | None  # a fixed amount in the program currency
    products: frozenset[int] | None  # the products it counts (its own and its families'); None: any
    partner_types: tuple[str, ...]
    tiers: tuple[str, ...]
    deal_types: tuple[str, ...]
    starts_on: dt.date | None
    ends_on: dt.date | None

    @property
    def by_tier(self) -> bool:
        return self.basis == RuleBasis.PERCENT and self.rate is None

    def in_force(self, day: dt.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


@dataclass(frozen=True)
class Payee:
    """A payee's facts the rules read, when they are known already (the detail of one accrual)."""

    partner_id: int
    partner_type: str
    tier: str
    region: str


@dataclass
class ProgramFacts:
    program: IncentiveProgram
    rules: list[RuleFacts]
    tiers: list[tuple[Decimal, Decimal]]  # (from volume, rate %), ascending

    @property
    def by_index(self) -> dict[int, RuleFacts]:
        return {rule.index: rule for rule in self.rules}

    @property
    def has_fixed(self) -> bool:
        return any(rule.basis != RuleBasis.PERCENT for rule in self.rules)

    @property
    def counts_deals(self) -> bool:
        return any(rule.basis == RuleBasis.FIXED_DEAL for rule in self.rules)

    @property
    def needs_rates(self) -> bool:
        """Whether amounts in another currency than the program's must be converted: for fixed amounts,
        tiers, the accelerator's target or the cap."""
        program = self.program
        return self.has_fixed or bool(self.tiers) or bool(program.accelerator) or program.cap is not None

    def window(self) -> tuple[dt.datetime, dt.datetime | None]:
        """The closes the program covers: from its first day, until the end of its last day (None: open)."""
        program = self.program
        end = day_start(program.ends_on + dt.timedelta(days=1)) if program.ends_on else None
        return day_start(program.starts_on), end


def program_facts(program: IncentiveProgram) -> ProgramFacts:
    """The program's rules and tiers, read in a few queries (products of families expanded to products)."""
    rules = list(IncentiveRule.objects.filter(program=program).order_by("position"))
    products: dict[int, set[int]] = defaultdict(set)
    for rule_id, product_id in IncentiveRule.products.through.objects.filter(
        incentiverule__program=program
    ).values_list("incentiverule_id", "product_id"):
        products[rule_id].add(product_id)
    families: dict[int, set[int]] = defaultdict(set)
    for rule_id, family_id in IncentiveRule.families.through.objects.filter(
        incentiverule__program=program
    ).values_list("incentiverule_id", "productfamily_id"):
        families[rule_id].add(family_id)
    wanted = {family for ids in families.values() for family in ids}
    of_family: dict[int, set[int]] = defaultdict(set)
    if wanted:
        for family_id, product_id in Product.objects.filter(family_id__in=wanted).values_list(
            "family_id", "id"
        ):
            of_family[family_id].add(product_id)
    facts = []
    for index, rule in enumerate(rules, start=1):
        ids: set[int] | None = None
        if rule.pk in products or rule.pk in families:
            ids = set(products.get(rule.pk, set()))
            for family in families.get(rule.pk, ()):
                ids |= of_family[family]
        facts.append(
            RuleFacts(
                index=index,
                pk=rule.pk,
                basis=rule.basis,
                rate=rule.rate,
                amount=rule.amount,
                products=frozenset(ids) if ids is not None else None,
                partner_types=tuple(rule.partner_types or ()),
                tiers=tuple(rule.tiers or ()),
                deal_types=tuple(rule.deal_types or ()),
                starts_on=rule.starts_on,
                ends_on=rule.ends_on,
            )
        )
    tiers = list(program.volume_tiers.order_by("from_amount").values_list("from_amount", "rate"))
    return ProgramFacts(program=program, rules=facts, tiers=tiers)


# --- the query --------------------------------------------------------------------------------------------

ATTRIBUTED = Q(registration__lead__attribution__status=AttributionStatus.ATTRIBUTED)


def _payee_field(name: str) -> Case:
    """The payee's `name`: the attributed partner's for a referral, else the registering partner's."""
    return Case(
        When(ATTRIBUTED, then=F(f"registration__lead__attribution__partner__{name}")),
        default=F(f"registration__partner__{name}"),
    )


def _condition(values: Iterable[str], known: str | None, column: str) -> Q | None:
    """`column IN values` — or, when the value is `known` already, always (Q()) or never (None)."""
    values = tuple(values)
    if not values:
        return Q()
    if known is not None:
        return Q() if known in values else None
    return Q(**{f"{column}__in": values})


def _rule_condition(
    facts: ProgramFacts, rule: RuleFacts, *, as_of: dt.date | None, payee: Payee | None
) -> Q | None:
    """When a line fits `rule` (None: no line can). With `as_of` (a forecast) the dates are today's."""
    program = facts.program
    if as_of is not None and not rule.in_force(as_of):
        return None
    parts = [
        _condition(program.partner_types, payee.partner_type if payee else None, "payee_type"),
        _condition(program.tiers, payee.tier if payee else None, "payee_tier"),
        _condition(program.regions, payee.region if payee else None, "payee_region"),
        _condition(rule.partner_types, payee.partner_type if payee else None, "payee_type"),
        _condition(rule.tiers, payee.tier if payee else None, "payee_tier"),
        _condition(rule.deal_types, None, "deal_type"),
    ]
    if any(part is None for part in parts):
        return None
    condition = Q()
    for part in parts:
        condition &= part  # type: ignore[operator]
    if rule.products is not None:
        if not rule.products:
            return None
        condition &= Q(product_id__in=sorted(rule.products))
    if as_of is None:
        if rule.starts_on:
            condition &= Q(registration__closed_at__gte=day_start(rule.starts_on))
        if rule.ends_on:
            condition &= Q(registration__closed_at__lt=day_start(rule.ends_on + dt.timedelta(days=1)))
    return condition or ALWAYS


def period_index(boundaries: list[dt.datetime]) -> Any:
    """0 for closes before the first boundary, 1 before the second … (the run's window may span periods)."""
    if not boundaries:
        return Value(0, output_field=IntegerField())
    return Case(
        *[When(registration__closed_at__lt=b, then=Value(i)) for i, b in enumerate(boundaries)],
        default=Value(len(boundaries)),
        output_field=IntegerField(),
    )


def line_sums(
    facts: ProgramFacts,
    lines: QuerySet[DealLine],
    *,
    keys: tuple[str, ...] = (),
    boundaries: list[dt.datetime] | None = None,
    as_of: dt.date | None = None,
    payee: Payee | None = None,
) -> list[dict[str, Any]]:
    """One aggregate query: the `lines` (already narrowed to the registrations in question) summed per payee,
    currency, person (a SPIFF), period, rule and `keys` ("registration_id" for the detail). Each row:
    payee, currency, person, period, rule, basis (Σ value), units (Σ quantity), deals (distinct registrations
    when a rule pays per deal), and the keys."""
    rules = [
        (rule, condition)
        for rule in facts.rules
        if (condition := _rule_condition(facts, rule, as_of=as_of, payee=payee)) is not None
    ]
    if not rules:
        return []
    annotations: dict[str, Any] = {
        "deal_type": Case(
            When(ATTRIBUTED, then=Value(DealType.REFERRAL)),
            When(registration__lead__isnull=False, then=Value(DealType.INFLUENCED)),
            default=Value(DealType.SOURCED),
        )
    }
    if payee is None:
        annotations["payee"] = _payee_field("id")
        program = facts.program
        if program.partner_types or any(rule.partner_types for rule in facts.rules):
            annotations["payee_type"] = _payee_field("partner_type")
        if program.tiers or any(rule.tiers for rule in facts.rules):
            annotations["payee_tier"] = _payee_field("tier")
        if program.regions:
            annotations["payee_region"] = _payee_field("region")
    else:
        annotations["payee"] = Value(payee.partner_id, output_field=IntegerField())
    annotations["rule"] = Case(
        *[When(condition, then=Value(rule.index)) for rule, condition in rules],
        default=Value(0),
        output_field=IntegerField(),
    )
    annotations["period"] = period_index(boundaries or [])
    annotations["person"] = (
        F("registration__registered_by_id") if facts.program.is_spiff else Value(None, IntegerField())
    )
    value = ExpressionWrapper(
        F("quantity")
        * F("unit_price")
        * Coalesce(F("registration__won_amount"), F("registration__amount"))
        / NullIf(F("registration__amount"), Value(0)),
        output_field=VALUE_FIELD,
    )
    sums: dict[str, Any] = {"basis": Sum(value), "units": Sum("quantity")}
    if facts.counts_deals:
        sums["deals"] = Count("registration_id", distinct=True)
    group = ("payee", "currency", "person", "period", "rule", *keys)
    rows = (
        lines.annotate(**annotations)
        .annotate(currency=F("registration__currency"))
        .values(*group)
        .annotate(**sums)
        .order_by()
    )
    return list(rows)


# --- the arithmetic ---------------------------------------------------------------------------------------


@dataclass
class Sums:
    """One group's sums per rule index."""

    basis: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    units: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    deals: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, row: dict[str, Any]) -> None:
        index = row["rule"]
        self.basis[index] += Decimal(row["basis"] or 0)
        self.units[index] += int(row["units"] or 0)
        self.deals[index] += int(row.get("deals") or 0)


@dataclass(frozen=True)
class Earned:
    """A group's earnings by the rules, in the registrations' currency: `own` (rates and fixed amounts) and
    `tier_basis` (the value of the lines earning by volume tier, whose rate the period's volume decides);
    `counted` is the value of every line a rule counts (the volume)."""

    own: Decimal
    tier_basis: Decimal
    counted: Decimal

    def base(self, tier_rate: Decimal) -> Decimal:
        return self.own + self.tier_basis * tier_rate


def rule_earnings(facts: ProgramFacts, sums: Sums, *, from_program: Decimal) -> Earned:
    """What `sums` earn by the rules; `from_program` converts the program currency's fixed amounts into the
    group's currency. The one arithmetic of the run, the detail and the forecast."""
    own = tier_basis = counted = Decimal(0)
    rules = facts.by_index
    for index, basis in sums.basis.items():
        rule = rules.get(index)
        if rule is None:
            continue  # 0: no rule counts the line
        counted += basis
        if rule.basis == RuleBasis.PERCENT:
            if rule.rate is None:
                tier_basis += basis
            else:
                own += basis * rule.rate / HUNDRED
        elif rule.basis == RuleBasis.FIXED_UNIT:
            own += Decimal(sums.units[index]) * (rule.amount or 0) * from_program
        else:
            own += Decimal(sums.deals[index]) * (rule.amount or 0) * from_program
    return Earned(own=own, tier_basis=tier_basis, counted=counted)


def marginal(tiers: list[tuple[Decimal, Decimal]], start: Decimal, end: Decimal) -> Decimal:
    """What the volume from `start` to `end` earns by marginal tiers: each part at its own tier's rate."""
    total = Decimal(0)
    for i, (low, rate) in enumerate(tiers):
        high = tiers[i + 1][0] if i + 1 < len(tiers) else None
        top = end if high is None else min(end, high)
        part = top - max(start, low)
        if part > 0:
            total += part * rate / HUNDRED
    return total


def tier_rate_at(tiers: list[tuple[Decimal, Decimal]], volume: Decimal) -> Decimal:
    """The rate (a fraction) of the tier `volume` falls in (what the next unit of volume earns)."""
    rate = Decimal(0)
    for low, tier_rate in tiers:
        if volume >= low:
            rate = tier_rate / HUNDRED
    return rate
