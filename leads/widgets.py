"""Leads' cards on the home pages.

Partner users: the leads awaiting their company's answer, soonest deadline first with the time left, and their
acceptance and conversion rates. Staff: leads awaiting acceptance (overdue ones apart), not routed, and the
channel's acceptance and conversion rates. A CAM counts the partners they manage.

Each count links to the lead list with the filters that select the rows it counts (`leads.filters`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.roles import StaffRole
from dashboard.widgets import (
    MAIN,
    STAFF_HOME,
    TOP,
    Figure,
    PartnerHomeWidget,
    Widget,
    percent_text,
    register_widget,
)
from leads.filters import phase_q
from leads.models import AssignmentOutcome, Lead, LeadAssignment, LeadStatus
from leads.tables import time_left

RATES_OVER_DAYS = 90  # acceptance and conversion: what was decided or closed in the last 90 days
QUEUE_ROWS = 5


class LeadCard(Widget):
    def scope(self) -> dict[str, str]:
        if self.actor.staff_role == StaffRole.CAM:
            return {"cam": str(self.actor.user.public_id)}
        return {}

    def scope_q(self) -> Q:
        return Q(partner__cam=self.actor.user) if self.scope() else Q()

    def list_url(self, **filters: Any) -> str:
        return f"{reverse('leads:list')}?{urlencode(self.scope() | {k: str(v) for k, v in filters.items()})}"

    def since(self) -> str:
        return (timezone.localdate() - timedelta(days=RATES_OVER_DAYS)).isoformat()

    def counts(self) -> dict[str, int]:
        """The card's counts in one aggregate query over the leads the viewer may see."""

        def read() -> dict[str, int]:
            now = timezone.now()
            since = timezone.localdate() - timedelta(days=RATES_OVER_DAYS)  # the list's closed_from, a day
            leads = Lead.objects.visible_to(self.actor).filter(self.scope_q())
            return leads.aggregate(
                awaiting=Count("id", filter=phase_q("awaiting")),
                overdue=Count("id", filter=phase_q("awaiting") & Q(accept_by__lt=now)),
                unrouted=Count("id", filter=Q(destination="unrouted", status=LeadStatus.NEW)),
                working=Count("id", filter=phase_q("working")),
                converted=Count("id", filter=Q(status=LeadStatus.CONVERTED, closed_at__date__gte=since)),
                closed=Count("id", filter=phase_q("closed") & Q(closed_at__date__gte=since)),
            )

        return self.shared_value(("leads.counts", tuple(self.scope().items())), read)

    def offers(self) -> tuple[int, int]:
        """(accepted, answered) offers of the last 90 days: answered = accepted, declined or let lapse."""

        def read() -> tuple[int, int]:
            since = timezone.now() - timedelta(days=RATES_OVER_DAYS)
            rows = LeadAssignment.objects.visible_to(self.actor).filter(created_at__gte=since)
            if self.scope():
                rows = rows.filter(partner__cam=self.actor.user)
            found = rows.aggregate(
                accepted=Count("id", filter=Q(outcome=AssignmentOutcome.ACCEPTED)),
                answered=Count(
                    "id",
                    filter=Q(
                        outcome__in=[
                            AssignmentOutcome.ACCEPTED,
                            AssignmentOutcome.DECLINED,
                            AssignmentOutcome.LAPSED,
                        ]
                    ),
                ),
            )
            return found["accepted"], found["answered"]

        return self.shared_value(("leads.offers", tuple(self.scope().items())), read)

    def rate_figures(self) -> list[Figure]:
        counts = self.counts()
        accepted, answered = self.offers()
        return [
            Figure(
                _("acceptance rate (90 days, %(accepted)s of %(answered)s offers)")
                % {"accepted": accepted, "answered": answered},
                counts["working"],
                self.list_url(phase="working"),
                percent_text(accepted / answered) if answered else "—",
            ),
            Figure(
                _("conversion rate (90 days, %(converted)s of %(closed)s closed)")
                % {"converted": counts["converted"], "closed": counts["closed"]},
                counts["closed"],
                self.list_url(phase="closed", closed_from=self.since()),
                percent_text(counts["converted"] / counts["closed"]) if counts["closed"] else "—",
            ),
        ]

    def awaiting_rows(self) -> list[Lead]:
        rows = list(
            Lead.objects.visible_to(self.actor)
            .filter(self.scope_q(), phase_q("awaiting"))
            .select_related("partner")
            .order_by("accept_by", "id")[:QUEUE_ROWS]
        )
        for lead in rows:
            lead.left_text = time_left(lead.accept_by)
            lead.overdue = lead.accept_by is not None and lead.accept_by < timezone.now()
        return rows


@register_widget
class StaffLeads(LeadCard):
    name = "leads.staff_leads"
    title = gettext_lazy("Leads")
    page = STAFF_HOME
    permission = "leads.view"
    column = MAIN
    order = 20
    template_name = "leads/widgets/awaiting.html"

    def figures(self) -> list[Figure]:
        counts = self.counts()
        return [
            Figure(
                ngettext("lead awaiting acceptance", "leads awaiting acceptance", counts["awaiting"]),
                counts["awaiting"],
                self.list_url(phase="awaiting"),
            ),
            Figure(
                ngettext("lead not routed", "leads not routed", counts["unrouted"]),
                counts["unrouted"],
                self.list_url(destination="unrouted", status=LeadStatus.NEW),
            ),
            *self.rate_figures(),
        ]

    def get_context(self) -> dict[str, Any]:
        return {"rows": self.awaiting_rows(), "overdue": self.counts()["overdue"]}


@register_widget
class PartnerLeads(LeadCard, PartnerHomeWidget):
    """The leads waiting for the company's answer, with the time left, and its own rates."""

    name = "leads.partner_leads"
    title = gettext_lazy("Leads awaiting your answer")
    permission = "leads.view"
    column = TOP
    order = 8
    template_name = "leads/widgets/awaiting.html"

    def figures(self) -> list[Figure]:
        counts = self.counts()
        return [
            Figure(
                ngettext("lead to accept or decline", "leads to accept or decline", counts["awaiting"]),
                counts["awaiting"],
                self.list_url(phase="awaiting"),
            ),
            *self.rate_figures(),
        ]

    def get_context(self) -> dict[str, Any]:
        return {"rows": self.awaiting_rows(), "overdue": self.counts()["overdue"]}
