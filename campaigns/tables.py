"""The columns of the kits list (staff page and its CSV/XLSX export, the partners' list)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from campaigns.numbers import Numbers
from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, day_column

KITS_COUNT = ngettext_lazy("%(n)s kit", "%(n)s kits", "n")


def _title_html(kit):
    return format_html('<a href="{}">{}</a>', object_url("campaigns:kit", kit.public_id), kit.title)


def _status_html(kit):
    return format_html('<span class="badge {}">{}</span>', kit.badge_class, kit.get_status_display())


def _audience(kit) -> str:
    return "; ".join(kit.audience_labels()) or str(_("All partners"))


def staff_table(numbers: Mapping[int, Numbers] | None = None) -> Table:
    """`numbers`: each kit's (`campaigns.numbers.kit_numbers`), for the columns of what launches brought."""
    numbers = numbers or {}

    def number(name: str) -> Callable[[Any], Any]:
        return lambda kit: getattr(numbers[kit.pk], name) if kit.pk in numbers else None

    return Table(
        empty=_("No kit matches these filters."),
        count=KITS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "title",
                _("Title"),
                lambda k: k.title_en,
                html=_title_html,
                sort="title",
                reads=("public_id", "title_en", "title_ru"),
            ),
            Column("title_ru", _("Title (Russian)"), lambda k: k.title_ru, on_page=False),
            Column("status", _("Status"), lambda k: k.status, html=_status_html, reads=("status",)),
            Column("audience", _("Audience"), _audience, reads=("partner_types", "tiers", "regions")),
            day_column("published_at", _("Published"), "published_at", sort="published"),
            Column("launches", _("Launches"), number("launches"), reads=()),
            Column("views", _("Page views"), number("views"), reads=()),
            Column("leads", _("Leads"), number("leads"), reads=()),
            Column("conversions", _("Converted"), number("conversions"), reads=()),
            Column(
                "revenue",
                _("Revenue won"),
                lambda k: numbers[k.pk].revenue_text if k.pk in numbers else "",
                reads=(),
            ),
            when_column("created_at", _("Created"), on_page=False),
        ],
    )


def partner_table() -> Table:
    return Table(
        empty=_("No campaign kits for you yet."),
        count=KITS_COUNT,
        columns=[
            Column(
                "title",
                _("Title"),
                lambda k: k.title,
                html=_title_html,
                sort="title",
                reads=("public_id", "title_en", "title_ru"),
            ),
            Column(
                "description",
                _("Description"),
                lambda k: k.description,
                reads=("description_en", "description_ru"),
            ),
            day_column("published_at", _("Published"), "published_at", sort="published"),
        ],
    )
