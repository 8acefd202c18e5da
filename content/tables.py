"""The columns of the library's lists: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from content.models import Asset
from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column

ASSETS_COUNT = ngettext_lazy("%(n)s asset", "%(n)s assets", "n")
ACTIVITY_COUNT = ngettext_lazy("%(n)s view or download", "%(n)s views and downloads", "n")


def asset_table(*, staff: bool, since: dt.datetime | None = None) -> Table:
    now = timezone.now()

    def is_new(asset: Asset) -> bool:
        return since is not None and asset.freshened_at is not None and since < asset.freshened_at <= now

    def title_html(asset: Asset):
        url = object_url("content:asset", asset.public_id)
        badge = format_html(' <mark class="badge">{}</mark>', _("New")) if is_new(asset) else ""
        return format_html('<a href="{}">{}</a>{}', url, asset.title, badge)

    title_reads = ("title_en", "title_ru", "freshened_at")
    columns = [
        ID_COLUMN,
        Column("title", _("Title"), lambda a: a.title, html=title_html, sort="title", reads=title_reads),
        choice_column("kind", _("Kind"), "kind", sort="kind"),
        path_column(
            "category", _("Category"), "category.name", reads=("category__name_en", "category__name_ru")
        ),
        Column("tags", _("Tags"), lambda a: ", ".join(a.tags), reads=("tags",)),
        day_column("updated", _("Updated"), "freshened_at", sort="updated"),
    ]
    if staff:
        columns += [
            choice_column("status", _("Status"), "status"),
            Column("views", _("Views"), lambda a: a.views, reads=()),
            Column("downloads", _("Downloads"), lambda a: a.downloads, reads=()),
        ]
    else:
        columns.append(Column("new", _("New"), is_new, on_page=False))
    return Table(empty=_("No asset matches these filters."), count=ASSETS_COUNT, columns=columns)


def activity_table() -> Table:
    def asset_link(row):
        return object_url("content:asset", row.asset.public_id)

    return Table(
        empty=_("No view or download matches these filters."),
        count=ACTIVITY_COUNT,
        row_reads=(),
        columns=[
            when_column("at", _("When"), reads=("at",)),
            choice_column("kind", _("Activity"), "kind"),
            Column(
                "asset",
                _("Asset"),
                lambda row: row.asset.title,
                link=asset_link,
                reads=("asset__public_id", "asset__title_en", "asset__title_ru"),
            ),
            path_column("partner", _("Partner"), "partner.name"),
            path_column("person", _("Person"), "user.email"),
        ],
    )
