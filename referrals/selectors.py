"""Reads of referrals, through `visible_to`: a partner reads its own links, clicks and attributions."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from deals.models import RegistrationStatus
from partners.choices import PartnerStatus
from partners.models import Partner
from referrals.destinations import UTM_FIELDS, is_allowed, with_utm
from referrals.filters import AttributionFilterSet, LinkFilterSet
from referrals.models import Attribution, AttributionStatus, Click, ReferralLink, ReferralSettings

WON = RegistrationStatus.WON
CENT = Decimal("0.01")

# How long a process keeps the settings it read: the redirect needs them on every click.
SETTINGS_SECONDS = 30.0
_settings: tuple[float, ReferralSettings] | None = None
# Partners whose links lead somewhere: those that may sell (a suspended or offboarded partner's links stop).
LINKING_STATUSES = (PartnerStatus.ACTIVE, PartnerStatus.AT_RISK, PartnerStatus.ONBOARDING)


def referral_settings(*, fresh: bool = False) -> ReferralSettings:
    """The referral program's settings (one row, made with the defaults the first time)."""
    global _settings
    now = time.monotonic()
    if not fresh and _settings is not None and now - _settings[0] < SETTINGS_SECONDS:
        return _settings[1]
    found = ReferralSettings.objects.order_by("pk").first() or ReferralSettings.objects.create()
    _settings = (now, found)
    return found


def forget_settings() -> None:
    global _settings
    _settings = None


@dataclass(frozen=True)
class LinkTarget:
    """What following a link needs, read in one query."""

    id: int
    partner_id: int
    url: str
    window_days: int


def link_target(code: str) -> LinkTarget | None:
    """The active link with this code of a partner that may sell, and where it sends its visitor now; None
    for an unknown or inactive code, or a destination no longer approved."""
    row = (
        ReferralLink.objects.filter(code=code, active=True, partner__status__in=LINKING_STATUSES)
        .values_list("id", "partner_id", "destination", *UTM_FIELDS)
        .first()
    )
    if row is None:
        return None
    link_id, partner_id, destination, *utm = row
    settings = referral_settings()
    if not is_allowed(destination, settings.allowed_hosts):
        return None
    url = with_utm(destination, dict(zip(UTM_FIELDS, utm, strict=True)))
    return LinkTarget(link_id, partner_id, url, settings.window_days)


def links_visible(*, actor: Actor) -> QuerySet[ReferralLink]:
    return ReferralLink.objects.visible_to(actor).select_related("partner", "owner")


def link_get(*, actor: Actor, public_id: Any) -> ReferralLink:
    return get_visible_or_404(links_visible(actor=actor), public_id=public_id)


def attributions_visible(*, actor: Actor) -> QuerySet[Attribution]:
    return Attribution.objects.visible_to(actor).select_related("partner", "link", "click", "lead")


# --- lists -------------------------------------------------------------------------------------------------


def link_partners(*, actor: Actor) -> QuerySet[Partner]:
    if not actor.is_staff:
        return Partner.objects.none()
    return Partner.objects.visible_to(actor).only("id", "public_id", "name").order_by("name")


def _with_counts(links: QuerySet[ReferralLink]) -> QuerySet[ReferralLink]:
    """Each link's clicks and credited leads, as subqueries (evaluated for the rows shown)."""
    clicks = Click.objects.filter(link=OuterRef("pk")).order_by().values("link").annotate(n=Count("id"))
    leads = (
        Attribution.objects.filter(link=OuterRef("pk"), status=AttributionStatus.ATTRIBUTED)
        .order_by()
        .values("link")
        .annotate(n=Count("id"))
    )
    return links.annotate(clicks_total=Subquery(clicks.values("n")), leads_total=Subquery(leads.values("n")))


def link_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> LinkFilterSet:
    return bind_filters(
        LinkFilterSet,
        data,
        queryset=_with_counts(links_visible(actor=actor)).order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=link_partners(actor=actor),
    )


def attribution_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AttributionFilterSet:
    return bind_filters(
        AttributionFilterSet,
        data,
        queryset=attributions_visible(actor=actor)
        .select_related("lead__registration")
        .order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=link_partners(actor=actor),
    )


def attribution_get(*, actor: Actor, public_id: Any) -> Attribution:
    return get_visible_or_404(attributions_visible(actor=actor), public_id=public_id)


# --- numbers -----------------------------------------------------------------------------------------------


@dataclass
class Numbers:
    """What links brought over a period: clicks (and how many cannot earn a credit), leads credited and not,
    registrations they became, and the revenue of those won (per currency: amounts in several currencies are
    never added up)."""

    clicks: int = 0
    flagged_clicks: int = 0
    leads: int = 0
    excluded: int = 0
    converted: int = 0
    won: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    @property
    def conversion_rate(self) -> float | None:
        return self.converted / self.leads if self.leads else None


def numbers(*, actor: Actor, since: datetime | None = None, **scope: Any) -> Numbers:
    """The reader's numbers (`scope`: partner=…, link=…), clicks and leads since `since` (all time: None)."""
    clicks = Click.objects.visible_to(actor).filter(**scope)
    attributions = Attribution.objects.visible_to(actor).filter(**scope)
    if since is not None:
        clicks = clicks.filter(clicked_at__gte=since)
        attributions = attributions.filter(created_at__gte=since)
    counted = clicks.aggregate(total=Count("id"), flagged=Count("id", filter=~Q(flag="")))
    result = Numbers(clicks=counted["total"], flagged_clicks=counted["flagged"])
    leads = attributions.aggregate(
        credited=Count("id", filter=Q(status=AttributionStatus.ATTRIBUTED)),
        excluded=Count("id", filter=Q(status=AttributionStatus.EXCLUDED)),
        converted=Count(
            "id", filter=Q(status=AttributionStatus.ATTRIBUTED, lead__registration__isnull=False)
        ),
    )
    result.leads, result.excluded, result.converted = leads["credited"], leads["excluded"], leads["converted"]
    won = (
        attributions.filter(status=AttributionStatus.ATTRIBUTED, lead__registration__status=WON)
        .values("lead__registration__currency")
        .annotate(total=Sum("lead__registration__won_amount"), n=Count("id"))
        .order_by("lead__registration__currency")
    )
    for row in won:
        result.won += row["n"]
        result.revenue[row["lead__registration__currency"]] = _cents(row["total"])
    return result


