from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import Money, parse_amount, parse_currency


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.5", "1234.50"),
        ("1 234,50", "1234.50"),
        (Decimal("10"), "10.00"),
        ("0.005", "0.01"),
        (7, "7.00"),
    ],
)
def test_parse_amount(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "-1", "NaN", "Infinity", 1.5, "1" * 20])
def test_parse_amount_refuses(raw):
    with pytest.raises(ValidationError):
        parse_amount(raw)


def test_currency():
    assert parse_currency(" eur ") == "EUR"
    with pytest.raises(ValidationError):
        parse_currency("XXX")


def test_money_str():
    assert str(Money(Decimal("1234.5"), "USD")) == "1,234.50 USD"
