"""The columns of deal registration lists: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table


def _url(r) -> str:
    return reverse("deals:registration", args=[r.public_id])


def _partner_cell(r, *, link: bool):
    name = (
        format_html(
            '<a href="{}">{}</a>', reverse("partners:detail", args=[r.partner.public_id]), r.partner.name
        )
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


def _day(value):
    return date_format(value, "DATE_FORMAT") if value else "—"


def registration_table(*, staff: bool) -> Table:
    return Table(
        empty=_("No registration matches these filters."),
        columns=[
            Column("id", "id", lambda r: r.public_id, on_page=False),
            Column("customer_name", _("Customer"), lambda r: str(r), link=_url, sort="customer"),
            Column(
                "partner",
                _("Partner"),
                lambda r: r.partner.name,
                html=lambda r: _partner_cell(r, link=staff),
                sort="partner",
            ),
            Column(
                "registered_via",
                _("Registered via"),
                lambda r: r.registered_via.name if r.registered_via_id else "",
                on_page=False,
            ),
            Column(
                "registered_by",
                _("Registered by"),
                lambda r: r.registered_by.email if r.registered_by else "",
                on_page=False,
            ),
            Column(
                "cam_email",
                _("Channel account manager"),
                lambda r: r.partner.cam.email if r.partner.cam else "",
                html=lambda r: r.partner.cam.display_name if r.partner.cam else "—",
                on_page=staff,
            ),
            Column("customer_domain", _("Web domain"), lambda r: r.customer_domain, on_page=False),
            Column("customer_tax_id", _("Tax id"), lambda r: r.customer_tax_id, on_page=False),
            Column("customer_country", _("Country"), lambda r: r.customer_country.code or "", on_page=False),
            Column(
                "amount",
                _("Amount"),
                lambda r: r.amount,
                html=lambda r: f"{r.amount} {r.currency}",
                sort="amount",
            ),
            Column("currency", _("Currency"), lambda r: r.currency, on_page=False),
            Column("stage", _("Stage"), lambda r: r.stage, html=lambda r: r.get_stage_display()),
            Column(
                "status",
                _("Status"),
                lambda r: r.status,
                html=lambda r: r.get_status_display(),
                sort="status",
            ),
            Column(
                "conflict",
                _("Conflict check"),
                lambda r: r.conflict_outcome or "",
                html=_conflict_cell,
                on_page=staff,
            ),
            Column(
                "submitted_at",
                _("Submitted"),
                lambda r: r.submitted_at.date() if r.submitted_at else None,
                html=lambda r: _day(r.submitted_at),
                sort="submitted",
            ),
            Column(
                "expected_close_date",
                _("Expected close"),
                lambda r: r.expected_close_date,
                html=lambda r: _day(r.expected_close_date),
                sort="close",
            ),
            Column(
                "decided_by",
                _("Decided by"),
                lambda r: r.decided_by.email if r.decided_by else "",
                on_page=False,
            ),
            Column(
                "protected_until",
                _("Protected until"),
                lambda r: r.protected_until,
                html=lambda r: _day(r.protected_until),
                on_page=not staff,
            ),
            Column("won_amount", _("Amount won"), lambda r: r.won_amount, on_page=False),
        ],
    )
