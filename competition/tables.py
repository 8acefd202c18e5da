"""The columns of the competing vendors list: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import Column, Table

VENDORS_COUNT = ngettext_lazy("%(n)s competing vendor", "%(n)s competing vendors", "n")


def _name_cell(vendor):
    link = format_html('<a href="{}">{}</a>', object_url("competition:vendor", vendor.public_id), vendor.name)
    if not vendor.is_active:
        return format_html('{} <span class="badge">{}</span>', link, _("inactive"))
    return link


def _lines(vendor) -> str:
    return ", ".join(line.name for line in vendor.lines.all())


def directory_url(vendor) -> str:
    """The partner directory, filtered to the partners that declare this vendor."""
    return f"{reverse('partners:directory')}?{urlencode({'competitor': str(vendor.public_id)})}"


def _partners_cell(vendor):
    if not vendor.partner_count:
        return "0"
    return format_html('<a href="{}">{}</a>', directory_url(vendor), vendor.partner_count)


def vendor_table() -> Table:
    """The staff list: each vendor, its lines and how many partners declare it (a link to them)."""
    return Table(
        empty=_("No competing vendor matches these filters."),
        count=VENDORS_COUNT,
        columns=[
            Column("id", "id", lambda v: v.public_id, on_page=False),
            Column("name", _("Vendor"), lambda v: v.name, html=_name_cell, sort="name"),
            Column("web_domain", _("Web domain"), lambda v: v.web_domain),
            Column("lines", _("Product lines"), _lines),
            Column(
                "partners",
                _("Partners selling it"),
                lambda v: v.partner_count,
                html=_partners_cell,
                sort="partners",
            ),
            Column("active", _("Active"), lambda v: "yes" if v.is_active else "no", on_page=False),
        ],
    )
