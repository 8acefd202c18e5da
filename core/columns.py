"""A column helper beside `core.listing`'s: a moment or a date written in one of Django's formats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from core.listing import Column, attribute


def when_text(value: date | None, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """A date, or a moment in the current time zone, in `fmt` ("—" when none)."""
    if not value:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, fmt)


def when_column(key: str, label: Any, *, fmt: str = "SHORT_DATETIME_FORMAT", **options: Any) -> Column:
    """The row's moment or date `key`: the value itself in exports, written in `fmt` on the page."""
    return Column(
        key,
        label,
        lambda row: attribute(row, key),
        html=lambda row: when_text(attribute(row, key), fmt),
        **options,
    )
