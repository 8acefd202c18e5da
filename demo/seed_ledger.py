"""The demo's money: exchange rates entered by channel operations for the months the demo covers, and (called
last, once funds and earnings are booked) one payout batch paying what is payable in one currency, made,
approved, exported and marked paid through the real services."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from core.actor import build_actor
from ledger.selectors import money_settings, payable_now
from ledger.services import (
    batch_approve,
    batch_create,
    batch_export,
    batch_mark_paid,
    books_check,
    rate_create,
)

# 1 currency = rate USD, the first of each of the last three months (the demo's program currency is USD).
RATES = {
    "EUR": ("1.0712", "1.0851", "1.0794"),
    "GBP": ("1.2633", "1.2702", "1.2581"),
    "CAD": ("0.7298", "0.7342", "0.7315"),
    "AUD": ("0.6514", "0.6589", "0.6547"),
    "RUB": ("0.0108", "0.0106", "0.0109"),
}


def _first_of_month(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def create_rates(*, today: date) -> None:
    ops = build_actor(User.objects.get(email="ops@kanal.demo"))
    for currency, rates in RATES.items():
        for months_back, rate in zip((2, 1, 0), rates, strict=True):
            rate_create(
                actor=ops,
                data={
                    "currency": currency,
                    "quote_currency": "USD",
                    "valid_from": _first_of_month(today, months_back),
                    "rate": rate,
                },
            )


def pay_what_is_payable() -> None:
    """One real payout batch: what is payable in the program currency (else in the currency owed most), made
    and exported by operations, approved (by the chief too above the threshold) and marked paid. Nothing is
    payable when no app has booked funds or earnings yet: then it does nothing."""
    ops = build_actor(User.objects.get(email="ops@kanal.demo"))
    chief = build_actor(User.objects.get(email="chief@kanal.demo"))
    payable = payable_now(actor=ops)
    if not payable:
        return
    program = money_settings().reporting_currency
    chosen = next((p for p in payable if p.currency == program), None)
    chosen = chosen or max(payable, key=lambda p: (p.partners, p.currency))
    batch = batch_create(actor=ops, data={"currency": chosen.currency, "note": "Demo payout run"})
    batch = batch_approve(actor=ops, batch=batch)
    if batch.status != "approved":
        batch = batch_approve(actor=chief, batch=batch)
    batch = batch_export(actor=ops, batch=batch)
    batch_mark_paid(actor=ops, batch=batch)


def check_the_books() -> None:
    """The nightly check, run once so the money page shows the books balanced from the start."""
    books_check(actor=build_actor(User.objects.get(email="ops@kanal.demo")))
