"""Money in the templates: `{{ amount|money:currency }}` writes an amount as the reader writes numbers."""

from django import template

from ledger.statements import money_text

register = template.Library()


@register.filter
def money(amount, currency=""):
    return money_text(amount, currency or "")


@register.filter
def absolute(amount):
    """A credit leg's amount without its sign (the column says it is a credit)."""
    return abs(amount) if amount is not None else None
