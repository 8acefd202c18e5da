"""A partner's health over time, drawn by static/kanal/charts.js (the dashboard's bars) with the same figures
as a table; each bar leads to that evaluation in the history below it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboard.rendering import chart_html
from dashboard.widgets import Chart, Point, Series
from health.models import HealthScore

MAX_BARS = 26


@dataclass(frozen=True)
class _Slot:
    chart_data_id: str


def trend_chart(scores: list[HealthScore], *, chart_id: str) -> SafeString:
    """`scores` oldest first; the newest `MAX_BARS` are drawn."""
    shown = scores[-MAX_BARS:]
    chart = Chart(
        caption=_("Health score per evaluation"),
        category_label=_("Evaluated on"),
        categories=[date_format(score.day, "j M") for score in shown],
        series=[
            Series(
                _("Health score"),
                [Point(score.score, str(score.score), 1, f"#day-{score.day.isoformat()}") for score in shown],
            )
        ],
    )
    return mark_safe(chart_html(_Slot(chart_id), chart))  # noqa: S308 - chart_html escapes what it writes
