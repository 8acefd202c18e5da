"""The columns of the tier engine's lists: each page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column
from tiers.explain import number_text

CHANGES_COUNT = ngettext_lazy("%(n)s assessment", "%(n)s assessments", "n")
WARNINGS_COUNT = ngettext_lazy("%(n)s warning", "%(n)s warnings", "n")
VALUES_COUNT = ngettext_lazy("%(n)s value", "%(n)s values", "n")

DECISION_BADGES = {
    "up": "status-approved",
    "down": "status-rejected",
    "warned": "status-at_risk",
    "at_risk": "status-at_risk",
    "lifted": "status-approved",
    "unchanged": "",
    "held": "status-onboarding",
}


def _partner_column(*, staff_link: bool = True) -> Column:
    def html(row: Any) -> Any:
        if not staff_link:
            return row.partner.name
        return format_html(
            '<a href="{}">{}</a>', object_url("tiers:partner", row.partner.public_id), row.partner.name
        )

    return Column(
        "partner",
        _("Partner"),
        lambda row: row.partner.name,
        html=html,
        sort="partner",
        reads=("partner__name", "partner__public_id"),
    )


def _program_column() -> Column:
    return Column(
        "program",
        _("Program"),
        lambda row: row.program.code,
        html=lambda row: row.program.name,
        reads=("program__code", "program__name_en", "program__name_ru"),
    )


def change_table(*, staff: bool = True) -> Table:
    return Table(
        count=CHANGES_COUNT,
        empty=_("No tier changes match these filters."),
        columns=[
            ID_COLUMN,
            day_column("evaluated_on", _("Day"), "evaluated_on", sort="day"),
            _partner_column(staff_link=staff),
            _program_column(),
            choice_column("tier_before", _("Tier before"), "tier_before"),
            choice_column("tier_after", _("Tier after"), "tier_after"),
            choice_column("qualified_tier", _("Qualifies for"), "qualified_tier"),
            Column(
                "decision",
                _("Decision"),
                lambda row: row.decision,
                html=lambda row: format_html(
                    '<span class="badge {}">{}</span>',
                    DECISION_BADGES.get(row.decision, ""),
                    row.get_decision_display(),
                ),
                sort="decision",
                reads=("decision",),
            ),
            day_column("downgrade_on", _("Moves down on"), "downgrade_on"),
            Column("values", _("Values"), lambda row: row.values, on_page=False),
        ],
    )


def warning_table() -> Table:
    return Table(
        count=WARNINGS_COUNT,
        empty=_("No downgrade warnings match these filters."),
        columns=[
            ID_COLUMN,
            _partner_column(),
            _program_column(),
            choice_column("from_tier", _("Tier"), "from_tier"),
            choice_column("to_tier", _("Moves down to"), "to_tier"),
            day_column("warned_on", _("Warned"), "warned_on", sort="warned"),
            day_column("downgrade_on", _("Moves down on"), "downgrade_on", sort="day"),
            choice_column("status", _("Status"), "status"),
            day_column("closed_on", _("Closed"), "closed_on", on_page=False),
        ],
    )


def value_table(*, can_edit: bool = False) -> Table:
    def metric_html(row: Any) -> Any:
        if not can_edit:
            return row.metric.name
        return format_html(
            '<a href="{}">{}</a>', object_url("tiers:value_edit", row.public_id), row.metric.name
        )

    return Table(
        count=VALUES_COUNT,
        empty=_("No values match these filters."),
        columns=[
            ID_COLUMN,
            Column(
                "metric",
                _("Metric"),
                lambda row: row.metric.code,
                html=metric_html,
                sort="metric",
                reads=("public_id", "metric__code", "metric__name_en", "metric__name_ru"),
            ),
            _partner_column(),
            day_column("period_start", _("Period from"), "period_start"),
            day_column("period_end", _("Period to"), "period_end", sort="period"),
            Column(
                "value",
                _("Value"),
                lambda row: row.value,
                html=lambda row: number_text(row.value, 2),
                sort="value",
                reads=("value",),
            ),
            path_column("note", _("Note"), "note"),
            path_column("partner_id", _("Partner id"), "partner.public_id", on_page=False),
        ],
    )
