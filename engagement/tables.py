"""The columns of the rule set versions list: the page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table


def _url(v) -> str:
    return reverse("engagement:version", args=[v.public_id])


def versions_table() -> Table:
    return Table(
        empty=_("No rules of engagement match these filters."),
        columns=[
            Column("id", "id", lambda v: v.public_id, on_page=False),
            Column(
                "version",
                _("Version"),
                lambda v: v.version,
                html=lambda v: format_html('<a href="{}">v{}</a>', _url(v), v.version),
                sort="version",
            ),
            Column(
                "status",
                _("Status"),
                lambda v: v.status,
                html=lambda v: v.get_status_display(),
                sort="status",
            ),
            Column(
                "published_at",
                _("Published"),
                lambda v: v.published_at,
                html=lambda v: (
                    date_format(localtime(v.published_at), "DATETIME_FORMAT") if v.published_at else "—"
                ),
                sort="published",
            ),
            Column("published_by", _("By"), lambda v: v.published_by.email if v.published_by else ""),
            Column(
                "notes", _("Notes"), lambda v: v.notes, html=lambda v: Truncator(v.notes).chars(80) or "—"
            ),
        ],
    )
