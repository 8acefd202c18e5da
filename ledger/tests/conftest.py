"""Books to test the money pages on: earnings accrued, fund claims approved, clawbacks, and exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest

from core.actor import system_actor
from ledger.models import ExchangeRate, LedgerAccount, TransactionKind
from ledger.posting import Posting, book, move

A = LedgerAccount
_keys = count(1)


def accrue(partner, amount, currency="EUR", *, person=None, description="Commission", booked_at=None):
    """Earnings accrued for `partner` (a SPIFF when `person` is given)."""
    return book(
        Posting(
            key=f"test-accrual:{next(_keys)}",
            kind=TransactionKind.ACCRUAL,
            partner=partner,
            legs=move(
                Decimal(amount), currency, debit=A.INCENTIVE_EXPENSE, credit=A.EARNINGS_PAYABLE, person=person
            ),
            description=description,
            booked_at=booked_at,
        ),
        actor=system_actor(),
    ).transaction


def clawback(partner, amount, currency="EUR", *, booked_at=None):
    return book(
        Posting(
            key=f"test-clawback:{next(_keys)}",
            kind=TransactionKind.CLAWBACK,
            partner=partner,
            legs=move(Decimal(amount), currency, debit=A.EARNINGS_PAYABLE, credit=A.CLAWED_BACK),
            description="Clawback",
            booked_at=booked_at,
        ),
        actor=system_actor(),
    ).transaction


def fund_claim(partner, amount, currency="EUR", *, booked_at=None):
    """Funds allocated, a request approved and its claim approved: `amount` payable as a fund claim."""
    amount = Decimal(amount)
    n = next(_keys)
    for key, kind, debit, credit in (
        ("alloc", TransactionKind.ALLOCATION, A.MDF_BUDGET, A.MDF_AVAILABLE),
        ("request", TransactionKind.COMMITMENT, A.MDF_AVAILABLE, A.MDF_COMMITTED),
        ("claim", TransactionKind.CLAIM, A.MDF_COMMITTED, A.MDF_PAYABLE),
    ):
        tx = book(
            Posting(
                key=f"test-{key}:{n}",
                kind=kind,
                partner=partner,
                legs=move(amount, currency, debit=debit, credit=credit),
                description=f"Fund {key}",
                booked_at=booked_at,
            ),
            actor=system_actor(),
        ).transaction
    return tx


@pytest.fixture
def rates(db):
    """EUR and GBP in USD from the start of 2026."""
    day = dt.date(2026, 1, 1)
    ExchangeRate.objects.create(currency="EUR", quote_currency="USD", valid_from=day, rate=Decimal("1.10"))
    ExchangeRate.objects.create(currency="GBP", quote_currency="USD", valid_from=day, rate=Decimal("1.25"))
    return day
