"""Reads of the ledger: the program's money settings, balances (always a sum over entries), transactions with
their legs, exchange rates, payout batches and the latest proof that the books balance.

Every read starts from `visible_to(actor)`: a partner reads its own accounts (a sales rep as the money
settings say), staff read everything; payout batches and rates are staff's."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from core.actor import Actor
from core.events import EVENT_LINKS
from core.listing import bind_filters
from core.money import CENT
from core.scoping import get_visible_or_404
from ledger.filters import BalanceFilterSet, BatchFilterSet, RateFilterSet, TransactionFilterSet
from ledger.models import (
    CREDIT_NORMAL,
    LEDGER_DIGITS,
    PAYABLE_ACCOUNTS,
    UNPAID_STATUSES,
    BookCheck,
    ExchangeRate,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    MoneySettings,
    PayoutBatch,
    PayoutLine,
    Settlement,
)
from ledger.rates import RateMissing, RateTable
from partners.models import Partner

SETTINGS_SECONDS = 5.0
_settings: tuple[float, MoneySettings] | None = None
ZERO = Decimal("0.00")


def money_settings(*, fresh: bool = False) -> MoneySettings:
    """The program's money settings (one row, made with the defaults the first time)."""
    global _settings
    now = time.monotonic()
    if not fresh and _settings is not None and now - _settings[0] < SETTINGS_SECONDS:
        return _settings[1]
    found = MoneySettings.objects.order_by("pk").first() or MoneySettings.objects.create()
    _settings = (now, found)
    return found


def forget_settings() -> None:
    global _settings
    _settings = None


def balances(
    *,
    actor: Actor,
    partner: Any = None,
    accounts: Any = None,
    currency: str | None = None,
    until: Any = None,
    person: Any = None,
) -> dict[tuple[str, str], Decimal]:
    """{(account, currency): balance} over the entries `actor` may read, credit-normal accounts counted as
    credits minus debits. Narrowed to a partner, accounts, a currency, entries booked before `until`, or a
    person's own (a SPIFF)."""
    entries = LedgerEntry.objects.visible_to(actor)
    if partner is not None:
        entries = entries.filter(partner=partner)
    if accounts is not None:
        entries = entries.filter(account__in=list(accounts))
    if currency:
        entries = entries.filter(currency=currency)
    if until is not None:
        entries = entries.filter(booked_at__lt=until)
    if person is not None:
        entries = entries.filter(person=person)
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for account, cur, total in (
        entries.order_by().values_list("account", "currency").annotate(total=Sum("amount"))
    ):
        totals[(account, cur)] += -total if account in CREDIT_NORMAL else total
    return dict(totals)


def balance(*, actor: Actor, partner: Any, account: str, currency: str, until: Any = None) -> Decimal:
    """One account's balance for one partner in one currency."""
    return balances(actor=actor, partner=partner, accounts=[account], currency=currency, until=until).get(
        (account, currency), Decimal("0.00")
    )


# --- the program currency ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Converted:
    """Amounts per currency and their sum in the program currency (`total` None when a rate is missing:
    shown, never guessed; `missing` names the currencies without one)."""

    currency: str
    total: Decimal | None
    missing: tuple[str, ...] = ()


def in_program_currency(amounts: Mapping[str, Decimal], *, table: RateTable | None = None) -> Converted:
    """The sum of `amounts` ({currency: amount}) in the program currency at the rates of `table` (today's)."""
    target = money_settings().reporting_currency
    table = table or RateTable()
    total = ZERO
    missing = []
    for currency, amount in sorted(amounts.items()):
        try:
            total += table.convert(amount, currency, target)
        except RateMissing:
            missing.append(currency)
    return Converted(target, None if missing else total, tuple(missing))


def over_threshold(amounts: Mapping[str, Decimal]) -> bool:
    """Whether amounts ({currency: amount}) need the channel chief: above the threshold in the program
    currency, or not known to be below it (a rate is missing)."""
    converted = in_program_currency(amounts)
    return converted.total is None or converted.total > money_settings().chief_approval_threshold


# --- balances per partner ----------------------------------------------------------------------------------

# The columns of the balances list: (key, account), each counted as the account's balance (credits positive).
BALANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("available", LedgerAccount.MDF_AVAILABLE),
    ("committed", LedgerAccount.MDF_COMMITTED),
    ("mdf_payable", LedgerAccount.MDF_PAYABLE),
    ("earnings_payable", LedgerAccount.EARNINGS_PAYABLE),
    ("paid", LedgerAccount.PAID),
    ("clawed_back", LedgerAccount.CLAWED_BACK),
)
_MONEY = DecimalField(max_digits=LEDGER_DIGITS, decimal_places=2)


