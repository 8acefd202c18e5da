"""Each metric against data that moves it, computed for every partner at once (and for one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tiers import metrics
from tiers.metrics import MetricUnavailable
from tiers.models import CustomMetric, CustomMetricValue
from tiers.tests.helpers import certify, win

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def values(code: str, *, ids=None, window: int = 365, parameter: str = "", as_of=None) -> dict[int, Decimal]:
    metric = metrics.get(code)
    assert metric is not None, code
    return metric.values(ids, as_of or today(), window, parameter)


def test_every_owning_app_registered_its_metrics():
    assert {m.code for m in metrics.all_metrics()} == {
        "deals.won_revenue",
        "deals.won_registrations",
        "learning.certified_people",
        "learning.certified_for",
        "leads.acceptance_rate",
        "leads.conversion_rate",
        "funds.mdf_roi",
        "tiers.custom",
    }


def test_won_revenue_counts_the_window_less_refunds_in_the_program_currency(world):
    from deals.models import DealRegistration
    from ledger.models import ExchangeRate

    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=today() - dt.timedelta(days=30), rate="1.10"
    )
    win(world.partner_a, "1000")
    win(world.partner_a, "500", refunded_amount=Decimal("200"))
    win(world.partner_a, "100", currency="EUR")
    win(world.partner_a, "9999", days_ago=400)  # outside the window
    win(world.partner_b, "250")
    DealRegistration.objects.create(partner=world.partner_a, amount="7777", status="approved")

    found = values("deals.won_revenue")
    assert found[world.partner_a.pk] == Decimal("1410.00")  # 1000 + 300 + 110
    assert found[world.partner_b.pk] == Decimal("250.00")
    assert values("deals.won_revenue", ids=[world.partner_b.pk]) == {world.partner_b.pk: Decimal("250.00")}
    assert values("deals.won_revenue", window=500)[world.partner_a.pk] == Decimal("11409.00")


def test_won_revenue_without_a_rate_is_unavailable_not_guessed(world):
    win(world.partner_a, "100", currency="EUR")
    with pytest.raises(MetricUnavailable, match="EUR"):
        values("deals.won_revenue")


def test_won_registrations_counts_the_wins_in_the_window(world):
    win(world.partner_a, "10")
    win(world.partner_a, "10", currency="EUR")
    win(world.partner_a, "10", days_ago=100)
    assert values("deals.won_registrations")[world.partner_a.pk] == 3
    assert values("deals.won_registrations", window=30)[world.partner_a.pk] == 2
    assert world.partner_b.pk not in values("deals.won_registrations")


def test_certified_people_count_valid_awards_once_per_person(world):
    from learning.models import Certification, CertificationAward

    road = certify(world.partner_a, 2)
    ebike = Certification.objects.create(title_en="E-bike service")
    certify(world.partner_a, 1, certification=ebike)
    person = CertificationAward.objects.filter(partner=world.partner_a, certification=road).first().user
    CertificationAward.objects.create(  # the same person twice: still one
        user=person, partner=world.partner_a, certification=ebike, awarded_at=timezone.now()
    )
    certify(world.partner_b, 1, certification=road, prefix="x")
    CertificationAward.objects.filter(partner=world.partner_b).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    certify(world.partner_b, 1, certification=road, prefix="y")
    CertificationAward.objects.filter(partner=world.partner_b, user__email__startswith="ycert").update(
        revoked_at=timezone.now()
    )

    assert values("learning.certified_people") == {world.partner_a.pk: 3}
    assert values("learning.certified_for", parameter=str(ebike.public_id)) == {world.partner_a.pk: 2}
    assert values("learning.certified_for", parameter=str(road.public_id)) == {world.partner_a.pk: 2}
    # a day before they were awarded nobody was certified
    assert values("learning.certified_people", as_of=today() - dt.timedelta(days=30)) == {}


def _offer(partner, outcome: str, *, status: str = "accepted", closed: bool = False):
    from leads.models import Lead, LeadAssignment

    lead = Lead.objects.create(
        company_name=f"Lead {Lead.objects.count()}",
        partner=partner,
        destination="channel",
        status=status,
        closed_at=timezone.now() if closed else None,
    )
    LeadAssignment.objects.create(lead=lead, partner=partner, outcome=outcome)
    return lead


def test_lead_acceptance_rate_is_the_share_of_answered_offers_accepted(world):
    for outcome in ("accepted", "accepted", "accepted", "declined", "pending", "withdrawn"):
        _offer(world.partner_a, outcome)
    _offer(world.partner_b, "lapsed")

    found = values("leads.acceptance_rate", window=90)
    assert found == {world.partner_a.pk: Decimal("75.0"), world.partner_b.pk: Decimal("0.0")}
    assert metrics.get("leads.acceptance_rate").missing is None  # no offer: no data, not 0 %


def test_lead_conversion_rate_is_the_share_of_closed_leads_converted(world):
    _offer(world.partner_a, "accepted", status="converted", closed=True)
    _offer(world.partner_a, "accepted", status="lost", closed=True)
    _offer(world.partner_a, "accepted", status="lost", closed=True)
    _offer(world.partner_a, "accepted", status="contacted")  # open: not counted

    assert values("leads.conversion_rate", window=90) == {world.partner_a.pk: Decimal("33.3")}


def test_mdf_roi_is_won_revenue_against_the_activity_s_cost(world):
    from funds.testing import allocate, approved_request, this_period_budget

    marketing = world.actor(world.marketing)
    allocate(marketing, this_period_budget(marketing), world.partner_a)
    request = approved_request(world.actor(world.admin_a), marketing)  # 3,000 approved
    win(world.partner_a, "9000", fund_activity_code=request.code)

    assert values("funds.mdf_roi", window=90) == {
        world.partner_a.pk: Decimal("200.0")
    }  # (9000 − 3000) / 3000


def test_custom_metric_latest_or_sum_of_the_window(world):
    references = CustomMetric.objects.create(code="references", name_en="Customer references")
    events = CustomMetric.objects.create(code="events", name_en="Joint events", aggregation="sum")
    for metric, period_end, value in (
        (references, today() - dt.timedelta(days=200), "2"),
        (references, today() - dt.timedelta(days=20), "5"),
        (references, today() - dt.timedelta(days=500), "9"),
        (events, today() - dt.timedelta(days=100), "3"),
        (events, today() - dt.timedelta(days=10), "4"),
    ):
        CustomMetricValue.objects.create(
            metric=metric,
            partner=world.partner_a,
            period_start=period_end - dt.timedelta(days=30),
            period_end=period_end,
            value=value,
        )
    assert values("tiers.custom", parameter="references") == {world.partner_a.pk: Decimal("5.00")}
    assert values("tiers.custom", parameter="events") == {world.partner_a.pk: Decimal("7.00")}
    assert values("tiers.custom", parameter="events", window=30) == {world.partner_a.pk: Decimal("4.00")}
    assert values("tiers.custom", parameter="unknown") == {}


def test_metrics_computed_together_share_one_aggregate(world, django_assert_num_queries):
    from tiers.evaluation import compute_values
    from tiers.explain import Spec

    win(world.partner_a, "10")
    specs = [
        Spec("silver", "deals.won_revenue", "", Decimal(1), None),
        Spec("silver", "deals.won_registrations", "", Decimal(1), None),
    ]
    with django_assert_num_queries(2):  # the registrations' grouped query once, the exchange rates once
        found = compute_values(specs, partner_ids=None, as_of=today())
    assert found["deals.won_registrations||365"] == {world.partner_a.pk: 1}
