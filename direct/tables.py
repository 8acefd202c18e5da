"""The columns of the direct-sales lists: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import Column, Table
from direct.rules import allowed_actions

# The counts above the lists ("12 …"): made once, translated when shown.
ACCOUNTS_COUNT = ngettext_lazy("%(n)s account", "%(n)s accounts", "n")
DEALS_COUNT = ngettext_lazy("%(n)s deal", "%(n)s deals", "n")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _account_url(a) -> str:
    return object_url("direct:account", a.public_id)


def _account_name(a):
    badges = [_("named")] if a.is_named_account else []
    badges += [] if a.is_active else [_("inactive")]
    return format_html(
        '<a href="{}">{}</a>{}',
        _account_url(a),
        a.name,
        format_html_join("", ' <span class="badge">{}</span>', ((b,) for b in badges)),
    )


def _location(a):
    if a.region:
        return format_html(
            '{}<br><small class="muted">{}</small>', a.country.name or "", a.get_region_display()
        )
    return a.country.name or "—"


def _owner(row):
    if row.owner:
        return row.owner.display_name
    return format_html('<span class="muted">{}</span>', _("unassigned"))


def account_table() -> Table:
    return Table(
        empty=_("No direct account matches these filters."),
        count=ACCOUNTS_COUNT,
        columns=[
            Column("id", "id", lambda a: a.public_id, on_page=False),
            Column(
                "name",
                _("Name"),
                lambda a: a.name,
                html=_account_name,
                sort="name",
                reads=("name", "public_id", "is_named_account", "is_active"),
            ),
            Column("legal_name", _("Legal name"), lambda a: a.legal_name, on_page=False),
            Column(
                "web_domain", _("Web domain"), lambda a: a.web_domain, sort="domain", reads=("web_domain",)
            ),
            Column("tax_id", _("Tax id"), lambda a: a.tax_id, on_page=False),
            Column(
                "country",
                _("Location"),
                lambda a: a.country.code,
                html=_location,
                reads=("country", "region"),
            ),
            Column("region", _("Region"), lambda a: a.region, on_page=False),
            Column(
                "segment",
                _("Segment"),
                lambda a: a.segment,
                html=lambda a: a.get_segment_display() or "—",
                reads=("segment",),
            ),
            Column("annual_revenue", _("Annual revenue"), lambda a: a.annual_revenue, on_page=False),
            Column("currency", _("Currency"), lambda a: a.currency, on_page=False),
            Column("employees", _("Employees"), lambda a: a.employees, on_page=False),
            Column(
                "owner_email",
                _("Owner"),
                lambda a: a.owner.email if a.owner else "",
                html=_owner,
                reads=("owner__full_name", "owner__email"),
            ),
            Column(
                "open_deals",
                _("Open deals"),
                lambda a: a.open_deals,
                sort="open_deals",
                in_export=False,
                reads=(),  # an annotation of every row
            ),
            Column("named_account", _("Named account"), lambda a: _yes_no(a.is_named_account), on_page=False),
            Column("active", _("Active"), lambda a: _yes_no(a.is_active), on_page=False),
        ],
    )


def _day(value):
    return date_format(value, "DATE_FORMAT") if value else "—"


def deal_table(*, actor) -> Table:
    def deal_link(d):
        return object_url("direct:deal_edit", d.public_id) if "edit" in allowed_actions(actor, d) else None

    return Table(
        empty=_("No deal matches these filters."),
        count=DEALS_COUNT,
        columns=[
            Column("id", "id", lambda d: d.public_id, on_page=False),
            Column("name", _("Deal"), lambda d: d.name, link=deal_link, sort="name"),
            Column(
                "account",
                _("Account"),
                lambda d: d.account.name,
                link=lambda d: _account_url(d.account),
                sort="account",
            ),
            Column(
                "amount",
                _("Amount"),
                lambda d: d.amount,
                html=lambda d: f"{d.amount} {d.currency}",
                sort="amount",
            ),
            Column("currency", _("Currency"), lambda d: d.currency, on_page=False),
            Column(
                "stage", _("Stage"), lambda d: d.stage, html=lambda d: d.get_stage_display(), sort="stage"
            ),
            Column("open", _("Open"), lambda d: _yes_no(d.is_open), on_page=False),
            Column(
                "expected_close_date",
                _("Expected close"),
                lambda d: d.expected_close_date,
                html=lambda d: _day(d.expected_close_date),
                sort="close",
            ),
            Column(
                "owner_email",
                _("Owner"),
                lambda d: d.owner.email if d.owner else "",
                html=lambda d: d.owner.display_name if d.owner else "—",
            ),
            Column("closed_at", _("Closed"), lambda d: d.closed_at, on_page=False),
        ],
    )
