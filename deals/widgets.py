"""Deals' cards on the home pages.

Staff: the pipeline at a glance (open pipeline, won, win rate, time to decision), the decision queue
(registrations awaiting a decision with their age, extension requests, appeals for the chief), the open
pipeline by expected close quarter and by stage, and protections ending within two weeks. A CAM sees the
partners they manage (the pipeline's `cam` filter), the others the whole channel.

Partner users: "Register a deal", their company's figures, what needs them (drafts, protections ending)
and their open pipeline by stage; a distributor's users count their resellers' registrations too, as the
list does.

Every number is a `Figure` whose link opens the deal list with the same filters (`deals.filters`), and is
computed by one query over that list's rows (`deals.selectors`), so the list shows exactly what was counted.

On the staff partner page: the partner's key figures (overview) and its latest registrations (the deals
tab).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.roles import StaffRole
from dashboard.widgets import (
    MAIN,
    SIDE,
    STAFF_HOME,
    TOP,
    Chart,
    Figure,
    PartnerHomeWidget,
    PartnerPageWidget,
    Point,
    Series,
    Widget,
    amount_text,
    duration_text,
    percent_text,
    register_widget,
)
from deals.filters import quarter_bounds
from deals.models import RegistrationStage, RegistrationStatus
from deals.selectors import (
    Measure,
    RegistrationFigures,
    partner_deal_figures,
    partner_registrations,
    registration_figures,
    registration_rows,
)

EXPIRING_WITHIN_DAYS = 14
WON_OVER_DAYS = 365  # won value and win rate: registrations closed in the last year
DECIDED_OVER_DAYS = 90  # time to decision: registrations decided in the last 90 days
QUEUE_ROWS = 5


class DealCard(Widget):
    """A card about deal registrations: its figures filter the deal list this viewer opens. The deal cards of
    a page count from one query (`registration_figures` over every measure below), each figure the rows its
    link lists."""

    def scope(self) -> dict[str, str]:
        """The filters every figure of the card carries: a CAM's own portfolio; nothing for the others."""
        if self.actor.staff_role == StaffRole.CAM:
            return {"cam": str(self.actor.user.public_id)}
        return {}

    def filters(self, **more: Any) -> dict[str, str]:
        return self.scope() | {k: str(v) for k, v in more.items()}

    def list_url(self, filters: dict[str, str]) -> str:
        name = "deals:pipeline" if self.actor.is_staff else "deals:mine"
        return f"{reverse(name)}?{urlencode(filters)}"

    @cached_property
    def measures(self) -> dict[str, Measure]:
        """Each set of registrations the viewer's deal cards count, by name (the filters of its links)."""
        found = {
            "open": Measure({"phase": "open"}, summed="amount"),
            "won": Measure(
                {"status": RegistrationStatus.WON, "closed_from": _since(WON_OVER_DAYS)}, summed="won_amount"
            ),
            "closed": Measure({"phase": "closed", "closed_from": _since(WON_OVER_DAYS)}),
            "decided": Measure({"decided_from": _since(DECIDED_OVER_DAYS)}, summed="waited"),
            "expiring": Measure({"expiring_within": str(EXPIRING_WITHIN_DAYS)}),
        }
        if not self.actor.is_staff:
            return found | {"draft": Measure({"status": RegistrationStatus.DRAFT})}
        found["submitted"] = Measure({"status": RegistrationStatus.SUBMITTED})
        if self.actor.can("deals.decide"):  # the vendor's queues: not filters a partner has
            found["extension"] = Measure({"extension": "pending"})
        if self.actor.can("deals.decide_appeal"):
            found["appealed"] = Measure({"status": RegistrationStatus.APPEALED})
        return found

    def figures_read(self) -> RegistrationFigures:
        """Every measure, read once for the page's deal cards."""
        scope = self.scope()
        return self.shared_value(
            ("deals.figures", tuple(scope.items())),
            lambda: registration_figures(actor=self.actor, scope=scope, measures=self.measures),
        )

    def measure_url(self, measure: str, **more: str) -> str:
        return self.list_url(self.filters(**self.measures[measure].filters, **more))

    def count(self, label: Callable[[int], str], measure: str) -> Figure:
        """How many registrations the measure selects (`label(n)` says what they are), linking to them."""
        n = self.figures_read().count(measure)
        return Figure(label(n), n, self.measure_url(measure))

    def rows(self, measure: str, *, conflict: bool = False):
        """The rows of the measure's list (a card's first few)."""
        filters = self.filters(**self.measures[measure].filters)
        return registration_rows(actor=self.actor, filters=filters, conflict=conflict)

    def expiring_rows(self) -> list:
        """Approved registrations whose protection ends within two weeks, soonest first, with days left."""
        rows = list(self.rows("expiring").order_by("protected_until", "id")[:QUEUE_ROWS])
        today = timezone.localdate()
        for r in rows:
            days = (r.protected_until - today).days
            r.left_text = (
                ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days} if days else _("ends today")
            )
            r.until_text = date_format(r.protected_until, "SHORT_DATE_FORMAT")
        return rows