def _balance_sums() -> dict[str, Any]:
    sums = {}
    for key, account in BALANCE_COLUMNS:
        total = Sum("amount", filter=Q(account=account))
        sums[key] = Coalesce(-total if account in CREDIT_NORMAL else total, Value(ZERO), output_field=_MONEY)
    return sums


def balance_entries(*, actor: Actor) -> QuerySet[LedgerEntry]:
    """The entries the balances list counts: those of partners, on the accounts it shows."""
    accounts = [account for _key, account in BALANCE_COLUMNS]
    return LedgerEntry.objects.visible_to(actor).filter(partner__isnull=False, account__in=accounts)


def money_partners(*, actor: Actor) -> QuerySet[Partner]:
    """The partners a staff reader may filter by (none for partner users: their own rows only)."""
    if not actor.is_staff:
        return Partner.objects.none()
    return Partner.objects.visible_to(actor).only("id", "public_id", "name").order_by("name")


def balance_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> BalanceFilterSet:
    """Balances per partner and currency: one row per (partner, currency), one grouped query."""
    rows = (
        balance_entries(actor=actor)
        .order_by()
        .values("partner__public_id", "partner__name", "currency")
        .annotate(**_balance_sums())
        .order_by("partner__name", "currency")
    )
    return bind_filters(
        BalanceFilterSet,
        data,
        queryset=rows,
        strict=strict,
        actor=actor,
        partners=money_partners(actor=actor),
    )


@dataclass
class CurrencyTotals:
    """The balances list's totals in one currency (every row the filters select, not one page)."""

    currency: str
    sums: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class BalanceTotals:
    rows: list[CurrencyTotals]
    converted: dict[str, Converted]  # per column: its sum over currencies in the program currency
    program_currency: str
    day: date


def balance_totals(*, actor: Actor, data: Mapping[str, Any] | None = None) -> BalanceTotals:
    """Per currency, the sums of the balances the same filters select; each column also in the program
    currency at today's rates (a missing rate is named)."""
    values = {k: v for k, v in (data or {}).items() if k not in ("sort", "page", "format")}
    filtered = bind_filters(
        BalanceFilterSet,
        values,
        queryset=balance_entries(actor=actor),
        actor=actor,
        partners=money_partners(actor=actor),
    ).qs
    grouped = filtered.order_by().values("currency").annotate(**_balance_sums()).order_by("currency")
    rows = [
        CurrencyTotals(row["currency"], {key: row[key] for key, _account in BALANCE_COLUMNS})
        for row in grouped
    ]
    table = RateTable()
    converted = {
        key: in_program_currency({row.currency: row.sums[key] for row in rows}, table=table)
        for key, _account in BALANCE_COLUMNS
    }
    return BalanceTotals(rows, converted, money_settings().reporting_currency, table.day)


# --- transactions ------------------------------------------------------------------------------------------


def transactions_visible(*, actor: Actor) -> QuerySet[LedgerTransaction]:
    return LedgerTransaction.objects.visible_to(actor).select_related("partner", "created_by")


def _with_amounts(transactions: QuerySet[LedgerTransaction]) -> QuerySet[LedgerTransaction]:
    """Each transaction's size (the sum of its debits) and currency, as subqueries (evaluated for the rows
    shown). Every flow the program books is in one currency."""
    legs = LedgerEntry.objects.filter(transaction=OuterRef("pk")).order_by()
    debits = legs.filter(amount__gt=0).values("transaction").annotate(total=Sum("amount")).values("total")
    return transactions.annotate(
        moved=Subquery(debits, output_field=_MONEY),
        moved_currency=Subquery(legs.order_by("currency").values("currency")[:1]),
    )


def transaction_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> TransactionFilterSet:
    return bind_filters(
        TransactionFilterSet,
        data,
        queryset=_with_amounts(transactions_visible(actor=actor)).order_by("-booked_at", "-id"),
        strict=strict,
        actor=actor,
        partners=money_partners(actor=actor),
    )


def transaction_get(*, actor: Actor, public_id: Any) -> LedgerTransaction:
    return get_visible_or_404(_with_amounts(transactions_visible(actor=actor)), public_id=public_id)


def transaction_legs(*, actor: Actor, transaction: LedgerTransaction) -> list[LedgerEntry]:
    """The legs of `transaction` the reader may read (a partner: its own accounts)."""
    return list(
        LedgerEntry.objects.visible_to(actor)
        .filter(transaction=transaction)
        .select_related("person")
        .order_by("id")
    )


def transaction_amounts(transaction: LedgerTransaction) -> dict[str, Decimal]:
    """{currency: the sum of its debits}: how much the transaction moves (every leg, for the rules)."""
    return dict(
        LedgerEntry.objects.filter(transaction=transaction, amount__gt=0)
        .order_by()
        .values_list("currency")
        .annotate(total=Sum("amount"))
    )


