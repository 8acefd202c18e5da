"""What launches bring: landing page views, leads, converted registrations and revenue, per launch and per
kit (what marketing reads to see which kits work), in a few grouped queries whatever the number of launches.

A launch's leads are those attributed through its referral link, or left on its landing page (a lead's
`source_detail` is the page's address). A conversion is a lead converted into a deal registration; revenue is
the won registrations' `won_amount`, per currency (Decimal, never summed across currencies). Everything is
read through the reader's scope: a partner counts only its own launches' rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from campaigns.models import CampaignKit, Launch, PageView
from core.actor import Actor
from deals.models import RegistrationStatus
from referrals.models import Attribution, AttributionSource


@dataclass
class Numbers:
    launches: int = 0
    views: int = 0
    leads: int = 0
    conversions: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    def add(self, other: Numbers) -> None:
        self.launches += other.launches
        self.views += other.views
        self.leads += other.leads
        self.conversions += other.conversions
        for currency, amount in other.revenue.items():
            self.revenue[currency] = self.revenue.get(currency, Decimal(0)) + amount

    @property
    def revenue_text(self) -> str:
        return "; ".join(f"{currency} {amount:,.2f}" for currency, amount in sorted(self.revenue.items()))


def launch_numbers(*, actor: Actor, launches: Iterable[Launch]) -> dict[int, Numbers]:
    """{launch pk: its numbers} for launches the reader may see (three queries)."""
    launches = list(launches)
    numbers = {launch.pk: Numbers(launches=1) for launch in launches}
    if not launches:
        return numbers
    views = (
        PageView.objects.visible_to(actor)
        .filter(launch_id__in=numbers)
        .values("launch_id")
        .annotate(total=Sum("views"))
    )
    for row in views:
        numbers[row["launch_id"]].views = row["total"] or 0
    by_link = {launch.link_id: launch.pk for launch in launches}
    by_page = {launch.landing_path: launch.pk for launch in launches}
    rows = (
        Attribution.objects.visible_to(actor)
        .filter(
            Q(link_id__in=by_link)
            | Q(source=AttributionSource.LANDING_PAGE, lead__source_detail__in=list(by_page))
        )
        .values_list(
            "link_id",
            "lead__source_detail",
            "lead__registration_id",
            "lead__registration__status",
            "lead__registration__won_amount",
            "lead__registration__currency",
        )
    )
    for link_id, page, registration_id, status, won_amount, currency in rows:
        launch_id = by_link.get(link_id) or by_page.get(page)
        if launch_id is None:
            continue
        counted = numbers[launch_id]
        counted.leads += 1
        if registration_id is not None:
            counted.conversions += 1
            if status == RegistrationStatus.WON and won_amount is not None:
                counted.revenue[currency] = counted.revenue.get(currency, Decimal(0)) + won_amount
    return numbers


def kit_numbers(*, actor: Actor, kits: Iterable[CampaignKit]) -> dict[int, Numbers]:
    """{kit pk: the sum of its launches' numbers} (staff see every partner's launches)."""
    kits = list(kits)
    totals: dict[int, Numbers] = defaultdict(Numbers)
    for kit in kits:
        totals[kit.pk] = Numbers()
    launches = list(
        Launch.objects.visible_to(actor)
        .filter(kit__in=kits)
        .select_related("kit", "partner__campaign_slug", "link")
    )
    by_launch = launch_numbers(actor=actor, launches=launches)
    kit_of = {launch.pk: launch.kit_id for launch in launches}
    for launch_id, counted in by_launch.items():
        totals[kit_of[launch_id]].add(counted)
    return dict(totals)
