"""The evaluation: up at once, down after the grace period with a warning, the warning lifted on recovery,
idempotent reruns, the explanation, simulation equal to the evaluation, overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.actor import system_actor
from core.models import Event
from notifications.models import Notification
from programs.models import ProgramMembership
from programs.services import membership_set_tier
from tiers import services
from tiers.evaluation import evaluate, simulate
from tiers.models import DowngradeWarning, EvaluationRun, TierAssessment, TierOverride, TierPolicy
from tiers.tests.helpers import certify, criteria, default_program, join, win

pytestmark = pytest.mark.django_db


def tier_of(membership: ProgramMembership) -> str:
    membership.refresh_from_db()
    return membership.tier


def today() -> dt.date:
    return timezone.localdate()


def test_moves_up_at_once_with_the_explanation(world):
    member = join(world.partner_a)
    criteria()
    win(world.partner_a, "700000")
    win(world.partner_a, "500000")
    certify(world.partner_a, 4)

    outcome = evaluate(default_program())

    assert tier_of(member) == "gold"
    world.partner_a.refresh_from_db()
    assert world.partner_a.tier == "gold"  # Partner.tier mirrors the best membership
    change = Event.objects.get(verb="program_membership.tier_changed")
    assert change.note == "Gold: won revenue 1,200,000 USD of 1,000,000; certified people 4 of 3"
    assessment = TierAssessment.objects.get(membership=member)
    assert (assessment.tier_before, assessment.qualified_tier, assessment.decision) == (
        "registered",
        "gold",
        "up",
    )
    assert assessment.values["deals.won_revenue||365"] == "1200000.00"
    assert outcome.run.counts["up"] == 1
    # the partner's admins and its CAM are told
    assert set(Notification.objects.filter(verb="tiers.moved").values_list("user__email", flat=True)) == {
        "admin@alpha.test",
        "cam@vendor.test",
    }


def test_moves_down_only_after_the_grace_period_that_starts_with_a_warning(world):
    member = join(world.partner_a, "gold")
    criteria()
    TierPolicy.objects.update_or_create(program=default_program(), defaults={"grace_days": 30})
    win(world.partner_a, "150000")  # silver, no longer gold

    evaluate(default_program())
    warning = DowngradeWarning.objects.get(membership=member)
    assert tier_of(member) == "gold"
    assert (warning.status, warning.to_tier, warning.downgrade_on) == (
        "pending",
        "silver",
        today() + dt.timedelta(days=30),
    )
    told = Notification.objects.filter(verb="tiers.downgrade_warning")
    assert set(told.values_list("user__email", flat=True)) == {"admin@alpha.test", "cam@vendor.test"}
    assert Event.objects.filter(verb="tier_warning.issued").count() == 1

    evaluate(default_program(), as_of=today() + dt.timedelta(days=29))
    assert tier_of(member) == "gold"
    assert (
        TierAssessment.objects.get(membership=member, evaluated_on=today() + dt.timedelta(days=29)).decision
        == "at_risk"
    )

    evaluate(default_program(), as_of=today() + dt.timedelta(days=30))
    assert tier_of(member) == "silver"
    warning.refresh_from_db()
    assert warning.status == "applied"
    change = Event.objects.get(verb="program_membership.tier_changed")
    assert change.note.startswith("Gold not met since the warning of")
    assert "won revenue 150,000 USD of 1,000,000" in change.note


def test_a_warning_is_lifted_when_the_partner_qualifies_again(world):
    member = join(world.partner_a, "silver")
    criteria()
    evaluate(default_program())  # no revenue: warned
    assert DowngradeWarning.objects.get(membership=member).status == "pending"

    win(world.partner_a, "120000")
    evaluate(default_program(), as_of=today() + dt.timedelta(days=3))

    warning = DowngradeWarning.objects.get(membership=member)
    assert warning.status == "lifted"
    assert tier_of(member) == "silver"
    assert Notification.objects.filter(verb="tiers.warning_lifted", user=world.admin_a).exists()


def test_a_second_run_the_same_day_changes_nothing_more(world):
    up = join(world.partner_a)
    down = join(world.partner_b, "gold")
    criteria()
    win(world.partner_a, "200000")

    evaluate(default_program())
    counted = (
        Event.objects.count(),
        Notification.objects.count(),
        DowngradeWarning.objects.count(),
        TierAssessment.objects.count(),
    )
    second = evaluate(default_program())

    assert (tier_of(up), tier_of(down)) == ("silver", "gold")
    assert second.run.counts["up"] == 0 and second.run.counts["warned"] == 0
    # one more event: the run itself; no tier change, warning, notification or assessment more
    assert (
        Event.objects.count() - 1,
        Notification.objects.count(),
        DowngradeWarning.objects.count(),
        TierAssessment.objects.count(),
    ) == counted
    # the day's row keeps the change the first run made
    assert TierAssessment.objects.get(membership=up).decision == "up"
    assert TierAssessment.objects.get(membership=down).decision == "warned"


def test_simulation_decides_what_the_evaluation_then_does(world):
    join(world.partner_a)
    join(world.partner_b, "gold")
    join(world.distributor, "silver")
    criteria()
    win(world.partner_a, "2000000")
    certify(world.partner_a, 3)
    win(world.distributor, "150000")
    draft = criteria(
        [("silver", "deals.won_revenue", "", "50000"), ("gold", "deals.won_revenue", "", "1500000")],
        publish=False,
    )

    simulated = simulate(draft)
    assert not EvaluationRun.objects.filter(criteria=draft).exists()  # written nowhere
    assert (simulated.moving_up, simulated.moving_down, simulated.unchanged) == (1, 1, 1)

    services.criteria_publish(actor=system_actor(), criteria=draft)
    evaluate(default_program())

    real = {
        a.membership_id: (a.qualified_tier, a.decision, a.tier_after)
        for a in TierAssessment.objects.filter(criteria=draft)
    }
    assert real == {
        m.state.membership_id: (m.qualified, m.decision.value, m.tier_after) for m in simulated.members
    }


def test_an_override_holds_the_tier_until_its_end(world):
    member = join(world.partner_a, "registered")
    criteria()
    ends = today() + dt.timedelta(days=10)
    services.override_set(
        actor=world.actor(world.ops),
        partner=world.partner_a,
        program=default_program(),
        data={"tier": "gold", "ends_on": ends.isoformat(), "reason": "Strategic partner this quarter"},
    )
    assert tier_of(member) == "gold"

    evaluate(default_program(), as_of=ends)
    assert tier_of(member) == "gold"
    assert TierAssessment.objects.get(membership=member).decision == "held"
    assert not DowngradeWarning.objects.exists()

    evaluate(default_program(), as_of=ends + dt.timedelta(days=1))
    assert DowngradeWarning.objects.get(membership=member).to_tier == "registered"
    assert TierOverride.objects.get(membership=member).ended_at is not None


def test_a_tier_changed_by_hand_elsewhere_holds_for_the_grace_period(world):
    member = join(world.partner_a, "registered")
    criteria()
    membership_set_tier(
        actor=world.actor(world.ops), membership=member, tier="gold", reason="Agreed at the QBR"
    )

    hold = TierOverride.objects.get(membership=member, ended_at__isnull=True)
    assert (hold.tier, hold.ends_on, hold.reason) == (
        "gold",
        today() + dt.timedelta(days=60),
        "Agreed at the QBR",
    )
    evaluate(default_program())
    assert tier_of(member) == "gold"
    assert not DowngradeWarning.objects.exists()


def test_the_engine_s_own_changes_set_no_hold(world):
    join(world.partner_a)
    criteria()
    win(world.partner_a, "200000")
    evaluate(default_program())
    assert not TierOverride.objects.exists()


def test_a_missing_exchange_rate_changes_nothing_and_says_why(world):
    member = join(world.partner_a)
    criteria()
    win(world.partner_a, "200000", currency="EUR")

    with pytest.raises(ValidationError) as refused:
        services.evaluate_now(actor=world.actor(world.ops), program=default_program())

    assert refused.value.code == "metric_unavailable"
    assert "EUR" in refused.value.messages[0]
    assert tier_of(member) == "registered"
    assert not EvaluationRun.objects.exists() and not TierAssessment.objects.exists()


def test_without_published_criteria_nothing_is_evaluated(world):
    join(world.partner_a)
    with pytest.raises(ValidationError) as refused:
        services.evaluate_now(actor=world.actor(world.ops), program=default_program())
    assert refused.value.code == "no_criteria"
    assert not EvaluationRun.objects.exists()


def test_evaluate_now_is_for_ops_and_the_chief(world):
    join(world.partner_a)
    criteria()
    for user in (world.cam, world.marketing, world.admin_a):
        with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
            services.evaluate_now(actor=world.actor(user), program=default_program())
    assert not EvaluationRun.objects.exists()
    outcome = services.evaluate_now(actor=world.actor(world.chief), program=default_program())
    assert outcome.run.trigger == "manual" and outcome.run.started_by == world.chief


def test_grace_zero_moves_down_at_once(world):
    member = join(world.partner_a, "silver")
    criteria()
    TierPolicy.objects.update_or_create(program=default_program(), defaults={"grace_days": 0})
    evaluate(default_program())
    assert tier_of(member) == "registered"
    assert TierAssessment.objects.get(membership=member).decision == "down"
