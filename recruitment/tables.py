"""The columns of recruitment's lists (review queue, prospects): the page's table and the export."""

from __future__ import annotations

from operator import attrgetter

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column, when_text
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, path_column
from recruitment.duplicates import describe_flag
from recruitment.fit import describe_reason

# The counts above the lists ("12 …"): made once, translated when shown.
APPLICATIONS_COUNT = ngettext_lazy("%(n)s application", "%(n)s applications", "n")
PROSPECTS_COUNT = ngettext_lazy("%(n)s prospect", "%(n)s prospects", "n")


def _state(name: str, heading, **options) -> Column:
    """A status or stage: its value in the export, its label as a badge of its own colour on the page."""

    def badge(row):
        label = getattr(row, f"get_{name}_display")()
        return format_html('<span class="badge {}-{}">{}</span>', name, getattr(row, name), label)

    return Column(name, heading, attrgetter(name), html=badge, **options)


def _company(cell) -> Column:
    """The company's name, sorting the list; on the page, `cell` adds its link and details."""
    return Column("company_name", _("Company"), attrgetter("company_name"), html=cell, sort="company")


def _country() -> Column:
    return Column("country", _("Country"), lambda row: row.country.code or "", on_page=False)


def _export_only(**headings) -> list[Column]:
    """Columns of the export alone, each the row's own value: name=heading."""
    return [Column(name, heading, attrgetter(name), on_page=False) for name, heading in headings.items()]


def _reasons(row) -> list[str]:
    return [describe_reason(r) if isinstance(r, dict) else str(r) for r in row.fit_reasons or []]


# --- applications -----------------------------------------------------------------------------------------


def _application_cell(a):
    badges = []
    if a.source == "outbound":
        badges.append(format_html('<br><span class="badge">{}</span>', _("outbound")))
    for flag in a.duplicate_flags or []:
        if not isinstance(flag, dict):
            continue
        label = _("existing partner") if flag.get("kind") == "partner" else _("possible duplicate")
        badges.append(
            format_html('<br><span class="badge flag" title="{}">{}</span>', describe_flag(flag), label)
        )
    return format_html(
        '<a href="{}">{}</a><br><small class="muted">{}</small>{}',
        object_url("recruitment:application", a.public_id),
        a.company_name,
        a.web_domain,
        format_html_join("", "{}", ((b,) for b in badges)),
    )


def _location_cell(a):
    place = ", ".join(p for p in (a.city, a.country.name if a.country else "") if p)
    return format_html('{}<br><small class="muted">{}</small>', place, a.get_region_display())


def application_table() -> Table:
    return Table(
        empty=_("No application matches these filters."),
        count=APPLICATIONS_COUNT,
        columns=[
            ID_COLUMN,
            _company(_application_cell),
            *_export_only(legal_name=_("Legal name"), tax_id=_("Tax id"), web_domain=_("Web domain")),
            Column(
                "fit_score",
                _("Fit"),
                lambda a: a.fit_score,
                html=lambda a: format_html("<strong>{}</strong>", a.fit_score),
                sort="fit_score",
            ),
            Column(
                "fit_reasons",
                _("Why"),
                lambda a: "; ".join(_reasons(a)),
                html=lambda a: format_html(
                    '<ul class="reasons">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((r,) for r in _reasons(a))),
                ),
            ),
            choice_column("partner_type", _("Type"), "partner_type"),
            _country(),
            Column("region", _("Location"), lambda a: a.region, html=_location_cell),
            *_export_only(
                city=_("City"),
                size=_("Company size"),
                contact_name=_("Contact name"),
                contact_email=_("Contact email"),
                source=_("Source"),
            ),
            _state("status", _("Status")),
            when_column("created_at", _("Received"), fmt="SHORT_DATE_FORMAT", sort="received"),
            *_export_only(decided_at=_("Decided")),
            path_column("decided_by", _("Decided by"), "decided_by.email", on_page=False),
            path_column("cam_email", _("Channel account manager"), "cam.email", on_page=False),
        ],
    )


# --- prospects --------------------------------------------------------------------------------------------


def _prospect_cell(p):
    details = p.get_partner_type_display() + (f" · {p.web_domain}" if p.web_domain else "")
    return format_html(
        '<a href="{}">{}</a><br><small class="muted">{}</small>',
        object_url("recruitment:prospect", p.public_id),
        p.company_name,
        details,
    )


def _next_step_cell(p):
    if p.next_step_date:
        return format_html(
            "{}<br><small>{}</small>", p.next_step or "—", when_text(p.next_step_date, "SHORT_DATE_FORMAT")
        )
    return p.next_step or "—"


def _owner_cell(p, user_id):
    if not p.owner_id:
        return format_html('<span class="muted">{}</span>', _("unassigned"))
    if p.owner_id == user_id:
        return format_html('{} <span class="badge">{}</span>', p.owner.display_name, _("mine"))
    return p.owner.display_name


def prospect_table(*, user_id=None) -> Table:
    return Table(
        empty=_("No prospect matches these filters."),
        count=PROSPECTS_COUNT,
        columns=[
            ID_COLUMN,
            _company(_prospect_cell),
            *_export_only(web_domain=_("Web domain"), partner_type=_("Partner type")),
            _country(),
            *_export_only(
                region=_("Region"),
                city=_("City"),
                contact_name=_("Contact name"),
                contact_email=_("Contact email"),
            ),
            _state("stage", _("Stage"), sort="stage"),
            choice_column("source", _("Source"), "source"),
            Column("fit_score", _("Fit"), lambda p: p.fit_score, sort="fit_score"),
            Column(
                "next_step", _("Next step"), lambda p: p.next_step, html=_next_step_cell, sort="next_step"
            ),
            *_export_only(next_step_date=_("Next step date")),
            path_column("owner_email", _("Owner"), "owner.email", html=lambda p: _owner_cell(p, user_id)),
        ],
    )
