"""Money is a Decimal amount with an ISO 4217 currency; never a float."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class Currency(models.TextChoices):
    USD = "USD", "USD"
    EUR = "EUR", "EUR"
    GBP = "GBP", "GBP"
    RUB = "RUB", "RUB"
    CAD = "CAD", "CAD"
    AUD = "AUD", "AUD"
    CHF = "CHF", "CHF"
    CNY = "CNY", "CNY"
    JPY = "JPY", "JPY"
    KZT = "KZT", "KZT"


CENT = Decimal("0.01")
AMOUNT_DIGITS = 14  # max_digits for amount fields (12 before the point, 2 after)


def parse_amount(value) -> Decimal:
    """'1 234,50' / '1234.5' / Decimal -> Decimal('1234.50'); a clear ValidationError otherwise."""
    if isinstance(value, float):
        raise ValidationError(_("Amounts must be given as text or decimals, not floating point numbers."))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() < AMOUNT_DIGITS:
        text = f"{value:f}"
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        # Plain decimal notation only: "1e400" would pass Decimal() and then fail to quantize.
        raise ValidationError(_("Enter an amount such as 1250.00."))
    amount = Decimal(text)
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if len(amount.as_tuple().digits) > AMOUNT_DIGITS:
        raise ValidationError(_("The amount is too large."))
    return amount


def parse_currency(value) -> str:
    code = str(value or "").strip().upper()
    if code not in Currency.values:
        raise ValidationError(_("Unknown currency %(code)s.") % {"code": code or "—"})
    return code


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
