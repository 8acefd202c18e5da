"""The columns of the programs list and of a program's members list: the pages' tables and the CSV/XLSX
export come from these."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column
from partners.choices import PartnerType

MEMBERS_COUNT = ngettext_lazy("%(n)s member", "%(n)s members", "n")


def _types(program) -> str:
    labels = dict(PartnerType.choices)
    return ", ".join(str(labels.get(t, t)) for t in program.partner_types) or str(_("Every type"))


def program_table(*, staff: bool) -> Table:
    def url(p) -> str:
        if staff:
            return object_url("programs:program", p.public_id)
        return f"{reverse('programs:mine')}#program-{p.code}"

    return Table(
        empty=_("No program matches these filters."),
        columns=[
            ID_COLUMN,
            Column("code", _("Code"), lambda p: p.code, sort="code", reads=("code",)),
            Column(
                "name",
                _("Name"),
                lambda p: p.name,
                html=lambda p: format_html('<a href="{}">{}</a>', url(p), p.name),
                sort="name",
                reads=("name_en", "name_ru", "code", "public_id"),
            ),
            Column("name_en", _("Name (English)"), lambda p: p.name_en, on_page=False),
            Column("name_ru", _("Name (Russian)"), lambda p: p.name_ru, on_page=False),
            Column("partner_types", _("Partner types"), _types, reads=("partner_types",)),
            Column(
                "is_default",
                _("Default"),
                lambda p: "true" if p.is_default else "false",
                html=lambda p: _("yes") if p.is_default else "—",
                reads=("is_default",),
            ),
            choice_column("status", _("Status"), "status"),
            Column(
                "members",
                _("Members"),
                lambda p: p.member_count,
                on_page=staff,
                in_export=staff,
                reads=(),
            ),
        ],
    )


def member_table() -> Table:
    def partner_link(m) -> str:
        return object_url("programs:member", m.public_id)

    return Table(
        empty=_("No member matches these filters."),
        count=MEMBERS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "partner",
                _("Partner"),
                lambda m: m.partner.name,
                link=partner_link,
                sort="partner",
                reads=("public_id", "partner__name"),
            ),
            path_column("partner_id", _("Partner id"), "partner.public_id", on_page=False),
            Column(
                "partner_type",
                _("Type"),
                lambda m: m.partner.partner_type,
                html=lambda m: m.partner.get_partner_type_display(),
                reads=("partner__partner_type",),
            ),
            Column(
                "region",
                _("Region"),
                lambda m: m.partner.region,
                html=lambda m: m.partner.get_region_display() or "—",
                reads=("partner__region",),
            ),
            choice_column("tier", _("Tier"), "tier", sort="tier"),
            day_column("tier_since", _("Tier since"), "tier_since", sort="tier_since"),
            day_column("joined_at", _("Joined"), "joined_at", sort="joined"),
            day_column("ended_at", _("Left"), "ended_at"),
        ],
    )
