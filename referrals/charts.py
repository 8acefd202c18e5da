"""The weekly chart of the performance and link pages: clicks, leads credited and leads converted per week,
drawn by static/kanal/charts.js (dashboard's bars), with the same figures as a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboard.rendering import chart_html
from dashboard.widgets import Chart, Point, Series


@dataclass(frozen=True)
class _Slot:
    chart_data_id: str


def numbers_chart(rows: list[tuple[date, int, int, int]], *, chart_id: str) -> SafeString:
    base = reverse("referrals:attributions")

    def point(value: int, week: date) -> Point:
        query = urlencode(
            {"created_from": week.isoformat(), "created_to": (week + timedelta(days=6)).isoformat()}
        )
        return Point(value, number_format(value, force_grouping=True), value, f"{base}?{query}")

    chart = Chart(
        caption=_("Clicks, leads credited and leads converted per week"),
        category_label=_("Week of"),
        categories=[date_format(week, "j M") for week, *_counts in rows],
        series=[
            Series(_("Clicks"), [point(clicks, week) for week, clicks, _n, _c in rows]),
            Series(_("Leads credited"), [point(leads, week) for week, _k, leads, _c in rows]),
            Series(_("Leads converted"), [point(converted, week) for week, _k, _n, converted in rows]),
        ],
    )
    return mark_safe(chart_html(_Slot(chart_id), chart))  # noqa: S308 - chart_html escapes what it writes


def revenue_chart(weeks: list[date], won: list[tuple[date, str, Decimal]], *, chart_id: str) -> SafeString:
    """Revenue won per week, a series per currency (amounts in different currencies are never added up);
    each bar leads to the referred leads converted that week."""
    base = reverse("referrals:attributions")
    amounts: dict[str, dict[date, Decimal]] = {}
    for week, currency, amount in won:
        amounts.setdefault(currency, {})[week] = amount

    def point(amount: Decimal, week: date, currency: str) -> Point:
        query = urlencode({"converted": "yes", "created_to": (week + timedelta(days=6)).isoformat()})
        text = f"{number_format(amount, 2, force_grouping=True)} {currency}"
        return Point(float(amount), text, 1 if amount else 0, f"{base}?{query}")

    chart = Chart(
        caption=_("Revenue won per week, per currency"),
        category_label=_("Week of"),
        categories=[date_format(week, "j M") for week in weeks],
        series=[
            Series(currency, [point(by_week.get(week, Decimal(0)), week, currency) for week in weeks])
            for currency, by_week in sorted(amounts.items())
        ],
    )
    return mark_safe(chart_html(_Slot(chart_id), chart))  # noqa: S308 - chart_html escapes what it writes
