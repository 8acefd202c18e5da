"""An MDF share of won revenue without a rate of its own accrues at the partner's program tier MDF rate (the
best of its current memberships, read at each accrual), so a tier change moves it; an explicit rate wins."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from funds.errors import FundErrorCode as E
from funds.models import FundAllocation
from funds.services import accruals_run, allocation_create
from programs.models import PartnerProgram, ProgramTier
from programs.services import membership_join, membership_set_tier

pytestmark = pytest.mark.django_db


def _won(partner, amount, name):
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=name,
        status="won",
        amount=D(amount),
        won_amount=D(amount),
        currency="USD",
        closed_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def tiers(world):
    """Gold gives 2 % of won revenue, platinum 3 %, silver nothing; A is gold, B silver."""
    program = PartnerProgram.objects.get(is_default=True)
    ProgramTier.objects.filter(program=program, tier="gold").update(mdf_rate=D("2"))
    ProgramTier.objects.filter(program=program, tier="platinum").update(mdf_rate=D("3"))
    ops = world.actor(world.ops)
    return {
        "a": membership_join(actor=ops, program=program, partner=world.partner_a, tier="gold"),
        "b": membership_join(actor=ops, program=program, partner=world.partner_b, tier="silver"),
    }


def test_a_share_without_a_rate_accrues_at_the_tier_rate(world, marketing, budget, tiers):
    _won(world.partner_a, "10000.00", "First")
    (allocation,) = allocation_create(
        actor=marketing,
        data={"budget": budget.public_id, "partner": world.partner_a.public_id, "basis": "accrual"},
    )
    allocation.refresh_from_db()
    assert allocation.rate is None and allocation.allocated == D("200.00")  # 2 % of 10,000
    # Promoted to platinum: what it wins from now on accrues at 3 %.
    membership_set_tier(actor=world.actor(world.ops), membership=tiers["a"], tier="platinum", reason="Up")
    _won(world.partner_a, "10000.00", "Second")
    assert accruals_run() == 1 and accruals_run() == 0
    allocation.refresh_from_db()
    assert allocation.allocated == D("500.00")


def test_an_explicit_rate_wins_over_the_tier(world, marketing, budget, tiers):
    _won(world.partner_a, "10000.00", "First")
    (allocation,) = allocation_create(
        actor=marketing,
        data={
            "budget": budget.public_id,
            "partner": world.partner_a.public_id,
            "basis": "accrual",
            "rate": "5",
        },
    )
    allocation.refresh_from_db()
    assert allocation.allocated == D("500.00")


def test_a_share_without_a_rate_is_refused_for_a_tier_without_one(world, marketing, budget, tiers):
    before = snapshot(budget)
    with pytest.raises(Exception) as refused:  # noqa: PT011 - the field's coded error is checked below
        allocation_create(
            actor=marketing,
            data={"budget": budget.public_id, "partner": world.partner_b.public_id, "basis": "accrual"},
        )
    assert refused.value.error_dict["rate"][0].code == E.NO_TIER_RATE
    assert "Bravo Trading" in refused.value.error_dict["rate"][0].message
    assert snapshot(budget) == before and not FundAllocation.objects.exists()
    assert not Event.objects.filter(verb="fund_allocation.created").exists()


def test_every_partner_of_a_tier_accrues_at_its_rate(world, marketing, budget, tiers):
    world.partner_a.refresh_from_db()
    _won(world.partner_a, "5000.00", "Tier win")
    created = allocation_create(
        actor=marketing, data={"budget": budget.public_id, "tier": "gold", "basis": "accrual", "cap": "80"}
    )
    assert [a.partner for a in created] == [world.partner_a]
    created[0].refresh_from_db()
    assert created[0].allocated == D("80.00")  # 2 % is 100, capped at 80
