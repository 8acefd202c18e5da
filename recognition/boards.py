"""Leaderboards, computed (never stored): the partners of a program, a region and a partner type ranked over a
period by won revenue (in the program currency), won deals, certifications earned, or growth of won revenue
against the same period a year before.

A board is read in a few set-based queries whatever the number of partners: the partners on it, one aggregate
of their won registrations grouped by partner and currency (this period and the same period last year in the
same query), one of the certifications earned, and the exchange rates. Amounts are converted into the program
currency at the rates in force on the period's last day (today for a running period), last year's too, so
growth is measured at constant rates; a currency without a rate is named (`missing_rates`) and its amounts
left out, never guessed. The standings are cached per board and day until the next recorded change
(`core.events.events_version`), so a second reader costs the cache lookup.

This is a system read of every partner's figures: what a reader is shown of the others is decided in one
place, `recognition.visibility.present`, by the leaderboard setting. Nothing here reaches a page or the API
otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.actor import system_actor
from core.events import events_version
from deals.models import DealRegistration, RegistrationStatus
from learning.models import CertificationAward
from ledger.models import FundPeriod
from ledger.periods import Period, period_of
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from partners.models import Partner
from programs.models import ProgramMembership
from programs.services import JOINED_STATUSES
from recognition.models import BoardPeriod, Metric

ZERO = Decimal("0.00")
BOARD_CACHE_SECONDS = 600
# Metrics whose value must be above zero to rank: a partner with nothing won is not "ranked 412th".
POSITIVE_METRICS = frozenset({Metric.REVENUE, Metric.DEALS, Metric.CERTIFICATIONS})


def _years_before(day: dt.date, years: int = 1) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _moment(day: dt.date) -> dt.datetime:
    """The start of `day` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Window:
    """The days a board counts: `start` inclusive, `end` exclusive; `fiscal` is the fiscal quarter or year it
    falls in (its code names the period of an award won on it)."""

    period: str
    start: dt.date
    end: dt.date
    fiscal: Period

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return self.fiscal.label

    @property
    def code(self) -> str:
        return self.fiscal.code

    @property
    def is_running(self) -> bool:
        return self.end < self.fiscal.end

    def year_before(self) -> tuple[dt.date, dt.date]:
        return _years_before(self.start), _years_before(self.end)


def board_window(period: str, *, today: dt.date | None = None) -> Window:
    """This fiscal quarter or year so far (to today), or the last fiscal quarter (whole)."""
    today = today or timezone.localdate()
    start_month = money_settings().fiscal_year_start_month
    tomorrow = today + dt.timedelta(days=1)
    if period == BoardPeriod.LAST_QUARTER:
        this = period_of(today, kind=FundPeriod.QUARTER, start_month=start_month)
        last = period_of(this.start - dt.timedelta(days=1), kind=FundPeriod.QUARTER, start_month=start_month)
        return Window(period, last.start, last.end, last)
    if period == BoardPeriod.YEAR_TO_DATE:
        year = period_of(today, kind=FundPeriod.YEAR, start_month=start_month)
        return Window(period, year.start, tomorrow, year)
    quarter = period_of(today, kind=FundPeriod.QUARTER, start_month=start_month)
    return Window(BoardPeriod.THIS_QUARTER, quarter.start, tomorrow, quarter)


@dataclass
class Standing:
    """One partner's figures on a board (in the program currency)."""

    partner_id: int
    public_id: UUID
    name: str
    region: str
    partner_type: str
    revenue: Decimal = ZERO
    revenue_last_year: Decimal = ZERO
    deals: int = 0
    certifications: int = 0

    @property
    def growth(self) -> Decimal | None:
        """Won revenue against the same period last year, in percent (None without revenue last year)."""
        if self.revenue_last_year <= 0:
            return None
        change = (self.revenue - self.revenue_last_year) / self.revenue_last_year * 100
        return change.quantize(Decimal("0.1"))

    def value(self, metric: str) -> Decimal | int | None:
        if metric == Metric.DEALS:
            return self.deals
        if metric == Metric.CERTIFICATIONS:
            return self.certifications
        if metric == Metric.GROWTH:
            return self.growth
        return self.revenue

    def ranks_on(self, metric: str) -> bool:
        value = self.value(metric)
        if value is None:
            return False
        return value > 0 if metric in POSITIVE_METRICS else True


@dataclass(frozen=True)
class Place:
    rank: int | None  # None: not ranked (nothing to rank on)
    standing: Standing


@dataclass
class Board:
    """A board's standings ranked by one metric: `places` are the ranked partners (ties share a rank: 1, 2, 2,
    4), then the others by name."""

    window: Window
    metric: str
    currency: str
    program_id: int | None
    region: str
    partner_type: str
    places: list[Place]
    missing_rates: tuple[str, ...] = ()
    ranked: int = 0
    by_partner: dict[int, Place] = field(default_factory=dict)

    def place_of(self, partner_id: int) -> Place | None:
        return self.by_partner.get(partner_id)

    def top(self, n: int) -> list[Place]:
        return [p for p in self.places if p.rank is not None and p.rank <= n]


def _won_value() -> Any:
    """What a won registration brought: its won amount (its amount when none was recorded) less refunds."""
    return Coalesce(F("won_amount"), F("amount")) - F("refunded_amount")