def weekly(*, actor: Actor, weeks: int = 12, **scope: Any) -> list[tuple[date, int, int, int]]:
    """(week's Monday, clicks, leads credited, of them converted) for the last `weeks` weeks, oldest first."""
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    clicks = (
        Click.objects.visible_to(actor)
        .filter(clicked_at__gte=start, **scope)
        .annotate(week=TruncWeek("clicked_at"))
        .values("week")
        .annotate(n=Count("id"))
    )
    leads = (
        Attribution.objects.visible_to(actor)
        .filter(created_at__gte=start, status=AttributionStatus.ATTRIBUTED, **scope)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"), converted=Count("id", filter=Q(lead__registration__isnull=False)))
    )
    by_week: dict[date, list[int]] = {first + timedelta(weeks=i): [0, 0, 0] for i in range(weeks)}
    for row in clicks:
        by_week.setdefault(_day(row["week"]), [0, 0, 0])[0] += row["n"]
    for row in leads:
        counts = by_week.setdefault(_day(row["week"]), [0, 0, 0])
        counts[1] += row["n"]
        counts[2] += row["converted"]
    return [(week, *counts) for week, counts in sorted(by_week.items())]  # type: ignore[misc]


def weekly_revenue(*, actor: Actor, weeks: int = 12, **scope: Any) -> list[tuple[date, str, Decimal]]:
    """(week's Monday, currency, amount) of the credited leads' registrations won in each of the last `weeks`
    weeks (by the day they were won), oldest first; weeks without a win are left out."""
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    rows = (
        Attribution.objects.visible_to(actor)
        .filter(
            status=AttributionStatus.ATTRIBUTED,
            lead__registration__status=WON,
            lead__registration__closed_at__gte=start,
            **scope,
        )
        .annotate(week=TruncWeek("lead__registration__closed_at"))
        .values("week", "lead__registration__currency")
        .annotate(total=Sum("lead__registration__won_amount"))
        .order_by("week", "lead__registration__currency")
    )
    return [(_day(r["week"]), r["lead__registration__currency"], _cents(r["total"])) for r in rows]


def _cents(amount: Decimal | None) -> Decimal:
    """A sum in cents whichever the database (SQLite's sums drop trailing zeros)."""
    return (amount or Decimal(0)).quantize(CENT)


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _grouped(
    clicks: QuerySet[Click], attributions: QuerySet[Attribution], by: str
) -> dict[Any, dict[str, int]]:
    """Clicks and leads (credited, not credited, converted, won) per value of `by`, a path both querysets
    share ("partner", "link__utm_campaign")."""
    rows: dict[Any, dict[str, int]] = {}
    for row in clicks.values(by).annotate(n=Count("id")).order_by():
        rows.setdefault(row[by], _blank())["clicks"] = row["n"]
    credited = Q(status=AttributionStatus.ATTRIBUTED)
    for row in (
        attributions.values(by)
        .annotate(
            leads=Count("id", filter=credited),
            excluded=Count("id", filter=Q(status=AttributionStatus.EXCLUDED)),
            converted=Count("id", filter=credited & Q(lead__registration__isnull=False)),
            won=Count("id", filter=credited & Q(lead__registration__status=WON)),
        )
        .order_by()
    ):
        rows.setdefault(row[by], _blank()).update(
            {k: row[k] for k in ("leads", "excluded", "converted", "won")}
        )
    return rows


def _blank() -> dict[str, int]:
    return {"clicks": 0, "leads": 0, "excluded": 0, "converted": 0, "won": 0}


def partner_numbers(*, actor: Actor, since: datetime | None = None) -> list[dict[str, Any]]:
    """Per partner (staff): clicks, leads credited and excluded, converted, won — the busiest first."""
    clicks = Click.objects.visible_to(actor)
    attributions = Attribution.objects.visible_to(actor)
    if since is not None:
        clicks = clicks.filter(clicked_at__gte=since)
        attributions = attributions.filter(created_at__gte=since)
    rows = _grouped(clicks, attributions, "partner")
    partners = {
        p.pk: p for p in Partner.objects.visible_to(actor).filter(pk__in=rows).only("public_id", "name")
    }
    result = [{"partner": partners[pk], **values} for pk, values in rows.items() if pk in partners]
    return sorted(result, key=lambda r: (-r["leads"], -r["clicks"], r["partner"].name))


def campaign_numbers(*, actor: Actor) -> list[dict[str, Any]]:
    """Per UTM campaign of the links (staff and partners alike, through visible_to)."""
    links = links_visible(actor=actor).exclude(utm_campaign="")
    rows = _grouped(
        Click.objects.visible_to(actor).filter(link__in=links),
        Attribution.objects.visible_to(actor).filter(link__in=links),
        "link__utm_campaign",
    )
    return [
        {"campaign": name, **values} for name, values in sorted(rows.items(), key=lambda kv: -kv[1]["leads"])
    ]
