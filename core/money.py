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
# The API's amount format: plain digits, at most two decimals (no exponent form, no grouping).
AMOUNT_PATTERN = rf"^[0-9]{{1,{AMOUNT_DIGITS - 2}}}(\.[0-9]{{1,2}})?$"


_AMOUNT_TEXT = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")


def parse_amount(value) -> Decimal:
    """'1 234,50' / '1234.5' / Decimal -> Decimal('1234.50'); a clear ValidationError otherwise.

    Only plain digits with an optional decimal part: exponent forms ('1e28'), NaN and Infinity are
    refused, and the size is checked before rounding (rounding a huge number fails)."""
    if isinstance(value, float):
        raise ValidationError(
            _("Amounts must be given as text or decimals, not floating point numbers."), code="invalid"
        )
    if isinstance(value, bool):
        raise ValidationError(_("Enter an amount such as 1250.00."), code="invalid")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(_("Enter an amount such as 1250.00."), code="invalid")
        value = format(value, "f")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _AMOUNT_TEXT.match(text):
        if "e" in text.lower() and any(ch.isdigit() for ch in text):
            raise ValidationError(
                _("Write the amount in plain digits, such as 1250.00, not in exponent form."), code="invalid"
            )
        raise ValidationError(_("Enter an amount such as 1250.00."), code="invalid")
    whole = text.lstrip("+-").split(".")[0].lstrip("0")
    if len(whole) > AMOUNT_DIGITS - 2:
        raise ValidationError(_("The amount is too large."), code="max_value")
    amount = Decimal(text)
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="min_value")
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if len(amount.as_tuple().digits) > AMOUNT_DIGITS:
        raise ValidationError(_("The amount is too large."), code="max_value")
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
