"""The columns of the audit trail: the staff page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.events import describe_changes, event_label
from core.listing import ID_COLUMN, Column, Table, path_column


def _when(e):
    return format_html(
        '<time datetime="{}">{}</time>',
        e.occurred_at.isoformat(),
        date_format(localtime(e.occurred_at), "SHORT_DATETIME_FORMAT"),
    )


def _who(e):
    return e.actor_label or _("system")


def _changes_text(e) -> str:
    return "; ".join(
        f"{label}: {'' if old is None else f'{old} → '}{new}" for label, old, new in describe_changes(e)
    )


def _partner_url(e):
    return reverse("partners:detail", args=[e.partner.public_id]) if e.partner_id else None


def audit_table() -> Table:
    return Table(
        empty=_("No events match these filters."),
        columns=[
            ID_COLUMN,
            Column("occurred_at", _("When"), lambda e: e.occurred_at, html=_when, sort="occurred"),
            Column("actor", _("Who"), lambda e: e.actor_label, html=_who, sort="actor"),
            Column("verb", _("Action"), lambda e: e.verb, html=lambda e: event_label(e.verb), sort="verb"),
            Column("target", _("Object"), lambda e: e.target_label),
            path_column("partner", _("Partner"), "partner.name", link=_partner_url),
            Column(
                "changes",
                _("Change"),
                _changes_text,
                html=lambda e: render_to_string("core/_event_changes.html", {"e": e}),
            ),
            Column("note", _("Note"), lambda e: e.note, on_page=False),
        ],
    )