def _since(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def _quarter_label(key: str) -> str:
    if key == "none":
        return _("No close date")
    start, _end = quarter_bounds(key)
    return _("Q%(quarter)s %(year)s") % {"quarter": key[-1], "year": start.year}


def _registrations(n: int) -> str:
    return ngettext("%(n)s registration", "%(n)s registrations", n) % {"n": n}


class KeyFigures(DealCard):
    """Open pipeline (per currency), value won and win rate over a year, time to decision over 90 days."""

    title = gettext_lazy("Pipeline at a glance")
    column = TOP
    order = 5

    def figures(self) -> list[Figure]:
        read = self.figures_read()
        figures = [
            Figure(_("open pipeline"), n, self.measure_url("open", currency=c), amount_text(total, c))
            for c, (total, n) in read.by_currency("open").items()
        ] or [Figure(_("open pipeline"), 0, self.measure_url("open"))]
        for currency, (value, count) in read.by_currency("won").items():
            url = self.measure_url("won", currency=currency)
            figures.append(Figure(_("won in 12 months"), count, url, amount_text(value, currency)))
        won, closed = read.count("won"), read.count("closed")
        figures.append(
            Figure(
                _("win rate (12 months, %(won)s of %(closed)s)") % {"won": won, "closed": closed},
                closed,
                self.measure_url("closed"),
                percent_text(won / closed) if closed else "—",
            )
        )
        average = read.average("decided")
        figures.append(
            Figure(
                _("average time to decision (90 days)"),
                read.count("decided"),
                self.measure_url("decided"),
                duration_text(average) if average is not None else "—",
            )
        )
        return figures


class PipelineChart(DealCard):
    """The open pipeline's amount per group, one series per currency (amounts are never converted)."""

    by: str = "quarter"

    def chart(self) -> Chart | None:
        buckets = self.figures_read().buckets("open", by=self.by)  # type: ignore[arg-type]
        stage_labels = dict(RegistrationStage.choices)
        if self.by == "stage":
            keys = list(RegistrationStage.values)
            labels = [str(stage_labels[k]) for k in keys]
        else:
            keys = list(dict.fromkeys(b.key for b in buckets))
            labels = [_quarter_label(k) for k in keys]
        filter_name = "stage" if self.by == "stage" else "close_quarter"
        series = []
        for currency in sorted({b.currency for b in buckets}):
            found = {b.key: b for b in buckets if b.currency == currency}
            points: list[Point | None] = []
            for key in keys:
                b = found.get(key)
                url = self.measure_url("open", **{filter_name: key, "currency": currency})
                points.append(
                    Point(
                        float(b.total), amount_text(b.total, currency), b.count, url, _registrations(b.count)
                    )
                    if b
                    else None
                )
            series.append(Series(currency, points))
        return Chart(
            caption=self.chart_caption(),
            category_label=_("Stage") if self.by == "stage" else _("Expected close"),
            categories=labels,
            series=series,
            horizontal=self.by == "stage",
        )

    def chart_caption(self) -> str:
        if self.by == "stage":
            return _("Open pipeline by stage: amount of submitted, approved and appealed registrations")
        return _("Open pipeline by expected close: amount of submitted, approved and appealed registrations")


# --- the staff home -----------------------------------------------------------------------------------------


class StaffDealCard(DealCard):
    page = STAFF_HOME
    permission = "deals.view_pipeline"


@register_widget
class StaffKeyFigures(KeyFigures, StaffDealCard):
    name = "deals.key_figures"
    template_name = "dashboard/widget.html"


@register_widget
class AwaitingDecision(StaffDealCard):
    """The decision queue: submitted registrations, oldest first with their age; extension requests for
    those who decide them, appeals for the chief."""

    name = "deals.awaiting_decision"
    title = gettext_lazy("Deal registrations awaiting a decision")
    column = MAIN
    order = 10
    template_name = "deals/widgets/awaiting_decision.html"

    def figures(self) -> list[Figure]:
        figures = [
            self.count(
                lambda n: ngettext("registration submitted", "registrations submitted", n), "submitted"
            )
        ]
        if self.actor.can("deals.decide"):
            figures.append(
                self.count(
                    lambda n: ngettext("extension request to decide", "extension requests to decide", n),
                    "extension",
                )
            )
        if self.actor.can("deals.decide_appeal"):
            figures.append(
                self.count(lambda n: ngettext("appeal to decide", "appeals to decide", n), "appealed")
            )
        return figures

    def get_context(self) -> dict:
        oldest = list(self.rows("submitted", conflict=True).order_by("submitted_at", "id")[:QUEUE_ROWS])
        now = timezone.now()
        for r in oldest:
            days = (now - r.submitted_at).days if r.submitted_at else 0
            r.age_text = ngettext("%(n)s day", "%(n)s days", days) % {"n": days} if days else _("under a day")
        return {"oldest_submitted": oldest}


@register_widget
class PipelineByQuarter(PipelineChart, StaffDealCard):
    name = "deals.pipeline_by_quarter"
    title = gettext_lazy("Open pipeline by expected close")
    column = MAIN
    order = 15
    template_name = "dashboard/widget.html"
    by = "quarter"


@register_widget
class PipelineByStage(PipelineChart, StaffDealCard):
    name = "deals.pipeline_by_stage"
    title = gettext_lazy("Open pipeline by stage")
    column = SIDE
    order = 5
    template_name = "dashboard/widget.html"
    by = "stage"


class ExpiringCard(DealCard):
    """Approved registrations whose protection ends within two weeks, soonest first."""

    title = gettext_lazy("Protections ending within 14 days")

    def figures(self) -> list[Figure]:
        return [self.count(lambda n: ngettext("protection ending", "protections ending", n), "expiring")]

    def get_context(self) -> dict:
        return {"expiring": self.expiring_rows()}


@register_widget
class StaffExpiring(ExpiringCard, StaffDealCard):
    name = "deals.expiring"
    column = SIDE
    order = 15
    template_name = "deals/widgets/expiring.html"


# --- the partner home ---------------------------------------------------------------------------------------


class PartnerDealCard(DealCard, PartnerHomeWidget):
    permission = "deals.register"


@register_widget
class RegisterDeal(PartnerDealCard):
    """The partner home's first action."""

    name = "deals.register"
    title = gettext_lazy("Register a deal")
    column = TOP
    order = 5


@register_widget
class MyKeyFigures(KeyFigures, PartnerDealCard):
    name = "deals.my_key_figures"
    title = gettext_lazy("Your pipeline at a glance")
    order = 25  # after the company summary and any agreement to accept
    template_name = "dashboard/widget.html"


@register_widget
class NeedingAction(PartnerDealCard):
    """Drafts to submit and protections ending soon (an extension can be requested)."""

    name = "deals.needing_action"
    title = gettext_lazy("Deals needing your action")
    column = MAIN
    order = 5

    def figures(self) -> list[Figure]:
        return [
            self.count(lambda n: ngettext("draft to submit", "drafts to submit", n), "draft"),
            self.count(
                lambda n: ngettext(
                    "protection ending within 14 days", "protections ending within 14 days", n
                ),
                "expiring",
            ),
        ]

    def get_context(self) -> dict:
        drafts = list(self.rows("draft").order_by("-updated_at", "-id")[:QUEUE_ROWS])
        return {"drafts": drafts, "expiring": self.expiring_rows()}


@register_widget
class MyPipelineByStage(PipelineChart, PartnerDealCard):
    name = "deals.my_pipeline_by_stage"
    title = gettext_lazy("Your open pipeline by stage")
    column = MAIN
    order = 7
    template_name = "dashboard/widget.html"
    by = "stage"


# --- the staff partner page (dashboard.widgets.PARTNER_PAGE): key figures on the overview, the deals tab ---


def _pipeline_url(partner, **filters: str) -> str:
    return f"{reverse('deals:pipeline')}?{urlencode({'partner': str(partner.public_id), **filters})}"


@register_widget
class PartnerDealFigures(PartnerPageWidget):
    """Open pipeline, won revenue, win rate and registrations awaiting a decision, each linking to the
    pipeline filtered to this partner (and the status that produced it)."""

    name = "deals.partner_figures"
    title = gettext_lazy("Key figures")
    permission = "deals.view_pipeline"
    column = TOP
    order = 5

    def get_context(self) -> dict:
        figures = partner_deal_figures(actor=self.actor, partner=self.obj)
        partner = self.obj
        return {
            "deal_figures": figures,
            "pipeline_url": _pipeline_url(partner),
            "won_url": _pipeline_url(partner, status=RegistrationStatus.WON),
            "awaiting_url": _pipeline_url(partner, status=RegistrationStatus.SUBMITTED),
        }


@register_widget
class PartnerRegistrations(PartnerPageWidget):
    """The deals tab: the partner's latest registrations."""

    name = "deals.partner_registrations"
    title = gettext_lazy("Deal registrations")
    permission = "deals.view_pipeline"
    tab = "deals"
    order = 10

    def get_context(self) -> dict:
        return {
            "registrations": partner_registrations(actor=self.actor, partner=self.obj),
            "pipeline_url": _pipeline_url(self.obj),
        }
