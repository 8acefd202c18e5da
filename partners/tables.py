"""The columns of the partner directory: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table
from partners.choices import Capability, Vertical, labels


def _url(p) -> str:
    return reverse("partners:detail", args=[p.public_id])


def _name_cell(p):
    link = format_html('<a href="{}">{}</a>', _url(p), p.name)
    if p.parent_id:
        via = _("via %(name)s") % {"name": p.parent.name}
        return format_html('{}<br><small class="muted">{}</small>', link, via)
    return link


def _location_cell(p):
    place = ", ".join(part for part in (p.city, p.country.name if p.country else "") if part)
    if p.region:
        return format_html('{}<br><small class="muted">{}</small>', place, p.get_region_display())
    return place or "—"


def _cam_cell(p, viewer_id):
    if not p.cam_id:
        return format_html('<span class="muted">{}</span>', _("unassigned"))
    if p.cam_id == viewer_id:
        return format_html('{} <span class="badge">{}</span>', p.cam.display_name, _("mine"))
    return p.cam.display_name


def partner_table(*, viewer_id=None) -> Table:
    return Table(
        empty=_("No partner matches these filters."),
        columns=[
            Column("id", "id", lambda p: p.public_id, on_page=False),
            Column("name", _("Name"), lambda p: p.name, html=_name_cell, sort="name"),
            Column("legal_name", _("Legal name"), lambda p: p.legal_name, on_page=False),
            Column("tax_id", _("Tax id"), lambda p: p.tax_id, on_page=False),
            Column("web_domain", _("Web domain"), lambda p: p.web_domain, on_page=False),
            Column(
                "partner_type",
                _("Type"),
                lambda p: p.partner_type,
                html=lambda p: p.get_partner_type_display(),
            ),
            Column(
                "status",
                _("Status"),
                lambda p: p.status,
                html=lambda p: format_html(
                    '<span class="badge status-{}">{}</span>', p.status, p.get_status_display()
                ),
                sort="status",
            ),
            Column("tier", _("Tier"), lambda p: p.tier, html=lambda p: p.get_tier_display(), sort="tier"),
            Column("country", _("Country"), lambda p: p.country.code, on_page=False),
            Column("region", _("Region"), lambda p: p.region, on_page=False),
            Column("city", _("City"), lambda p: p.city, on_page=False),
            Column("location", _("Location"), lambda p: "", html=_location_cell, in_export=False),
            Column(
                "verticals", _("Verticals"), lambda p: "; ".join(labels(Vertical, p.verticals)), on_page=False
            ),
            Column(
                "capabilities",
                _("Capabilities"),
                lambda p: "; ".join(labels(Capability, p.capabilities)),
                on_page=False,
            ),
            Column("size", _("Size"), lambda p: p.size, on_page=False),
            Column(
                "cam_email",
                _("Account manager"),
                lambda p: p.cam.email if p.cam else "",
                html=lambda p: _cam_cell(p, viewer_id),
            ),
            Column(
                "distributor", _("Distributor"), lambda p: p.parent.name if p.parent else "", on_page=False
            ),
            Column("created_at", _("Created"), lambda p: p.created_at, on_page=False),
        ],
    )
