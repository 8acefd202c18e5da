"""The signals of partner health, each read for every partner at once.

`health` sits in the top layer of the app graph (beside funds and incentives), so it reads the apps it scores
directly, through their models: accounts (who signed in), content (downloads), learning (courses), leads
(offers accepted and how fast), deals (registrations, revenue won), onboarding (how long it is taking). Each
provider is one aggregate query grouped by partner (or none: onboarding reads the partners' own rows), never
a query per partner, so an evaluation of thousands of partners costs a handful of queries whatever their
number; `SIGNALS` lists them in the order they are shown.

A provider returns a `Reading` for every partner it is given: the raw value (a count, a share, hours, a
ratio), its score from 0 to 100 — None when the signal does not apply to the partner (no lead offered,
nothing won in either year, onboarding finished) — and the counts behind it (`detail`), which the pages
explain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum

from accounts.models import Membership
from content.models import ActivityKind, AssetActivity
from deals.models import DealRegistration, RegistrationStatus
from health.models import HealthSettings, Signal
from leads.models import AssignmentOutcome, LeadAssignment
from learning.models import Enrollment, EnrollmentState
from ledger.rates import RateTable
from ledger.selectors import money_settings
from partners.choices import PartnerStatus

HUNDRED = Decimal(100)
YEAR = timedelta(days=365)


@dataclass(frozen=True)
class PartnerFacts:
    """What the evaluation reads of each partner (one query)."""

    id: int
    status: str
    created_at: datetime
    activated_at: datetime | None


@dataclass(frozen=True)
class Window:
    """The period the signals count: `days` days up to `end` (the evaluation's moment), and the same days a
    year earlier for the revenue trend."""

    end: datetime
    days: int

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=self.days)

    @property
    def last_year_start(self) -> datetime:
        return self.start - YEAR

    @property
    def last_year_end(self) -> datetime:
        return self.end - YEAR


@dataclass(frozen=True)
class Reading:
    raw: Decimal | None
    score: int | None  # 0–100; None: the signal does not apply to this partner
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        return self.score is not None


def clamp_score(value: Decimal | float) -> int:
    """A score from 0 to 100, rounded half up."""
    number = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(min(HUNDRED, max(Decimal(0), number)))


def share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def towards(count: int | Decimal, target: int) -> int:
    """The score of a count against the count that earns full marks."""
    return clamp_score(HUNDRED * Decimal(count) / Decimal(target))


@dataclass
class Context:
    """One evaluation's inputs, shared by the providers: the window, the settings and the partners."""

    window: Window
    settings: HealthSettings
    partners: Mapping[int, PartnerFacts]
    _memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        """`read()` once per evaluation (two signals of the same rows share one query)."""
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]


Provider = Callable[[Context], dict[int, Reading]]


# --- accounts: the partner's people signing in ------------------------------------------------------------


def logins(ctx: Context) -> dict[int, Reading]:
    """The share of the partner's active members who signed in during the window (a partner without a
    portal user scores 0: nobody signs in)."""
    rows = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .values("partner_id")
        .annotate(members=Count("id"), active=Count("id", filter=Q(user__last_login__gte=ctx.window.start)))
        .values_list("partner_id", "members", "active")
        .order_by()
    )
    found = {partner_id: (members, active) for partner_id, members, active in rows}
    readings = {}
    for partner_id in ctx.partners:
        members, active = found.get(partner_id, (0, 0))
        if not members:
            readings[partner_id] = Reading(Decimal(0), 0, {"active": 0, "members": 0})
            continue
        ratio = share(active, members)
        readings[partner_id] = Reading(
            ratio, clamp_score(ratio * HUNDRED), {"active": active, "members": members}
        )
    return readings


# --- content: downloads from the library ------------------------------------------------------------------


def downloads(ctx: Context) -> dict[int, Reading]:
    rows = (
        AssetActivity.objects.filter(
            kind=ActivityKind.DOWNLOAD, at__gte=ctx.window.start, partner__isnull=False
        )
        .values("partner_id")
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
        .order_by()
    )
    found = dict(rows)
    target = ctx.settings.downloads_target
    return {
        partner_id: Reading(Decimal(n), towards(n, target), {"downloads": n, "target": target})
        for partner_id in ctx.partners
        for n in (found.get(partner_id, 0),)
    }


