"""The columns of the routing rule versions list: the page's table and its CSV/XLSX export."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, path_column


def _url(v) -> str:
    return object_url("leads:routing_version", v.public_id)


def versions_table() -> Table:
    return Table(
        empty=_("No routing rules match these filters."),
        columns=[
            ID_COLUMN,
            Column(
                "version",
                _("Version"),
                lambda v: v.version,
                html=lambda v: format_html('<a href="{}">v{}</a>', _url(v), v.version),
                sort="version",
            ),
            choice_column("status", _("Status"), "status", sort="status"),
            when_column("published_at", _("Published"), fmt="DATETIME_FORMAT", sort="published"),
            path_column("published_by", _("By"), "published_by.email"),
            Column("default_sla_hours", _("Hours to accept"), lambda v: v.default_sla_hours),
            Column("default_capacity", _("Open leads per partner"), lambda v: v.default_capacity),
            Column(
                "notes", _("Notes"), lambda v: v.notes, html=lambda v: Truncator(v.notes).chars(80) or "—"
            ),
        ],
    )
