"""Showing stored fit reasons and duplicate flags in the reader's language."""

from django import template

from recruitment.duplicates import describe_flag
from recruitment.fit import describe_reason, dimension_label, reason_text

register = template.Library()


@register.filter
def fit_reason(reason):
    return describe_reason(reason) if isinstance(reason, dict) else reason


@register.filter
def fit_reason_text(reason):
    return reason_text(reason) if isinstance(reason, dict) else reason


@register.filter
def fit_component(reason):
    """The component a reason scores (Region, Verticals, … Competing products)."""
    return dimension_label(reason) if isinstance(reason, dict) else ""


@register.filter
def duplicate_flag(flag):
    return describe_flag(flag) if isinstance(flag, dict) else flag
