"""Exchange rates: converting an amount for reporting or comparison, at the rate in force on a day.

A rate is stored for a pair (1 EUR = 1.08 USD from 2026-10-01). Converting uses the pair's latest rate on or
before the day, its inverse, or a cross rate through a third currency; without any, `RateMissing` says which
pair is missing, never a guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import CENT
from ledger.errors import LedgerErrorCode
from ledger.models import ExchangeRate


class RateMissing(ValidationError):
    def __init__(self, currency: str, target: str, day: dt.date):
        super().__init__(
            _("There is no exchange rate from %(currency)s to %(target)s on or before %(day)s.")
            % {"currency": currency, "target": target, "day": day.isoformat()},
            code=LedgerErrorCode.RATE_MISSING,
        )
        self.currency, self.target, self.day = currency, target, day


class RateTable:
    """The rates in force on one day, read once: convert many amounts with one query."""

    def __init__(self, day: dt.date | None = None):
        self.day = day or timezone.localdate()
        latest: dict[tuple[str, str], tuple[dt.date, Decimal]] = {}
        for currency, quote, valid_from, rate in ExchangeRate.objects.filter(
            valid_from__lte=self.day
        ).values_list("currency", "quote_currency", "valid_from", "rate"):
            known = latest.get((currency, quote))
            if known is None or valid_from > known[0]:
                latest[(currency, quote)] = (valid_from, rate)
        self._direct: dict[tuple[str, str], Decimal] = {}
        for (currency, quote), (valid_from, rate) in latest.items():
            self._direct[(currency, quote)] = rate
            inverse = latest.get((quote, currency))
            # A pair entered both ways: the more recent of the two decides.
            if inverse is None or inverse[0] < valid_from:
                self._direct[(quote, currency)] = Decimal(1) / rate

    def rate(self, currency: str, target: str) -> Decimal:
        """How many `target` one `currency` buys; `RateMissing` if no direct, inverse or cross rate."""
        if currency == target:
            return Decimal(1)
        direct = self._direct.get((currency, target))
        if direct is not None:
            return direct
        for (via_from, via), first in self._direct.items():
            if via_from == currency:
                second = self._direct.get((via, target))
                if second is not None:
                    return first * second
        raise RateMissing(currency, target, self.day)

    def convert(self, amount: Decimal, currency: str, target: str) -> Decimal:
        return (Decimal(amount) * self.rate(currency, target)).quantize(CENT)

    def has_rate(self, currency: str, target: str) -> bool:
        try:
            self.rate(currency, target)
        except RateMissing:
            return False
        return True


def convert(amount: Decimal, currency: str, target: str, *, day: dt.date | None = None) -> Decimal:
    """`amount` in `currency` expressed in `target` at the rate in force on `day` (today by default)."""
    if currency == target:
        return Decimal(amount).quantize(CENT)
    return RateTable(day).convert(amount, currency, target)