def reversal_of(*, actor: Actor, transaction: LedgerTransaction) -> LedgerTransaction | None:
    """The transaction that reversed this one, if the reader may see it."""
    return transactions_visible(actor=actor).filter(reverses=transaction).first()


def held_by_unpaid_batch(transaction: LedgerTransaction) -> bool:
    """Whether a payout batch not yet paid holds one of the transaction's legs."""
    return Settlement.objects.filter(
        entry__transaction=transaction, released_at__isnull=True, line__batch__status__in=UNPAID_STATUSES
    ).exists()


def source_link(*, actor: Actor, transaction: LedgerTransaction) -> str | None:
    """The page of the record that booked the transaction ("funds.claim" and its id), when the reader may open
    it: the apps above register their pages for the audit trail (`core.events.register_event_link`), so the
    ledger needs to know none of them."""
    if not transaction.source_type or transaction.source_id is None:
        return None
    link = EVENT_LINKS.get(transaction.source_type.lower())
    try:
        model = apps.get_model(transaction.source_type)
    except (LookupError, ValueError):
        return None
    if link is None or not hasattr(model.objects, "visible_to"):
        return None
    source = model.objects.visible_to(actor).filter(public_id=transaction.source_id).only("id", "public_id")
    found = source.first()
    return link(actor, found) if found is not None else None


# --- exchange rates ----------------------------------------------------------------------------------------


def rates_visible(*, actor: Actor) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.visible_to(actor).select_related("entered_by")


def rate_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RateFilterSet:
    return bind_filters(
        RateFilterSet,
        data,
        queryset=rates_visible(actor=actor).order_by("-valid_from", "currency", "quote_currency"),
        strict=strict,
        actor=actor,
    )


# --- payout batches ----------------------------------------------------------------------------------------


def batches_visible(*, actor: Actor) -> QuerySet[PayoutBatch]:
    return PayoutBatch.objects.visible_to(actor).select_related(
        "created_by", "approved_by", "chief_approved_by", "exported_by", "paid_by", "cancelled_by"
    )


def batch_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> BatchFilterSet:
    return bind_filters(
        BatchFilterSet,
        data,
        queryset=batches_visible(actor=actor).annotate(line_count=Count("lines")).order_by("-number"),
        strict=strict,
        actor=actor,
    )


def batch_get(*, actor: Actor, public_id: Any) -> PayoutBatch:
    return get_visible_or_404(
        batches_visible(actor=actor).annotate(line_count=Count("lines")), public_id=public_id
    )


def batch_lines(*, actor: Actor, batch: PayoutBatch) -> QuerySet[PayoutLine]:
    return (
        PayoutLine.objects.visible_to(actor)
        .filter(batch=batch)
        .select_related("partner", "transaction")
        .order_by("partner__name", "id")
    )


def unsettled_payables(
    *, actor: Actor, currency: str | None = None, partners: Iterable[Any] | None = None
) -> QuerySet[LedgerEntry]:
    """The payable entries no live settlement holds (what the next batch would take), as the reader sees
    them."""
    settled = Settlement.objects.filter(entry=OuterRef("pk"), released_at__isnull=True)
    entries = (
        LedgerEntry.objects.visible_to(actor)
        .filter(account__in=PAYABLE_ACCOUNTS, partner__isnull=False)
        .exclude(Exists(settled))
    )
    if currency:
        entries = entries.filter(currency=currency)
    if partners is not None:
        entries = entries.filter(partner__in=list(partners))
    return entries


@dataclass(frozen=True)
class Payable:
    """What a batch in `currency` would pay now: `total` to `partners` partners; `held_back` partners whose
    payable balance is negative (a clawback larger than their earnings) wait for the next batch."""

    currency: str
    total: Decimal
    partners: int
    held_back: int


def payable_now(*, actor: Actor) -> list[Payable]:
    """Per currency, what a payout batch would take now (one grouped query)."""
    per_partner = (
        unsettled_payables(actor=actor)
        .order_by()
        .values("currency", "partner_id")
        .annotate(owed=-Sum("amount"))
        .order_by("currency")
    )
    found: dict[str, list[Decimal]] = defaultdict(list)
    for row in per_partner:
        found[row["currency"]].append(row["owed"])
    return [
        Payable(
            currency,
            sum((owed for owed in amounts if owed > 0), ZERO).quantize(CENT),
            sum(1 for owed in amounts if owed > 0),
            sum(1 for owed in amounts if owed < 0),
        )
        for currency, amounts in sorted(found.items())
        if any(owed > 0 for owed in amounts)
    ]


# --- the books ---------------------------------------------------------------------------------------------


def latest_book_check(*, actor: Actor) -> BookCheck | None:
    return BookCheck.objects.visible_to(actor).order_by("-day").first()
