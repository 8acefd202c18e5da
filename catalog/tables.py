"""The columns of the product lists: the page's table and the CSV/XLSX export come from these.

The export's columns are the ones the import reads, so an export can be edited and imported back."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from catalog.pricing import Pricing
from core.links import object_url
from core.listing import Column, Table

# The count above the list ("12 …"): made once, translated when shown.
PRODUCTS_COUNT = ngettext_lazy("%(n)s product", "%(n)s products", "n")


def _name(p):
    if p.description:
        return format_html(
            '{}<br><small class="muted">{}</small>', p.name, Truncator(p.description).chars(120)
        )
    return p.name


def _status(p):
    if p.is_active:
        return _("active")
    return format_html('<span class="muted">{}</span>', _("inactive"))


def _price_columns(pricing: Pricing | None, *, staff: bool) -> list[Column]:
    """The partner's own price after the list price: a partner user's, or the one staff preview."""
    if pricing is None:
        return []
    label = _("Your price") if not staff else _("Price for %(partner)s") % {"partner": pricing.partner.name}
    return [
        Column(
            "partner_price",
            label,
            lambda p: pricing.price(p.list_price),
            html=lambda p: f"{pricing.price(p.list_price)} {p.currency}",
            reads=("list_price", "currency"),
            in_export=False,  # the export is what the import reads back
        ),
    ]


def product_table(*, staff: bool, can_manage: bool, pricing: Pricing | None = None) -> Table:
    def edit_link(p):
        return object_url("catalog:product_edit", p.public_id) if can_manage else None

    def name_html(p):
        return format_html('<a href="{}">{}</a>', object_url("catalog:product", p.public_id), _name(p))

    return Table(
        empty=_("No product matches these filters."),
        count=PRODUCTS_COUNT,
        columns=[
            Column("sku", _("SKU"), lambda p: p.sku, link=edit_link, sort="sku"),
            Column("name", _("Name"), lambda p: p.name, html=name_html, sort="name"),
            Column("family", _("Family"), lambda p: p.family.name, sort="family"),
            Column(
                "list_price",
                _("List price"),
                lambda p: p.list_price,
                html=lambda p: f"{p.list_price} {p.currency}",
                sort="price",
            ),
            Column("currency", _("Currency"), lambda p: p.currency, on_page=False),
            *_price_columns(pricing, staff=staff),
            Column(
                "channel_eligibility",
                _("Channel eligibility"),
                lambda p: p.channel_eligibility,
                html=lambda p: p.get_channel_eligibility_display(),
                on_page=staff,
            ),
            Column("description", _("Description"), lambda p: p.description, on_page=False),
            Column(
                "is_active",
                _("Status"),
                lambda p: "true" if p.is_active else "false",
                html=_status,
                on_page=staff,
            ),
        ],
    )


def family_table(*, staff: bool) -> Table:
    return Table(
        empty=_("No product families yet."),
        columns=[
            Column("name", _("Name"), lambda f: f.name, sort="name"),
            Column("description", _("Description"), lambda f: f.description),
            # Staff only: a partner's count would include products it may not see.
            Column("products", _("Products"), lambda f: f.product_count, on_page=staff, in_export=False),
        ],
    )
