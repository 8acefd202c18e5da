"""The tier engine's cards: on a partner user's home, its tier in each program and what the next one still
needs; on the staff partner page, a "Tiers" tab with the partner's progress; on the staff home (ops and the
channel chief), the pending downgrades and the month's moves, each linking to the list it counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import StaffRole
from dashboard.widgets import (
    MAIN,
    SIDE,
    Figure,
    PartnerHomeWidget,
    PartnerPageWidget,
    Widget,
    register_widget,
)
from tiers.models import Decision, DowngradeWarning, TierAssessment, WarningStatus
from tiers.progress import progress_of

MOVES_OVER_DAYS = 30


@register_widget
class MyTier(PartnerHomeWidget):
    name = "tiers.my_tier"
    title = gettext_lazy("Your tier")
    permission = "tiers.view"
    column = SIDE
    order = 15

    def progress(self) -> list[Any]:
        return self.shared_value(
            "tiers.progress", lambda: progress_of(actor=self.actor, partner=self.actor.partner)
        )

    def is_shown(self) -> bool:
        return bool(self.progress())

    def get_context(self) -> dict[str, Any]:
        return {"progress": self.progress()}


@register_widget
class PartnerTiers(PartnerPageWidget):
    name = "tiers.partner_tiers"
    title = gettext_lazy("Tiers")
    tab = "tiers"
    column = MAIN
    order = 10

    def get_context(self) -> dict[str, Any]:
        return {
            "progress": progress_of(actor=self.actor, partner=self.obj),
            "partner": self.obj,
            "can_override": self.actor.can("tiers.override"),
        }


@register_widget
class TierMoves(Widget):
    name = "tiers.moves"
    title = gettext_lazy("Tiers")
    permission = "tiers.view"
    roles = frozenset({StaffRole.CHIEF, StaffRole.OPS})
    template_name = "dashboard/widget.html"
    column = SIDE
    order = 60

    def figures(self) -> list[Figure]:
        since = timezone.localdate() - timedelta(days=MOVES_OVER_DAYS - 1)
        pending = DowngradeWarning.objects.visible_to(self.actor).filter(status=WarningStatus.PENDING).count()
        moves = (
            TierAssessment.objects.visible_to(self.actor)
            .filter(evaluated_on__gte=since)
            .aggregate(
                up=Count("id", filter=Q(decision=Decision.UP)),
                down=Count("id", filter=Q(decision=Decision.DOWN)),
            )
        )

        def changes(decision: str) -> str:
            query = urlencode({"decision": decision, "evaluated_from": since.isoformat()})
            return f"{reverse('tiers:changes')}?{query}"

        return [
            Figure(_("pending downgrades"), pending, reverse("tiers:warnings")),
            Figure(_("moved up in the last 30 days"), moves["up"], changes(Decision.UP)),
            Figure(_("moved down in the last 30 days"), moves["down"], changes(Decision.DOWN)),
        ]