# --- learning: courses completed and started ---------------------------------------------------------------


def learning(ctx: Context) -> dict[int, Reading]:
    """Courses completed in the window, a course started and still in progress counting half."""
    start = ctx.window.start
    rows = (
        Enrollment.objects.filter(partner__isnull=False)
        .filter(Q(completed_at__gte=start) | Q(created_at__gte=start, state=EnrollmentState.IN_PROGRESS))
        .values("partner_id")
        .annotate(
            completed=Count("id", filter=Q(completed_at__gte=start)),
            started=Count("id", filter=Q(created_at__gte=start, state=EnrollmentState.IN_PROGRESS)),
        )
        .values_list("partner_id", "completed", "started")
        .order_by()
    )
    found = {partner_id: (completed, started) for partner_id, completed, started in rows}
    target = ctx.settings.learning_target
    readings = {}
    for partner_id in ctx.partners:
        completed, started = found.get(partner_id, (0, 0))
        progress = Decimal(completed) + Decimal(started) / 2
        readings[partner_id] = Reading(
            progress,
            towards(progress, target),
            {"completed": completed, "in_progress": started, "target": target},
        )
    return readings


# --- leads: offers accepted, and how fast ------------------------------------------------------------------


def _offers(ctx: Context) -> dict[int, tuple[int, int, timedelta | None]]:
    """Per partner: offers accepted, offers answered (accepted, declined or let lapse) and the average time
    to accept, of the offers made in the window (one query for both lead signals)."""

    def read() -> dict[int, tuple[int, int, timedelta | None]]:
        accepted = Q(outcome=AssignmentOutcome.ACCEPTED)
        answered = Q(
            outcome__in=(AssignmentOutcome.ACCEPTED, AssignmentOutcome.DECLINED, AssignmentOutcome.LAPSED)
        )
        wait = ExpressionWrapper(F("decided_at") - F("created_at"), output_field=DurationField())
        rows = (
            LeadAssignment.objects.filter(created_at__gte=ctx.window.start)
            .values("partner_id")
            .annotate(
                accepted=Count("id", filter=accepted),
                answered=Count("id", filter=answered),
                wait=Avg(wait, filter=accepted & Q(decided_at__isnull=False)),
            )
            .values_list("partner_id", "accepted", "answered", "wait")
            .order_by()
        )
        return {partner_id: (a, n, wait) for partner_id, a, n, wait in rows}

    return ctx.once("offers", read)


def lead_acceptance(ctx: Context) -> dict[int, Reading]:
    """The share of the lead offers the partner answered that it accepted; none answered: does not apply."""
    offers = _offers(ctx)
    readings = {}
    for partner_id in ctx.partners:
        accepted, answered, _wait = offers.get(partner_id, (0, 0, None))
        if not answered:
            readings[partner_id] = Reading(None, None, {"accepted": 0, "answered": 0})
            continue
        ratio = share(accepted, answered)
        readings[partner_id] = Reading(
            ratio, clamp_score(ratio * HUNDRED), {"accepted": accepted, "answered": answered}
        )
    return readings


