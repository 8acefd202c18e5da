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


@pytest.mark.parametrize(
    "raw",
    ["abc", "-1", "NaN", "Infinity", "-Infinity", "sNaN", 1.5, True, "1" * 20, "999999999999.995", "١٢٣", ""],
)
def test_parse_amount_refuses(raw):
    with pytest.raises(ValidationError):
        parse_amount(raw)


@pytest.mark.parametrize(
    "raw", ["1e28", "1E+30", "1e400", "1e-2", "2E3", Decimal("NaN"), Decimal("Infinity")]
)
def test_parse_amount_refuses_exponents_and_non_finite_clearly(raw):
    # Decimal("1e28") is finite but cannot be rounded to cents within Decimal's precision: that was a 500.
    with pytest.raises(ValidationError) as refused:
        parse_amount(raw)
    message = refused.value.messages[0]
    assert "exponent" in message or "such as 1250.00" in message


def test_parse_amount_takes_a_decimal_written_with_an_exponent():
    assert parse_amount(Decimal("1E+2")) == Decimal("100.00")


def test_currency():
    assert parse_currency(" eur ") == "EUR"
    with pytest.raises(ValidationError):
        parse_currency("XXX")


def test_money_str():
    assert str(Money(Decimal("1234.5"), "USD")) == "1,234.50 USD"
