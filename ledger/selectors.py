"""Reads of the ledger: the program's money settings and balances, always a sum over entries."""

from __future__ import annotations

import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from core.actor import Actor
from ledger.models import CREDIT_NORMAL, LedgerEntry, MoneySettings

SETTINGS_SECONDS = 5.0
_settings: tuple[float, MoneySettings] | None = None


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
