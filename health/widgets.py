"""Health's cards: on the staff home, the live risk reviews (a CAM's own portfolio: awaiting a plan, plan
overdue, ready to close); on the staff partner page, the partner's health; on a partner user's home, its
own. Every number links to the at-risk list filtered the same way (`health.filters.phase_q`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import StaffRole
from dashboard.widgets import SIDE, Figure, PartnerHomeWidget, PartnerPageWidget, Widget, register_widget
from health.scoring import reasons_text, weakest_signals
from health.selectors import latest_score, live_review, review_counts, score_history


def _list(**filters: Any) -> str:
    return f"{reverse('health:at_risk')}?{urlencode(filters)}"


@register_widget
class RiskReviews(Widget):
    name = "health.reviews"
    title = gettext_lazy("Partners at risk")
    permission = "health.view"
    roles = frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS})
    template_name = "dashboard/widget.html"
    order = 30

    def figures(self) -> list[Figure]:
        mine = self.actor.staff_role == StaffRole.CAM
        counts = review_counts(actor=self.actor, mine=mine)
        scope = {"mine": "yes"} if mine else {}
        return [
            Figure(_("awaiting a recovery plan"), counts.awaiting_plan, _list(phase="awaiting", **scope)),
            Figure(_("recovery plans overdue"), counts.overdue, _list(phase="overdue", **scope)),
            Figure(_("healthy again: ready to close"), counts.ready, _list(phase="ready", **scope)),
        ]


class _Health(Widget):
    title = gettext_lazy("Health")
    permission = "health.view"
    column = SIDE
    order = 15

    def scores(self) -> list[Any]:
        return self.shared_value(
            ("health.scores", self.partner().pk),
            lambda: list(score_history(actor=self.actor, partner=self.partner())[:2]),
        )

    def get_context(self) -> dict[str, Any]:
        scores = self.scores()
        latest = scores[0] if scores else latest_score(actor=self.actor, partner=self.partner())
        return {
            "latest": latest,
            "previous": scores[1] if len(scores) > 1 else None,
            "weakest": reasons_text(weakest_signals(latest.signals)) if latest else "",
        }


@register_widget
class PartnerHealth(_Health, PartnerPageWidget):
    name = "health.partner"

    def get_context(self) -> dict[str, Any]:
        return super().get_context() | {"review": live_review(actor=self.actor, partner=self.partner())}


@register_widget
class MyHealth(_Health, PartnerHomeWidget):
    name = "health.mine"
    title = gettext_lazy("Partner health")

    def is_shown(self) -> bool:
        return bool(self.scores())
