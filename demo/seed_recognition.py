"""The demo's recognition: leaderboards with a quarter's worth of data, awards, and a tier-up waiting for
marketing.

- Won deals of about 150 active partners of the program (not the demo logins' companies, whose deals are their
  own) this fiscal quarter, last quarter and the same quarters a year before, sized from each reseller's
  AdventureWorks sales, so revenue, won deals and growth boards are full; the demo logins' own wins and
  certifications put them on the boards too. Written in bulk (a registration and its product line each),
  closed before the demo was seeded, so no accrual run books them later.
- Partners see the others' ranks and masked names (the setting for every program).
- Awards: "Partner of the quarter" granted by hand to the demo bike store for last quarter and
  "Certification champion" to Progressive Sports; "Top 3 in won revenue" and "Fastest growing" go by their
  leaderboards, and the automatic run grants them for last quarter.
- A partner rose from Silver to Gold: its congratulation waits as an announcement draft, marketing was told.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

HISTORY_PARTNERS = 150
HISTORY_KEY = "history-"  # the idempotency key of the leaderboards' history registrations
CUSTOMER_FIRST: tuple[str, ...] = ("Northwind", "Lakeside", "Summit", "Harbor", "Riverside", "Pinecrest")
CUSTOMER_FIRST += ("Metro", "Valley", "Coastal", "Hilltop", "Granite", "Maple", "Redwood", "Bayview")
CUSTOMER_FIRST += ("Stonebridge", "Ashford")
CUSTOMER_SECOND: tuple[str, ...] = ("Cycling Club", "Fitness", "Couriers", "Bike Rentals", "Sports Academy")
CUSTOMER_SECOND += (
    "Outdoor Center",
    "City Fleet",
    "Tours",
    "Racing Team",
    "Campus Services",
    "Parks Department",
)
CUSTOMER_SECOND += ("Hotels",)


def _day_between(rng: Any, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end), or start when the span is empty."""
    days = (end - start).days
    return start + dt.timedelta(days=rng.randrange(days)) if days > 0 else start


def _history(seeder: Any, *, skip: set[int]) -> int:
    from catalog.models import Product
    from deals.models import DealLine, DealRegistration
    from matching.normalize import name_key
    from partners.models import Partner
    from recognition.boards import board_window
    from recognition.models import BoardPeriod

    rng = seeder.rng
    products = list(
        Product.objects.filter(is_active=True, channel_eligibility__in=["channel", "both"], currency="USD")
        .exclude(list_price=0)
        .order_by("sku")
    )
    if not products:
        return 0
    partners = list(
        Partner.objects.filter(status="active", program_memberships__ended_at__isnull=True)
        .exclude(pk__in=skip)
        .exclude(parent__isnull=False)
        .order_by("name")
        .distinct()
    )
    chosen = rng.sample(partners, min(HISTORY_PARTNERS, len(partners)))
    now = timezone.now()
    this = board_window(BoardPeriod.THIS_QUARTER, today=seeder.today)
    last = board_window(BoardPeriod.LAST_QUARTER, today=seeder.today)
    spans = [(this.start, seeder.today + dt.timedelta(days=1)), (last.start, last.end)]
    spans += [(_years_ago(start), _years_ago(end)) for start, end in spans]
    registrations: list[Any] = []
    lines: list[tuple[int, Any, int, Decimal]] = []
    for number, partner in enumerate(chosen):
        # A quarter's revenue for this partner, and what it sold a year before (most grew, some shrank).
        quarter = rng.lognormvariate(10.3, 0.6)
        year_before = rng.uniform(0.6, 1.25) if rng.random() < 0.7 else 0.0
        for span_index, (start, end) in enumerate(spans):
            share = (end - start).days / 91
            target = quarter * share * (year_before if span_index >= 2 else rng.uniform(0.85, 1.15))
            if target <= 0 or (end - start).days <= 0:
                continue
            deals = rng.randint(1, 3)
            for _deal in range(deals):
                product = rng.choice(products)
                quantity = max(1, round(target / deals / float(product.list_price)))
                amount = product.list_price * quantity
                closed = timezone.make_aware(dt.datetime.combine(_day_between(rng, start, end), dt.time(10)))
                closed = min(closed, now - dt.timedelta(hours=1))
                customer = f"{rng.choice(CUSTOMER_FIRST)} {rng.choice(CUSTOMER_SECOND)}"
                registrations.append(
                    DealRegistration(
                        partner=partner,
                        customer_name=customer,
                        name_key=name_key(customer),
                        customer_country=partner.country,
                        currency="USD",
                        amount=amount,
                        won_amount=amount,
                        status="won",
                        stage="commit",
                        submitted_at=closed - dt.timedelta(days=30),
                        decided_at=closed - dt.timedelta(days=28),
                        closed_at=closed,
                        notes="Demo history for the leaderboards.",
                        idempotency_key=f"{HISTORY_KEY}{number}-{len(registrations)}",
                    )
                )
                lines.append((len(registrations) - 1, product, quantity, product.list_price))
    DealRegistration.objects.bulk_create(registrations, batch_size=500)
    DealLine.objects.bulk_create(
        [
            DealLine(registration=registrations[i], product=p, quantity=q, unit_price=u)
            for i, p, q, u in lines
        ],
        batch_size=500,
    )
    return len(registrations)


