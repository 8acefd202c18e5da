"""The demo's tier criteria: the default program's tiers follow each reseller's sales in the ERP over the last
three years (AdventureWorks' reseller sales, one value per partner and calendar year, entered as the custom
metric "ERP sales"), which is what the seeded tiers were drawn from, so the members stand at realistic tiers
(about 40 % registered, 30 % silver, 20 % gold, 10 % platinum of those with sales).

Two evaluations run: three weeks ago, which warned Progressive Sports (a return booked in the ERP took it
below silver; it moves down in the grace period's last days unless it sells again), and today, after the
bike store's latest quarter came in: it moved up to Gold. A draft (v2) asks gold and platinum partners for
certified people too, for the simulation to show who would move.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ERP = "erp_sales"
# Just under the sales the seeded tiers were cut at (the 40th, 70th and 90th percentiles of the resellers'
# sales): the first evaluation moves a few partners up to a round threshold and nobody down.
THRESHOLDS = {"silver": "20000", "gold": "135000", "platinum": "360000"}
IMPORTED_DAYS_AGO = 22  # the ERP's yearly figures were imported just before the first evaluation
WINDOW = 3 * 365


def _years(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar-year pieces of [first, last]."""
    pieces = []
    year = first.year
    while year <= last.year:
        start = max(first, dt.date(year, 1, 1))
        end = min(last, dt.date(year, 12, 31))
        pieces.append((start, end))
        year += 1
    return pieces


def erp_rows(seeder: Any, metric: Any) -> list[Any]:
    """Each reseller's sales split into calendar years by days (shifted so the data ends today), the current
    year's up to the day they were imported."""
    from tiers.models import CustomMetricValue

    imported = seeder.today - dt.timedelta(days=IMPORTED_DAYS_AGO)
    rows = []
    for key, partner in seeder.partners.items():
        sales = seeder.plans[key].sales if key in seeder.plans else None
        if sales is None or sales.total <= 0:
            continue
        first, last = sales.first + seeder.shift, sales.last + seeder.shift
        pieces = _years(first, last)
        days = sum((end - start).days + 1 for start, end in pieces)
        left = sales.total
        for index, (start, end) in enumerate(pieces):
            if index == len(pieces) - 1:
                value = left
            else:
                value = (sales.total * ((end - start).days + 1) / days).quantize(
                    Decimal("0.01"), ROUND_HALF_UP
                )
                left -= value
            end = min(end, imported)
            rows.append(
                CustomMetricValue(
                    metric=metric,
                    partner=partner,
                    period_start=min(start, end),
                    period_end=end,
                    value=value,
                    note="ERP",
                )
            )
    return rows


def create_tiers(seeder: Any, *, bike_store: Any, at_risk: Any) -> None:
    """Idempotent: does nothing when the program has tier criteria. `bike_store` moves up today, `at_risk`
    was warned three weeks ago."""
    from core.actor import build_actor
    from core.roles import StaffRole
    from programs.models import PartnerProgram
    from tiers import services
    from tiers.evaluation import evaluate
    from tiers.models import CriteriaVersion, CustomMetricValue

    program = PartnerProgram.objects.get(is_default=True)
    if CriteriaVersion.objects.filter(program=program).exists():
        return
    ops = seeder.staff[StaffRole.OPS]
    actor = build_actor(ops)
    metric = services.custom_metric_create(
        actor=actor,
        data={
            "code": ERP,
            "name_en": "ERP sales",
            "name_ru": "Продажи по данным ERP",
            "unit": "money",
            "aggregation": "sum",
            "description_en": "Sales to the reseller booked in the ERP, imported per calendar year.",
            "description_ru": "Продажи реселлеру, проведенные в ERP, загружаются по календарным годам.",
            "is_active": True,
        },
    )
    CustomMetricValue.objects.bulk_create(erp_rows(seeder, metric), batch_size=500)
    services.policy_update(actor=actor, program=program, data={"grace_days": 60})

    draft = services.criteria_create_draft(
        actor=actor,
        program=program,
        data={
            "notes": "Tiers by ERP sales over the last three years, as the partners were tiered until now."
        },
    )
    for tier, threshold in THRESHOLDS.items():
        services.requirement_create(
            actor=actor,
            criteria=draft,
            data={
                "tier": tier,
                "metric": "tiers.custom",
                "parameter": ERP,
                "threshold": threshold,
                "window_days": WINDOW,
            },
        )
    services.criteria_publish(actor=actor, criteria=draft)

    today = seeder.today
    # A return booked against Progressive Sports a month ago takes it below silver: warned three weeks ago.
    total = sum(
        CustomMetricValue.objects.filter(metric=metric, partner=at_risk).values_list("value", flat=True)
    )
    back = min(total - Decimal(THRESHOLDS["silver"]) + Decimal("1850.00"), total)
    CustomMetricValue.objects.create(
        metric=metric,
        partner=at_risk,
        period_start=today - dt.timedelta(days=40),
        period_end=today - dt.timedelta(days=30),
        value=-back,
        note="Return of unsold stock",
        entered_by=ops,
    )
    evaluate(program, as_of=today - dt.timedelta(days=21))

    # The bike store's latest quarter, imported three days ago, takes it past the gold threshold.
    CustomMetricValue.objects.create(
        metric=metric,
        partner=bike_store,
        period_start=today - dt.timedelta(days=93),
        period_end=today - dt.timedelta(days=3),
        value=Decimal("61240.00"),
        note="ERP",
        entered_by=ops,
    )
    evaluate(program, actor=actor)

    # The next version, for the simulation: gold and platinum partners also need certified people.
    draft = services.criteria_create_draft(
        actor=actor,
        program=program,
        data={"notes": "Gold and platinum partners also need certified people (from next quarter)."},
    )
    for tier, people in (("gold", "1"), ("platinum", "2")):
        services.requirement_create(
            actor=actor,
            criteria=draft,
            data={"tier": tier, "metric": "learning.certified_people", "threshold": people},
        )