def _hours(value: Any) -> Decimal | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value) / 1_000_000
    return (Decimal(str(seconds)) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def lead_speed(ctx: Context) -> dict[int, Reading]:
    """The average hours from offer to acceptance: no time scores 100, the settings' limit 0; nothing
    accepted: does not apply."""
    offers = _offers(ctx)
    limit = Decimal(ctx.settings.lead_hours_limit)
    readings = {}
    for partner_id in ctx.partners:
        accepted, _answered, wait = offers.get(partner_id, (0, 0, None))
        hours = _hours(wait)
        if not accepted or hours is None:
            readings[partner_id] = Reading(None, None, {"accepted": accepted, "limit_hours": int(limit)})
            continue
        score = clamp_score(HUNDRED * (limit - hours) / limit)
        readings[partner_id] = Reading(hours, score, {"accepted": accepted, "limit_hours": int(limit)})
    return readings


# --- deals: registrations submitted, revenue won against last year ------------------------------------------


def registrations(ctx: Context) -> dict[int, Reading]:
    rows = (
        DealRegistration.objects.filter(submitted_at__gte=ctx.window.start, submitted_at__lte=ctx.window.end)
        .values("partner_id")
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
        .order_by()
    )
    found = dict(rows)
    target = ctx.settings.registrations_target
    return {
        partner_id: Reading(Decimal(n), towards(n, target), {"submitted": n, "target": target})
        for partner_id in ctx.partners
        for n in (found.get(partner_id, 0),)
    }


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def revenue_trend(ctx: Context) -> dict[int, Reading]:
    """Revenue won (net of refunds) in the window against the same days a year earlier, in the program
    currency at today's rates: the same or more scores 100, half as much 50, nothing 0; nothing won in
    either period: does not apply. A currency without a rate to the program currency is left out (and
    named)."""
    w = ctx.window
    net = F("won_amount") - F("refunded_amount")
    rows = (
        DealRegistration.objects.filter(
            status=RegistrationStatus.WON, closed_at__gte=w.last_year_start, closed_at__lte=w.end
        )
        .values("partner_id", "currency")
        .annotate(
            now=Sum(net, filter=Q(closed_at__gte=w.start)),
            before=Sum(net, filter=Q(closed_at__gte=w.last_year_start, closed_at__lte=w.last_year_end)),
        )
        .values_list("partner_id", "currency", "now", "before")
        .order_by()
    )
    target = money_settings().reporting_currency
    table = RateTable()
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    missing: dict[int, set[str]] = defaultdict(set)
    for partner_id, currency, now, before in rows:
        if not table.has_rate(currency, target):
            missing[partner_id].add(currency)
            continue
        sums[partner_id][0] += table.convert(now or Decimal(0), currency, target)
        sums[partner_id][1] += table.convert(before or Decimal(0), currency, target)
    readings = {}
    for partner_id in ctx.partners:
        now, before = sums.get(partner_id, (Decimal(0), Decimal(0)))
        detail = {
            "now": _money(now),
            "before": _money(before),
            "currency": target,
            "missing_rates": sorted(missing.get(partner_id, ())),
        }
        if not now and not before:
            readings[partner_id] = Reading(None, None, detail)
        elif not before:
            readings[partner_id] = Reading(None, 100, detail)
        else:
            ratio = share(now, before)
            readings[partner_id] = Reading(ratio, clamp_score(ratio * HUNDRED), detail)
    return readings


# --- onboarding: on time --------------------------------------------------------------------------------


def onboarding(ctx: Context) -> dict[int, Reading]:
    """Days a partner still onboarding has been in the program: within the settings' onboarding time it
    scores 100, then falls to 0 at twice as long. Once onboarding is over (active, at risk) it does not
    apply."""
    allowed = ctx.settings.onboarding_days
    end = ctx.window.end
    readings = {}
    for partner_id, facts in ctx.partners.items():
        if facts.status != PartnerStatus.ONBOARDING:
            readings[partner_id] = Reading(None, None, {"allowed_days": allowed})
            continue
        days = max(0, (end - facts.created_at).days)
        score = 100 if days <= allowed else clamp_score(HUNDRED * (2 * allowed - days) / allowed)
        readings[partner_id] = Reading(Decimal(days), score, {"days": days, "allowed_days": allowed})
    return readings


SIGNALS: dict[str, Provider] = {
    Signal.LOGINS: logins,
    Signal.DOWNLOADS: downloads,
    Signal.LEARNING: learning,
    Signal.LEAD_ACCEPTANCE: lead_acceptance,
    Signal.LEAD_SPEED: lead_speed,
    Signal.REGISTRATIONS: registrations,
    Signal.REVENUE_TREND: revenue_trend,
    Signal.ONBOARDING: onboarding,
}
assert list(SIGNALS) == list(Signal.values), "a provider per signal, in the order of Signal"
