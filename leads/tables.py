"""The columns of lead lists: the page's table and the CSV/XLSX export come from these."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column
from leads.attributes import display_value
from leads.models import LeadAttribute, LeadStatus

LEADS_COUNT = ngettext_lazy("%(n)s lead", "%(n)s leads", "n")
# The deals' badge colours (static/kanal/kanal.css), each with enough contrast: offered, won, lost, working.
STATUS_BADGES = {
    LeadStatus.NEW: "status-submitted",
    LeadStatus.CONVERTED: "status-approved",
    LeadStatus.LOST: "stage-lost",
}


def badge_class(lead) -> str:
    return STATUS_BADGES.get(lead.status, "state-todo")


def _url(lead) -> str:
    return object_url("leads:detail", lead.public_id)


def time_left(deadline: datetime | None, *, now: datetime | None = None) -> str:
    """ "5 h left", "2 days left", "overdue by 3 h": how long a partner still has to answer."""
    if deadline is None:
        return ""
    now = now or timezone.now()
    seconds = (deadline - now).total_seconds()
    hours = int(abs(seconds) // 3600)
    if hours >= 48:
        days = hours // 24
        span = ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    elif hours >= 1:
        span = ngettext("%(n)s h", "%(n)s h", hours) % {"n": hours}
    else:
        minutes = max(1, int(abs(seconds) // 60))
        span = ngettext("%(n)s min", "%(n)s min", minutes) % {"n": minutes}
    if seconds < 0:
        return gettext("overdue by %(span)s") % {"span": span}
    return gettext("%(span)s left") % {"span": span}


def score_text(lead) -> str:
    return "" if lead.score is None else f"{round(lead.score * 100)}%"


def _status_html(lead):
    badge = badge_class(lead)
    text = lead.get_status_display()
    if lead.status == LeadStatus.NEW and lead.accept_by is not None:
        return format_html(
            '<span class="badge {}">{}</span><br><small>{}</small>', badge, text, time_left(lead.accept_by)
        )
    return format_html('<span class="badge {}">{}</span>', badge, text)


def _company_html(lead):
    link = format_html('<a href="{}">{}</a>', _url(lead), lead.company_name)
    if lead.duplicate_of_id:
        return format_html('{} <span class="badge warning">{}</span>', link, _("Possible duplicate"))
    return link


def _attribute_column(definition: LeadAttribute) -> Column:
    return Column(
        f"attr_{definition.key}",
        definition.label,
        lambda lead: display_value(definition, (lead.attributes or {}).get(definition.key)),
        on_page=False,
    )


def lead_table(*, staff: bool, attributes: list[LeadAttribute] | None = None) -> Table:
    return Table(
        empty=_("No lead matches these filters."),
        count=LEADS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "company_name",
                _("Company"),
                lambda lead: lead.company_name,
                html=_company_html,
                sort="company",
                reads=("public_id", "company_name", "duplicate_of_id"),
            ),
            Column("domain", _("Web domain"), lambda lead: lead.domain, on_page=False),
            Column("contact_name", _("Contact"), lambda lead: lead.contact_name, reads=("contact_name",)),
            Column("contact_email", _("Contact email"), lambda lead: lead.contact_email, on_page=False),
            Column("contact_phone", _("Contact phone"), lambda lead: lead.contact_phone, on_page=False),
            Column("contact_title", _("Job title"), lambda lead: lead.contact_title, on_page=False),
            Column("country", _("Country"), lambda lead: lead.country.code or "", reads=("country",)),
            choice_column("region", _("Region"), "region", on_page=False),
            choice_column("vertical", _("Vertical"), "vertical"),
            choice_column("company_size", _("Size"), "company_size", on_page=False),
            choice_column("source", _("Source"), "source", on_page=staff),
            path_column(
                "partner",
                _("Partner"),
                "partner.name",
                on_page=staff,
                sort="partner",
                link=lambda lead: (
                    object_url("partners:detail", lead.partner.public_id) if lead.partner_id else None
                ),
                reads=("partner__public_id", "partner__name"),
            ),
            choice_column("destination", _("Destination"), "destination", on_page=False),
            Column(
                "status",
                _("Status"),
                lambda lead: lead.status,
                html=_status_html,
                sort="status",
                reads=("status", "accept_by"),
            ),
            Column(
                "score",
                pgettext_lazy("lead", "Score"),
                lambda lead: lead.score,
                html=score_text,
                sort="score",
                reads=("score",),
            ),
            when_column("accept_by", _("Accept by"), on_page=False),
            Column(
                "next_step",
                _("Next step"),
                lambda lead: lead.next_step,
                on_page=not staff,
                reads=("next_step",),
            ),
            day_column(
                "next_step_on", _("Next step on"), "next_step_on", on_page=not staff, sort="next_step"
            ),
            choice_column("lost_reason", _("Lost reason"), "lost_reason", on_page=False),
            day_column("created_at", _("Created"), "created_at", sort="created"),
            *[_attribute_column(d) for d in (attributes or [])],
        ],
    )
