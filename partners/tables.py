"""The columns of the partner directory: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from operator import attrgetter

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import Column, Table
from partners.choices import Capability, Vertical, labels

# The count above the list ("12 …"): made once, translated when shown.
PARTNERS_COUNT = ngettext_lazy("%(n)s partner", "%(n)s partners", "n")


def _url(p) -> str:
    return object_url("partners:detail", p.public_id)


def _name_cell(p):
    link = format_html('<a href="{}">{}</a>', _url(p), p.name)
    if p.parent_id:
        via = _("via %(name)s") % {"name": p.parent.name}
        return format_html('{}<br><small class="muted">{}</small>', link, via)
    return link


def _location_cell(p, country_names: dict[str, str]):
    """City, country (its name read once per table: translating it is not free) and the region under."""
    country = ""
    if p.country:
        if p.country.code not in country_names:
            country_names[p.country.code] = str(p.country.name)
        country = country_names[p.country.code]
    place = ", ".join(part for part in (p.city, country) if part)
    if p.region:
        return format_html('{}<br><small class="muted">{}</small>', place, p.get_region_display())
    return place or "—"


def _cam_cell(p, viewer_id):
    if not p.cam_id:
        return format_html('<span class="muted">{}</span>', _("unassigned"))
    if p.cam_id == viewer_id:
        return format_html('{} <span class="badge">{}</span>', p.cam.display_name, _("mine"))
    return p.cam.display_name


def _field(key: str, label, *, display: bool = False, **options) -> Column:
    """A column of one of the partner's own fields (`display`: the page shows the choice's label)."""
    if display:
        options["html"] = lambda p: getattr(p, f"get_{key}_display")()
    if "html" not in options or display:
        options.setdefault("reads", (key,))
    return Column(key, label, attrgetter(key), **options)


def partner_table(*, viewer_id=None) -> Table:
    country_names: dict[str, str] = {}
    return Table(
        empty=_("No partner matches these filters."),
        count=PARTNERS_COUNT,
        columns=[
            Column("id", "id", lambda p: p.public_id, on_page=False),
            _field(
                "name", _("Name"), html=_name_cell, sort="name", reads=("name", "public_id", "parent__name")
            ),
            _field("legal_name", _("Legal name"), on_page=False),
            _field("tax_id", _("Tax id"), on_page=False),
            _field("web_domain", _("Web domain"), on_page=False),
            _field("partner_type", _("Type"), display=True),
            Column(
                "status",
                _("Status"),
                lambda p: p.status,
                html=lambda p: format_html(
                    '<span class="badge status-{}">{}</span>', p.status, p.get_status_display()
                ),
                sort="status",
                reads=("status",),
            ),
            _field("tier", _("Tier"), display=True, sort="tier"),
            Column("country", _("Country"), lambda p: p.country.code, on_page=False),
            _field("region", _("Region"), on_page=False),
            _field("city", _("City"), on_page=False),
            Column(
                "location",
                _("Location"),
                lambda p: "",
                html=lambda p: _location_cell(p, country_names),
                in_export=False,
                reads=("city", "country", "region"),
            ),
            Column(
                "verticals", _("Verticals"), lambda p: "; ".join(labels(Vertical, p.verticals)), on_page=False
            ),
            Column(
                "capabilities",
                _("Capabilities"),
                lambda p: "; ".join(labels(Capability, p.capabilities)),
                on_page=False,
            ),
            _field("size", _("Size"), on_page=False),
            Column(
                "cam_email",
                _("Account manager"),
                lambda p: p.cam.email if p.cam else "",
                html=lambda p: _cam_cell(p, viewer_id),
                reads=("cam__full_name", "cam__email"),
            ),
            Column(
                "distributor", _("Distributor"), lambda p: p.parent.name if p.parent else "", on_page=False
            ),
            _field("created_at", _("Created"), on_page=False),
        ],
    )
