"""MDF cards: on the staff home, the claims (and requests) awaiting a decision; on a partner user's home,
"Funds": what the company has available per period, what is committed and owed, its activities with their
codes (to put on leads and registrations) and what they brought. A rep sees the activities and their codes;
the money only when the money settings let reps see what the company earns.

Every number links to the list it counts, filtered the same way."""

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
from dashboard.widgets import MAIN, SIDE, Figure, PartnerHomeWidget, Widget, amount_text, register_widget
from funds.models import FUNDED_STATUSES, ClaimStatus, FundRequest, RequestStatus, money_visible
from funds.roi import Roi, activities_roi, convert
from funds.selectors import claims_awaiting, partner_funds, requests_awaiting

ACTIVITY_ROWS = 5


def _url(name: str, **filters: Any) -> str:
    return f"{reverse(name)}?{urlencode(filters)}" if filters else reverse(name)


@register_widget
class FundsAwaitingDecision(Widget):
    name = "funds.awaiting_decision"
    title = gettext_lazy("Fund claims awaiting approval")
    permission = "funds.view"
    roles = frozenset({StaffRole.CHIEF, StaffRole.MARKETING, StaffRole.OPS})
    template_name = "dashboard/widget.html"
    column = MAIN
    order = 40

    def figures(self) -> list[Figure]:
        claims = claims_awaiting(actor=self.actor).aggregate(
            submitted=Count("id", filter=Q(status=ClaimStatus.SUBMITTED)),
            chief=Count("id", filter=Q(status=ClaimStatus.AWAITING_CHIEF)),
        )
        requests = requests_awaiting(actor=self.actor).count()
        return [
            Figure(
                _("claims awaiting approval"), claims["submitted"], _url("funds:claims", status="submitted")
            ),
            Figure(
                _("claims awaiting the channel chief"),
                claims["chief"],
                _url("funds:claims", status=ClaimStatus.AWAITING_CHIEF),
            ),
            Figure(_("fund requests awaiting a decision"), requests, _url("funds:requests", status="open")),
        ]


@register_widget
class PartnerFunds(PartnerHomeWidget):
    name = "funds.partner_funds"
    title = gettext_lazy("Funds")
    permission = "funds.view"
    column = SIDE
    order = 25

    def money(self) -> bool:
        return money_visible(self.actor)

    def overview(self) -> Any:
        return self.shared_value(
            "funds.overview", lambda: partner_funds(actor=self.actor, partner=self.actor.partner)
        )

    def activities(self) -> list[FundRequest]:
        def read() -> list[FundRequest]:
            since = timezone.localdate() - timedelta(days=90)
            rows = (
                FundRequest.objects.visible_to(self.actor)
                .filter(status__in=FUNDED_STATUSES, ends_on__gte=since)
                .select_related("partner")
                .order_by("-starts_on", "-id")
            )
            return list(rows[:ACTIVITY_ROWS])

        return self.shared_value("funds.activities", read)

    def is_shown(self) -> bool:
        return bool(self.activities()) or (self.money() and bool(self.overview().periods))

    def figures(self) -> list[Figure]:
        figures: list[Figure] = []
        if self.money():
            overview = self.overview()
            counts = dict(
                self.actor_allocations().values_list("budget__period").annotate(n=Count("id")).order_by()
            )
            for funds in overview.periods:
                figures.append(
                    Figure(
                        _("available in %(period)s") % {"period": funds.budget.period_label},
                        counts.get(funds.budget.period, 0),
                        _url("funds:allocations", period=funds.budget.period),
                        text=amount_text(funds.available, funds.budget.currency),
                    )
                )
        funded = FundRequest.objects.visible_to(self.actor).filter(status__in=FUNDED_STATUSES).count()
        figures.append(Figure(_("activities funded"), funded, _url("funds:requests", status="funded")))
        return figures

    def actor_allocations(self) -> Any:
        from funds.selectors import allocations_visible

        return allocations_visible(actor=self.actor).filter(budget__closed_at__isnull=True)

    def get_context(self) -> dict[str, Any]:
        activities = self.activities()
        roi = activities_roi(actor=self.actor, requests=activities) if activities else {}
        total = Roi()
        for value in roi.values():
            total.add(value)
        return {
            "money": self.money(),
            "overview": self.overview() if self.money() else None,
            "activities": [(request, roi.get(request.pk)) for request in activities],
            "total": convert(total) if activities else None,
            "can_request": self.actor.can("funds.request"),
            "approved_status": RequestStatus.APPROVED,
        }