def _years_ago(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def create_recognition(seeder: Any, *, partner: Any, other: Any, skip: set[int]) -> None:
    """Idempotent: does nothing when any award exists. `partner` is the demo bike store, `other` the second
    partner with demo logins; `skip` the partners whose deals the demo logins make themselves."""
    from core.roles import StaffRole
    from programs.models import ProgramMembership
    from programs.services import membership_set_tier
    from recognition.boards import board_window
    from recognition.models import Award, BoardPeriod
    from recognition.services import award_create, badges_grant_due, grant_create, setting_save

    if Award.objects.exists():
        return
    _history(seeder, skip=skip | {partner.pk, other.pk})
    marketing = seeder.staff[StaffRole.MARKETING]
    from core.actor import build_actor

    actor = build_actor(marketing)
    setting_save(actor=actor, data={"anonymity": "masked", "top_n": 10})
    quarter = award_create(
        actor=actor,
        data={
            "name_en": "Partner of the quarter",
            "name_ru": "Партнер квартала",
            "description_en": "The channel team's choice: the partner whose quarter stood out.",
            "description_ru": "Выбор команды канала: партнер, чей квартал выделился.",
            "rule": "manual",
            "is_active": True,
        },
    )
    champion = award_create(
        actor=actor,
        data={
            "name_en": "Certification champion",
            "name_ru": "Чемпион сертификации",
            "description_en": "A team that invests in learning our products.",
            "description_ru": "Команда, которая вкладывается в изучение наших продуктов.",
            "rule": "manual",
            "is_active": True,
        },
    )
    for name_en, name_ru, metric in (
        ("Top 3 in won revenue", "Тройка лидеров по выручке", "revenue"),
        ("Fastest growing", "Самый быстрый рост", "growth"),
    ):
        award_create(
            actor=actor,
            data={
                "name_en": name_en,
                "name_ru": name_ru,
                "description_en": "Given after each fiscal quarter to the top three of its leaderboard.",
                "description_ru": "Вручается по итогам каждого финансового квартала тройке лидеров рейтинга.",
                "rule": "leaderboard_top",
                "metric": metric,
                "top": 3,
                "is_active": True,
            },
        )
    last = board_window(BoardPeriod.LAST_QUARTER, today=seeder.today)
    grant_create(
        actor=actor,
        data={
            "award": quarter.public_id,
            "partner": partner.public_id,
            "period": last.code,
            "citation_en": "For e-bikes in three new city fleets and the best-run webinar of the quarter.",
            "citation_ru": "За электровелосипеды в трех городских автопарках и лучший вебинар квартала.",
        },
    )
    grant_create(
        actor=actor,
        data={
            "award": champion.public_id,
            "partner": other.public_id,
            "period": last.code.split("-")[0],  # the fiscal year
            "citation_en": "Every sales rep certified on the new range within a month of its launch.",
            "citation_ru": "Все продавцы сертифицированы по новой линейке в первый месяц после запуска.",
        },
    )
    badges_grant_due(today=seeder.today)
    # A partner rose to Gold: the tier change drafts its announcement (recognition/reactions.py).
    risen = (
        ProgramMembership.objects.filter(tier="silver", ended_at__isnull=True, partner__status="active")
        .exclude(partner__pk__in=skip | {partner.pk, other.pk})
        .select_related("partner")
        .order_by("partner__name")
        .first()
    )
    if risen is not None:
        membership_set_tier(
            actor=seeder.actor,
            membership=risen,
            tier="gold",
            reason="Gold: won revenue and certified people above the Gold thresholds.",
        )
