"""The columns of recognition's lists: awards (staff), grants (staff) and a partner's own badges."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, path_column

AWARDS_COUNT = ngettext_lazy("%(n)s award", "%(n)s awards", "n")
GRANTS_COUNT = ngettext_lazy("%(n)s award granted", "%(n)s awards granted", "n")


def _award_html(award):
    return format_html('<a href="{}">{}</a>', object_url("recognition:award", award.public_id), award.name)


def award_table() -> Table:
    return Table(
        empty=_("No award matches these filters."),
        count=AWARDS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "name",
                _("Award"),
                lambda a: a.name_en,
                html=_award_html,
                sort="name",
                reads=("public_id", "name_en", "name_ru"),
            ),
            Column("name_ru", _("Name (Russian)"), lambda a: a.name_ru, on_page=False),
            choice_column("rule", _("How it is granted"), "rule"),
            Column(
                "is_active",
                _("Given"),
                lambda a: a.is_active,
                html=lambda a: _("yes") if a.is_active else _("no"),
                reads=("is_active",),
            ),
            Column("grant_count", _("Held by"), lambda a: a.grant_count, sort="grants", reads=()),
            when_column("created_at", _("Created"), on_page=False),
        ],
    )


def _grant_link(grant) -> str:
    return object_url("recognition:grant", grant.public_id)


def _grant_html(grant):
    return format_html('<a href="{}">{}</a>', _grant_link(grant), grant.award.name)


def _state_html(grant):
    if grant.revoked_at is not None:
        return format_html('<span class="badge status-rejected">{}</span>', _("Revoked"))
    return format_html('<span class="badge status-approved">{}</span>', _("Held"))


GRANT_AWARD = Column(
    "award",
    _("Award"),
    lambda g: g.award.name_en,
    html=_grant_html,
    sort="award",
    reads=("public_id", "award__name_en", "award__name_ru"),
)


def grant_table() -> Table:
    return Table(
        empty=_("No award granted matches these filters."),
        count=GRANTS_COUNT,
        columns=[
            ID_COLUMN,
            GRANT_AWARD,
            path_column(
                "partner",
                _("Partner"),
                "partner.name",
                sort="partner",
                link=lambda g: object_url("partners:detail", g.partner.public_id),
                reads=("partner__name", "partner__public_id"),
            ),
            Column("period", _("Period"), lambda g: g.period, reads=("period",)),
            Column(
                "automatic",
                _("Granted"),
                lambda g: g.automatic,
                html=lambda g: _("by its rule") if g.automatic else _("by hand"),
                reads=("automatic",),
            ),
            Column(
                "state",
                _("State"),
                lambda g: "revoked" if g.revoked_at else "held",
                html=_state_html,
                reads=("revoked_at",),
            ),
            when_column(
                "granted_at", _("Granted on"), fmt="SHORT_DATE_FORMAT", sort="granted", reads=("granted_at",)
            ),
            Column("citation_en", _("Citation (English)"), lambda g: g.citation_en, on_page=False),
            Column("citation_ru", _("Citation (Russian)"), lambda g: g.citation_ru, on_page=False),
            when_column("revoked_at", _("Revoked on"), on_page=False),
            Column("revoke_reason", _("Reason for revoking"), lambda g: g.revoke_reason, on_page=False),
        ],
    )


def partner_grant_table() -> Table:
    return Table(
        empty=_("No award yet: the channel team's awards and badges your company earns show here."),
        count=GRANTS_COUNT,
        columns=[
            ID_COLUMN,
            GRANT_AWARD,
            Column("period", _("Period"), lambda g: g.period, reads=("period",)),
            Column(
                "citation",
                _("Citation"),
                lambda g: g.citation,
                reads=("citation_en", "citation_ru"),
            ),
            when_column(
                "granted_at", _("Granted on"), fmt="SHORT_DATE_FORMAT", sort="granted", reads=("granted_at",)
            ),
        ],
    )
