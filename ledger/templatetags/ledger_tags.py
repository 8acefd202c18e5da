"""Money in the templates: `{{ amount|money:currency }}` writes an amount as the reader writes numbers."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ledger.statements import money_text

register = template.Library()


@register.filter
def money(amount, currency=""):
    return money_text(amount, currency or "")


@register.filter
def absolute(amount):
    """A credit leg's amount without its sign (the column says it is a credit)."""
    return abs(amount) if amount is not None else None


@register.filter
def rate(value):
    """A rate or percentage without trailing zeros, as the reader writes numbers (2.5 / 2,5; 10)."""
    if value is None or value == "":
        return ""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")), use_l10n=True)
