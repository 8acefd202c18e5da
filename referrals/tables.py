"""The columns of the referral lists: each page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, path_column

LINKS_COUNT = ngettext_lazy("%(n)s link", "%(n)s links", "n")
ATTRIBUTIONS_COUNT = ngettext_lazy("%(n)s referred lead", "%(n)s referred leads", "n")


def short_path(code: str) -> str:
    return reverse("referrals_short:follow", args=[code])


def _link_name(link):
    badge = "" if link.active else format_html(' <span class="badge">{}</span>', _("switched off"))
    return format_html(
        '<a href="{}">{}</a>{}', object_url("referrals:link", link.public_id), link.name, badge
    )


def link_table(*, staff: bool) -> Table:
    columns = [
        ID_COLUMN,
        Column("name", _("Link"), lambda link: link.name, html=_link_name, sort="name"),
        Column(
            "short_url",
            _("Short link"),
            lambda link: short_path(link.code),
            html=lambda link: format_html("<code>{}</code>", short_path(link.code)),
        ),
        Column("destination", _("Destination"), lambda link: link.destination),
        Column("utm_campaign", _("Campaign"), lambda link: link.utm_campaign),
        path_column("owner", _("Owner"), "owner.email"),
        Column("clicks", _("Clicks"), lambda link: link.clicks_total or 0),
        Column("leads", _("Leads credited"), lambda link: link.leads_total or 0),
        when_column("created_at", _("Created"), fmt="DATE_FORMAT", sort="created"),
        Column("active", _("Active"), lambda link: "yes" if link.active else "no", on_page=False),
    ]
    if staff:
        columns.insert(2, path_column("partner", _("Partner"), "partner.name", sort="partner"))
    return Table(columns=columns, count=LINKS_COUNT, empty=_("No referral links match these filters."))


def _lead(attribution):
    return format_html(
        '<a href="{}">{}</a>',
        object_url("leads:detail", attribution.lead.public_id),
        attribution.lead.company_name,
    )


def _status(attribution):
    badge = "status-approved" if attribution.counts else "status-rejected"
    text = attribution.get_status_display()
    if attribution.reason:
        text = f"{text}: {attribution.get_reason_display()}"
    return format_html('<span class="badge {}">{}</span>', badge, text)


def _registration_status(attribution):
    registration = attribution.lead.registration
    return registration.get_status_display() if registration else ""


def _won(attribution):
    registration = attribution.lead.registration
    if registration is None or registration.status != "won" or registration.won_amount is None:
        return ""
    return f"{registration.won_amount} {registration.currency}"


def attribution_table(*, staff: bool) -> Table:
    columns = [
        ID_COLUMN,
        when_column("created_at", _("Date"), sort="created"),
        Column("lead", _("Lead"), lambda a: a.lead.company_name, html=_lead),
        path_column("link", _("Link"), "link.name"),
        choice_column("source", _("Through"), "source"),
        Column("status", _("Credit"), lambda a: a.status, html=_status),
        Column("reason", _("Not credited because"), lambda a: a.reason, on_page=False),
        Column("registration", _("Registration"), _registration_status),
        Column("won", _("Won"), _won),
    ]
    if staff:
        columns.insert(3, path_column("partner", _("Partner"), "partner.name", sort="partner"))
    return Table(columns=columns, count=ATTRIBUTIONS_COUNT, empty=_("No referred leads match these filters."))
