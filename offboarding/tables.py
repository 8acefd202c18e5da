"""The offboardings list's columns: the page's table and its CSV/XLSX export."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, day_column

OFFBOARDINGS_COUNT = ngettext_lazy("%(n)s offboarding", "%(n)s offboardings", "n")


def _partner(row: Any) -> Any:
    return format_html(
        '<a href="{}">{}</a>', object_url("offboarding:detail", row.public_id), row.partner.name
    )


def _status(row: Any) -> Any:
    return format_html('<span class="badge {}">{}</span>', row.badge_class, row.get_status_display())


def offboarding_table() -> Table:
    return Table(
        count=OFFBOARDINGS_COUNT,
        empty=_("No offboarding matches these filters."),
        columns=[
            ID_COLUMN,
            Column(
                "partner",
                _("Partner"),
                lambda r: r.partner.name,
                html=_partner,
                sort="partner",
                reads=("partner__name",),
            ),
            Column("status", _("Status"), lambda r: r.status, html=_status, reads=("status",)),
            Column(
                "steps",
                _("Steps done"),
                lambda r: f"{r.steps_done}/{r.steps_total}",
                reads=(),
            ),
            day_column("access_ends_on", _("Access ends"), "access_ends_on", sort="access"),
            day_column("started", _("Started"), "created_at", sort="started"),
            Column(
                "started_by",
                _("Started by"),
                lambda r: r.started_by.display_name if r.started_by else "",
                reads=("started_by__full_name", "started_by__email"),
            ),
            Column("reason", _("Reason"), lambda r: r.reason, on_page=False),
            Column("partner_id", "partner_id", lambda r: r.partner.public_id, on_page=False),
        ],
    )
