"""The columns of the announcements lists: the staff table and its CSV/XLSX export, and the partner's list."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column

ANNOUNCEMENTS_COUNT = ngettext_lazy("%(n)s announcement", "%(n)s announcements", "n")


def _link(a) -> str:
    return object_url("announcements:detail", a.public_id)


def _title_html(a):
    return format_html('<a href="{}">{}</a>', _link(a), a.title)


def _audience(a) -> str:
    return "; ".join(a.audience_labels()) or str(_("All partners"))


AUDIENCE_READS = ("partner_types", "tiers", "regions")


def _status_html(a):
    return format_html('<span class="badge {}">{}</span>', a.badge_class, a.get_status_display())


def staff_table() -> Table:
    return Table(
        empty=_("No announcement matches these filters."),
        count=ANNOUNCEMENTS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "title",
                _("Title"),
                lambda a: a.title_en,
                html=_title_html,
                sort="title",
                reads=("public_id", "title_en", "title_ru"),
            ),
            Column("title_ru", _("Title (Russian)"), lambda a: a.title_ru, on_page=False),
            choice_column("kind", _("Kind"), "kind"),
            Column("status", _("Status"), lambda a: a.status, html=_status_html, reads=("status",)),
            Column("audience", _("Audience"), _audience, reads=AUDIENCE_READS),
            day_column("publish_at", _("Publish date"), "publish_at", sort="published"),
            day_column("expires_at", _("Expires"), "expires_at"),
            Column(
                "read_count",
                _("Readers"),
                lambda a: a.read_count,
                reads=(),
            ),
            when_column("created_at", _("Written"), on_page=False),
        ],
    )


def _partner_title_html(a):
    if a.is_read:
        return format_html('<a href="{}">{}</a>', _link(a), a.title)
    return format_html(
        '<span class="badge status-submitted">{}</span> <a href="{}"><strong>{}</strong></a>',
        _("new"),
        _link(a),
        a.title,
    )


def partner_table() -> Table:
    return Table(
        empty=_("No announcements for you yet."),
        count=ANNOUNCEMENTS_COUNT,
        columns=[
            Column(
                "title",
                _("Title"),
                lambda a: a.title,
                html=_partner_title_html,
                sort="title",
                reads=("public_id", "title_en", "title_ru"),
            ),
            choice_column("kind", _("Kind"), "kind"),
            day_column("publish_at", _("Published"), "publish_at", sort="published"),
        ],
    )
