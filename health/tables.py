"""The at-risk list's columns: the page's table and its CSV/XLSX export."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, day_column
from health.scoring import reasons_text

REVIEWS_COUNT = ngettext_lazy("%(n)s risk review", "%(n)s risk reviews", "n")


def _partner(review: Any) -> Any:
    return format_html(
        '<a href="{}">{}</a>', object_url("health:review", review.public_id), review.partner.name
    )


def _status(review: Any) -> Any:
    return format_html('<span class="badge {}">{}</span>', review.badge_class, review.get_status_display())


def _why(review: Any) -> str:
    """The weakest signals when the evaluation flagged it, else the words of whoever flagged it."""
    return reasons_text(review.reasons) or Truncator(review.note).chars(80)


def _cam(review: Any) -> str:
    return review.cam.display_name if review.cam else ""


def review_table() -> Table:
    return Table(
        count=REVIEWS_COUNT,
        empty=_("No partner at risk matches these filters."),
        columns=[
            ID_COLUMN,
            Column(
                "partner",
                _("Partner"),
                lambda r: r.partner.name,
                html=_partner,
                sort="partner",
                reads=("partner__name",),
            ),
            Column("status", _("Status"), lambda r: r.status, html=_status, reads=("status",)),
            Column("score", _("Score when flagged"), lambda r: r.score, sort="score", reads=("score",)),
            Column("latest_score", _("Score now"), lambda r: r.latest_score, sort="latest", reads=()),
            Column("why", _("Why"), _why, reads=("reasons", "note")),
            Column("cam", _("Channel account manager"), _cam, reads=("cam__full_name", "cam__email")),
            day_column("opened", _("Flagged"), "created_at", sort="opened"),
            day_column("plan_due", _("Plan due"), "plan_due", sort="due"),
            Column("partner_id", "partner_id", lambda r: r.partner.public_id, on_page=False),
        ],
    )
