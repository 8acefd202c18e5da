"""The columns of deal registration lists: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import (
    ID_COLUMN,
    Column,
    Table,
    attribute,
    choice_column,
    day_column,
    money_columns,
    path_column,
)

# The count above the list ("12 …"): made once, translated when shown.
REGISTRATIONS_COUNT = ngettext_lazy("%(n)s registration", "%(n)s registrations", "n")


def _url(r) -> str:
    return object_url("deals:registration", r.public_id)


def _partner_cell(r, *, link: bool):
    name = (
        format_html('<a href="{}">{}</a>', object_url("partners:detail", r.partner.public_id), r.partner.name)
        if link
        else r.partner.name
    )
    if r.registered_via_id:
        return format_html(
            "{}<br><small>{}</small>", name, _("via %(name)s") % {"name": r.registered_via.name}
        )
    return name


def _conflict_cell(r):
    if r.conflict_outcome == "conflict":
        return format_html('<span class="badge warning">{}</span>', _("Possible conflict"))
    if r.conflict_outcome == "clear":
        return _("No conflict")
    return "—"


def registration_table(*, staff: bool) -> Table:
    return Table(
        empty=_("No registration matches these filters."),
        count=REGISTRATIONS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "customer_name",
                _("Customer"),
                lambda r: str(r),
                link=_url,
                sort="customer",
                reads=("customer_name", "public_id"),
            ),
            Column(
                "partner",
                _("Partner"),
                lambda r: r.partner.name,
                html=lambda r: _partner_cell(r, link=staff),
                sort="partner",
                reads=("partner__public_id", "partner__name", "registered_via__name"),
            ),
            path_column("registered_via", _("Registered via"), "registered_via.name", on_page=False),
            path_column("registered_by", _("Registered by"), "registered_by.email", on_page=False),
            path_column(
                "cam_email",
                _("Channel account manager"),
                "partner.cam.email",
                html=lambda r: attribute(r, "partner.cam.display_name") or "—",
                on_page=staff,
                reads=("partner__cam__full_name", "partner__cam__email"),
            ),
            Column("customer_domain", _("Web domain"), lambda r: r.customer_domain, on_page=False),
            Column("customer_tax_id", _("Tax id"), lambda r: r.customer_tax_id, on_page=False),
            Column("customer_country", _("Country"), lambda r: r.customer_country.code or "", on_page=False),
            *money_columns("amount", _("Amount"), "amount", sort="amount"),
            choice_column("stage", _("Stage"), "stage"),
            choice_column("status", _("Status"), "status", sort="status"),
            Column(
                "conflict",
                _("Conflict check"),
                lambda r: r.conflict_outcome or "",
                html=_conflict_cell,
                on_page=staff,
                reads=(),  # an annotation of every row
            ),
            day_column("submitted_at", _("Submitted"), "submitted_at", sort="submitted"),
            day_column("expected_close_date", _("Expected close"), "expected_close_date", sort="close"),
            path_column("decided_by", _("Decided by"), "decided_by.email", on_page=False),
            day_column("protected_until", _("Protected until"), "protected_until", on_page=not staff),
            Column("won_amount", _("Amount won"), lambda r: r.won_amount, on_page=False),
        ],
    )