def _members(program_id: int | None, region: str, partner_type: str) -> Any:
    partners = Partner.objects.visible_to(system_actor()).filter(status__in=JOINED_STATUSES)
    if program_id is not None:
        current = ProgramMembership.objects.filter(program_id=program_id, ended_at__isnull=True)
        partners = partners.filter(pk__in=current.values("partner_id"))
    if region:
        partners = partners.filter(region=region)
    if partner_type:
        partners = partners.filter(partner_type=partner_type)
    return partners


def compute_standings(
    *, program_id: int | None, region: str, partner_type: str, window: Window
) -> tuple[list[Standing], str, tuple[str, ...]]:
    """Every partner on the board with its figures, the program currency and the currencies without a rate."""
    actor = system_actor()
    members = _members(program_id, region, partner_type)
    standings = {
        pk: Standing(pk, public_id, name, region_code, kind)
        for pk, public_id, name, region_code, kind in members.values_list(
            "pk", "public_id", "name", "region", "partner_type"
        ).order_by()
    }
    ly_start, ly_end = window.year_before()
    this_period = Q(closed_at__gte=_moment(window.start), closed_at__lt=_moment(window.end))
    last_year = Q(closed_at__gte=_moment(ly_start), closed_at__lt=_moment(ly_end))
    money = DecimalField(max_digits=20, decimal_places=2)
    won = (
        DealRegistration.objects.visible_to(actor)
        .filter(this_period | last_year, status=RegistrationStatus.WON, partner__in=members.values("pk"))
        .values("partner_id", "currency")
        .annotate(
            revenue=Coalesce(Sum(_won_value(), filter=this_period), Value(ZERO), output_field=money),
            deals=Count("pk", filter=this_period),
            revenue_last_year=Coalesce(Sum(_won_value(), filter=last_year), Value(ZERO), output_field=money),
        )
        .order_by()
    )
    currency = money_settings().reporting_currency
    rates = RateTable(min(window.last_day, timezone.localdate()))
    missing: set[str] = set()
    for row in won:
        standing = standings.get(row["partner_id"])
        if standing is None:
            continue
        standing.deals += row["deals"]
        try:
            standing.revenue += rates.convert(row["revenue"], row["currency"], currency)
            standing.revenue_last_year += rates.convert(row["revenue_last_year"], row["currency"], currency)
        except RateMissing:
            missing.add(row["currency"])
    earned = (
        CertificationAward.objects.visible_to(actor)
        .filter(
            partner__in=members.values("pk"),
            awarded_at__gte=_moment(window.start),
            awarded_at__lt=_moment(window.end),
            revoked_at__isnull=True,
        )
        .values("partner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in earned:
        if row["partner_id"] in standings:
            standings[row["partner_id"]].certifications = row["n"]
    return list(standings.values()), currency, tuple(sorted(missing))


def _cache_key(program_id: int | None, region: str, partner_type: str, window: Window) -> str:
    head, count = events_version()
    return (
        f"recognition:board:{program_id or 0}:{region}:{partner_type}:{window.start}:{window.end}:"
        f"{timezone.localdate()}:{head}:{count}"
    )


def standings(
    *, program_id: int | None, region: str, partner_type: str, window: Window, fresh: bool = False
) -> tuple[list[Standing], str, tuple[str, ...]]:
    """`compute_standings`, cached until the next recorded change (or the next day)."""
    key = _cache_key(program_id, region, partner_type, window)
    found = None if fresh else cache.get(key)
    if found is None:
        found = compute_standings(
            program_id=program_id, region=region, partner_type=partner_type, window=window
        )
        cache.set(key, found, BOARD_CACHE_SECONDS)
    return found


def rank(rows: list[Standing], metric: str) -> tuple[list[Place], int]:
    """The places by `metric`, best first; ties share a rank (1, 2, 2, 4) and list by name. Partners with
    nothing to rank on follow, unranked, by name."""
    ranked = [s for s in rows if s.ranks_on(metric)]
    ranked.sort(key=lambda s: (-s.value(metric), s.name.casefold(), s.partner_id))  # type: ignore[operator]
    places: list[Place] = []
    previous: Any = object()
    current = 0
    for position, standing in enumerate(ranked, start=1):
        value = standing.value(metric)
        if value != previous:
            current, previous = position, value
        places.append(Place(current, standing))
    others = sorted(
        (s for s in rows if not s.ranks_on(metric)), key=lambda s: (s.name.casefold(), s.partner_id)
    )
    places += [Place(None, s) for s in others]
    return places, len(ranked)


def leaderboard(
    *,
    program_id: int | None = None,
    region: str = "",
    partner_type: str = "",
    period: str = BoardPeriod.THIS_QUARTER,
    metric: str = Metric.REVENUE,
    today: dt.date | None = None,
    fresh: bool = False,
) -> Board:
    """The board of a program (None: every partner), a region and a partner type (blank: all) over a period,
    ranked by `metric`. Unmasked: for `recognition.visibility.present` and the automatic awards only."""
    window = board_window(period, today=today)
    rows, currency, missing = standings(
        program_id=program_id, region=region, partner_type=partner_type, window=window, fresh=fresh
    )
    places, ranked = rank(rows, metric)
    return Board(
        window=window,
        metric=metric,
        currency=currency,
        program_id=program_id,
        region=region,
        partner_type=partner_type,
        places=places,
        missing_rates=missing,
        ranked=ranked,
        by_partner={p.standing.partner_id: p for p in places},
    )
