"""The columns of the collateral lists: the staff list of templates and the partners' page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from collateral.models import CollateralTemplate, Language
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column

TEMPLATES_COUNT = ngettext_lazy("%(n)s template", "%(n)s templates", "n")


def _title(t: CollateralTemplate):
    if t.description:
        return format_html(
            '{}<br><small class="muted">{}</small>', t.title, Truncator(t.description).chars(120)
        )
    return t.title


def _version(t: CollateralTemplate):
    version = t.current_version
    return version.number if version is not None else None


def _audience(t: CollateralTemplate) -> str:
    return "; ".join(t.audience_labels()) or str(_("All partners"))


def template_table() -> Table:
    return Table(
        empty=_("No collateral template matches these filters."),
        count=TEMPLATES_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "title",
                _("Title"),
                lambda t: t.title,
                html=_title,
                link=lambda t: object_url("collateral:detail", t.public_id),
                sort="title",
            ),
            choice_column("status", _("Status"), "status"),
            Column("version", _("Published version"), _version),
            Column("audience", _("Audience"), _audience),
            Column("updated", _("Updated"), lambda t: t.updated_at.date(), sort="updated"),
        ],
    )


def _downloads(t: CollateralTemplate):
    version = t.current_version
    languages = [Language.EN, Language.RU] if version is not None and version.source_ru else [Language.EN]
    return format_html(
        '<span class="actions-row">{}</span>',
        format_html_join(
            "",
            '<a role="button" class="outline" href="{}" download>{} ({})</a>',
            (
                (
                    reverse("collateral:download", args=[t.public_id, language]),
                    _("Download my version"),
                    language.label,
                )
                for language in languages
            ),
        ),
    )


def partner_table() -> Table:
    """The partners' page: what they may generate, each with a download per language it exists in."""
    return Table(
        empty=_("No co-branded material is available to your company yet."),
        count=TEMPLATES_COUNT,
        columns=[
            Column("title", _("Title"), lambda t: t.title, html=_title, sort="title"),
            Column("download", _("Your co-branded PDF"), lambda t: "", html=_downloads, in_export=False),
        ],
    )
