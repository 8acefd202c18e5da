"""The columns of the audit trail: the staff page's table and its CSV/XLSX export come from these.

Each event reads as a sentence in the reader's language (`core.timeline`); the page links its objects, the
export carries the sentence as text next to the raw verb and values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.links import object_url
from core.listing import ID_COLUMN, Column, Row, Table, path_column
from core.models import Event
from core.timeline import EventEntry, EventNarrator

EVENT_MODEL_FIELDS = tuple(f.name for f in Event._meta.concrete_fields if f.name not in ("actor", "partner"))


def _when(e):
    return format_html(
        '<time datetime="{}">{}</time>',
        e.occurred_at.isoformat(),
        date_format(localtime(e.occurred_at), "SHORT_DATETIME_FORMAT"),
    )


def _who(e):
    return e.actor_label or _("system")


def _change(label: str, old: str | None, new: str) -> str:
    if old is None:
        return f"{escape(label)}: {escape(new)}"
    return f"{escape(label)}: <del>{escape(old)}</del> → {escape(new)}"


def _changes(entry: EventEntry) -> str:
    """The recorded changes ("Status: <del>old</del> → new; …") and the note, small under the sentence; built
    here rather than by a template per row (a page shows 50), every value escaped."""
    if not entry.details and not entry.note:
        return ""
    html = "; ".join(_change(label, old, new) for label, old, new in entry.details)
    if entry.note:
        html += f"{'<br>' if entry.details else ''}<q>{escape(entry.note)}</q>"
    return mark_safe(f"<small>{html}</small>")  # noqa: S308 - built from escaped values


def _partner_url(e):
    return object_url("partners:detail", e.partner.public_id) if e.partner_id else None


@dataclass
class AuditTable(Table):
    """The audit table reads what a page of events links to in a few queries before rendering its rows."""

    narrator: EventNarrator | None = None
    _entries: dict[int, EventEntry] = field(default_factory=dict)

    def entry(self, event: Event) -> EventEntry:
        if event.pk not in self._entries:
            assert self.narrator is not None
            if len(self._entries) > 1000:  # an export streams every row: keep only the recent ones
                self._entries.clear()
            self._entries[event.pk] = self.narrator.entry(event)
        return self._entries[event.pk]

    @property
    def page_reads(self) -> tuple[str, ...]:
        """The events whole, and of their partner and actor what the sentences name and link."""
        related = ("partner__name", "partner__public_id", "actor__email", "actor__full_name")
        return (*EVENT_MODEL_FIELDS, *related)

    def rows(self, objects: Iterable[Any]) -> list[Row]:
        assert self.narrator is not None
        objects = self.narrator.prepare(objects)
        return super().rows(objects)


def audit_table(*, actor: Any = None, links: bool = True) -> AuditTable:
    """The audit trail's table for `actor` (the reader: their language, the objects they may open). The
    export needs no links (`links=False`), so it reads no objects."""
    table = AuditTable(columns=[], empty=_("No events match these filters."))
    table.narrator = EventNarrator(actor, links=links)
    table.columns = [
        ID_COLUMN,
        Column("occurred_at", _("When"), lambda e: e.occurred_at, html=_when, sort="occurred"),
        Column("actor", _("Who"), lambda e: e.actor_label, html=_who, sort="actor"),
        Column("verb", _("Action"), lambda e: e.verb, html=lambda e: table.entry(e).html, sort="verb"),
        Column("summary", _("What happened"), lambda e: table.entry(e).text, on_page=False),
        Column("target", _("Object"), lambda e: e.target_label, on_page=False),
        path_column("partner", _("Partner"), "partner.name", link=_partner_url),
        Column(
            "changes",
            _("Change"),
            lambda e: table.entry(e).details_text,
            html=lambda e: _changes(table.entry(e)),
        ),
        Column("note", _("Note"), lambda e: e.note, on_page=False),
    ]
    return table
