"""The evaluation: weights and threshold, the automatic at-risk flag with its reason, the CAM's review and
notification, the grace period, idempotence, and the way back (plan, recovery)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.testing import make_partner
from core.actor import system_actor
from core.models import Event
from core.testing import snapshot
from health.models import HealthScore, HealthSettings, ReviewStatus, RiskReview, Signal
from health.scoring import compose
from health.selectors import forget_settings, review_counts
from health.services import health_evaluate, review_plan, review_recover, settings_update
from health.signals import Reading
from health.testing import backdate, days_ago, download, registration
from notifications.models import Notification
from partners.choices import PartnerStatus
from partners.services import partner_change_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.fixture
def ops(world):
    return world.actor(world.ops)


@pytest.fixture
def veteran(world):
    """An active partner activated long ago (past any grace period), of the world's CAM, with nothing
    going on: its health is 0."""
    partner = make_partner("Veteran Cycles", cam=world.cam)
    return backdate(partner, activated_at=days_ago(400), created_at=days_ago(450))


def healthy(partner) -> None:
    """Enough activity for full marks on every signal that applies (no team: logins stay 0)."""
    for _ in range(10):
        download(partner)
    for days in (5, 6, 7):
        registration(partner, submitted=days, won="1000.00", closed=days)


def test_the_score_is_the_weighted_average_of_the_signals_that_apply():
    readings = {key: Reading(Decimal(0), 0) for key in Signal.values}
    readings[Signal.REGISTRATIONS] = Reading(Decimal(3), 100)
    readings[Signal.LEAD_ACCEPTANCE] = Reading(None, None)  # no offer: left out
    readings[Signal.LEAD_SPEED] = Reading(None, None)
    readings[Signal.ONBOARDING] = Reading(None, None)
    weights = HealthSettings().weights  # 15, 10, 10, (10, 5), 20, 25, (5)
    scored = compose(readings, weights)
    assert scored.score == 25  # 20 of the 80 that count
    rows = {row["key"]: row for row in scored.signals}
    assert rows[Signal.REGISTRATIONS]["contribution"] == 25.0
    assert (
        not rows[Signal.LEAD_ACCEPTANCE]["applicable"] and rows[Signal.LEAD_ACCEPTANCE]["contribution"] == 0
    )
    assert scored.weakest == Signal.REVENUE_TREND  # 0, and the heaviest of those at 0
    weights[Signal.REGISTRATIONS] = 60
    assert compose(readings, weights).score == 50  # 60 of 120


def test_changing_the_weights_and_threshold_changes_the_next_evaluation(world, ops, veteran):
    for days in (5, 6, 7):
        registration(veteran, submitted=days)
    health_evaluate(actor=ops, flag=False)
    first = HealthScore.objects.get(partner=veteran)
    assert (first.score, first.threshold, first.below) == (36, 40, True)  # 20 of the 55 that count
    settings_update(actor=ops, data={"weight_registrations": 60, "threshold": 20})
    health_evaluate(actor=ops, flag=False)
    again = HealthScore.objects.get(partner=veteran)  # the same day: the same row, rescored
    assert again.pk == first.pk
    assert (again.score, again.threshold, again.below) == (63, 20, False)  # 60 of 95
    event = Event.objects.filter(verb="health_settings.updated").get()
    assert event.before == {"weight_registrations": 20, "threshold": 40}
    assert event.after == {"weight_registrations": 60, "threshold": 20}


def test_an_active_partner_below_the_threshold_is_flagged_with_its_reason_and_its_cam_gets_a_task(
    world, ops, veteran
):
    result = health_evaluate(actor=ops)
    assert veteran.pk in result.flagged
    veteran.refresh_from_db()
    assert veteran.status == PartnerStatus.AT_RISK
    change = Event.objects.filter(verb="partner.status_changed", partner=veteran).get()
    assert change.actor is None and change.after == {"status": "at_risk"}
    assert (
        change.note == "Health score 0 is below the threshold of 40. Weakest: Deal registrations 0, Logins 0."
    )
    review = RiskReview.objects.get(partner=veteran)
    assert (review.status, review.cam, review.score, review.threshold) == ("open", world.cam, 0, 40)
    # Every signal that counts is at 0 (nothing was won, no lead offered): the heaviest first.
    assert review.reasons == [{"key": "registrations", "score": 0}, {"key": "logins", "score": 0}]
    assert review.weakest == Signal.REGISTRATIONS
    assert review.health == HealthScore.objects.get(partner=veteran)
    notice = Notification.objects.get(user=world.cam, verb="risk_review.opened")
    assert "Veteran Cycles" in notice.text and notice.link == f"/health/reviews/{review.public_id}/"
    assert review_counts(actor=world.actor(world.cam), mine=True).awaiting_plan == 1
    assert review_counts(actor=world.actor(world.chief), mine=True).awaiting_plan == 0
    assert Event.objects.filter(verb="health.evaluated").get().after["flagged"] == len(result.flagged)


def test_partners_in_their_grace_period_onboarding_or_healthy_are_not_flagged(world, ops, veteran):
    fresh = backdate(make_partner("Fresh Bikes", cam=world.cam), activated_at=days_ago(10))
    onboarding = backdate(
        make_partner("Starter Bikes", status=PartnerStatus.ONBOARDING), created_at=days_ago(200)
    )
    fit = backdate(make_partner("Fit Bikes"), activated_at=days_ago(400))
    healthy(fit)
    result = health_evaluate(actor=ops)
    assert set(result.flagged) >= {veteran.pk}
    for partner in (fresh, onboarding, fit):
        partner.refresh_from_db()
        assert partner.pk not in result.flagged
        assert not RiskReview.objects.filter(partner=partner).exists()
    assert fresh.status == PartnerStatus.ACTIVE and onboarding.status == PartnerStatus.ONBOARDING
    assert HealthScore.objects.get(partner=onboarding).below  # scored, shown, but the lifecycle keeps it
    assert not HealthScore.objects.get(partner=fit).below


def test_running_the_evaluation_twice_leaves_the_same_rows(world, ops, veteran):
    healthy(make_partner("Fit Bikes"))
    health_evaluate(actor=ops)
    rows = {s.partner_id: (s.public_id, s.score, s.signals, s.below) for s in HealthScore.objects.all()}
    second = health_evaluate(actor=ops)
    assert second.flagged == []
    again = {s.partner_id: (s.public_id, s.score, s.signals, s.below) for s in HealthScore.objects.all()}
    assert again == rows
    assert Event.objects.filter(verb="partner.status_changed", partner=veteran).count() == 1
    assert RiskReview.objects.filter(partner=veteran).count() == 1
    assert Notification.objects.filter(verb="risk_review.opened").count() == 1


def test_only_channel_operations_and_the_chief_evaluate_and_configure(world, veteran):
    for user in (world.cam, world.marketing, world.admin_a):
        with pytest.raises(PermissionDenied):
            health_evaluate(actor=world.actor(user))
        with pytest.raises(PermissionDenied):
            settings_update(actor=world.actor(user), data={"threshold": 10})
    assert not HealthScore.objects.exists()
    assert health_evaluate(actor=system_actor()).evaluated >= 1  # the scheduled job


def test_bad_settings_change_nothing(world, ops):
    settings_update(actor=ops, data={"threshold": 45})
    row = HealthSettings.objects.get()
    before = snapshot(row)
    for data, code in (
        ({"threshold": 0}, "min_value"),
        ({"threshold": 101}, "max_value"),
        ({"window_days": 3}, "min_value"),
        ({f"weight_{key}": 0 for key in Signal.values}, "no_weight"),
    ):
        with pytest.raises(ValidationError) as refused:
            settings_update(actor=ops, data=data)
        assert code in {e.code for errors in refused.value.error_dict.values() for e in errors}
        assert snapshot(row) == before
    assert Event.objects.filter(verb="health_settings.updated").count() == 1


def test_a_recovery_plan_then_a_better_score_lets_the_cam_set_the_partner_active(world, ops, veteran):
    health_evaluate(actor=ops)
    review = RiskReview.objects.get(partner=veteran)
    cam = world.actor(world.cam)
    with pytest.raises(ValidationError) as refused:
        review_recover(actor=cam, review=review)
    assert refused.value.error_dict["status"][0].code == "no_plan"
    due = timezone.localdate() + timedelta(days=30)
    review_plan(actor=cam, review=review, data={"actions": "Joint webinar\nPipeline review", "due": due})
    review.refresh_from_db()
    assert (review.status, review.plan_due, review.planned_by) == ("planned", due, world.cam)
    with pytest.raises(ValidationError) as refused:
        review_recover(actor=cam, review=review)
    assert refused.value.error_dict["status"][0].code == "not_recovered"  # no evaluation since the flag

    backdate(review, created_at=days_ago(1))  # flagged yesterday; today the partner does better
    healthy(veteran)
    result = health_evaluate(actor=ops)
    assert result.recovering == 1
    assert Notification.objects.filter(user=world.cam, verb="risk_review.score_recovered").count() == 1
    assert health_evaluate(actor=ops).recovering == 0  # told once
    review_recover(actor=cam, review=review, note="Back on track")
    review.refresh_from_db()
    veteran.refresh_from_db()
    assert (review.status, review.closed_by, review.outcome_note) == ("recovered", world.cam, "Back on track")
    assert veteran.status == PartnerStatus.ACTIVE
    assert Event.objects.filter(verb="risk_review.recovered", target_id=review.pk).count() == 1
    with pytest.raises(ValidationError):
        review_plan(actor=cam, review=review, data={"actions": "More", "due": due})  # closed


def test_a_partner_back_from_review_is_not_flagged_again_within_the_grace_period(world, ops, veteran):
    partner_change_status(actor=world.actor(world.cam), partner=veteran, to_status="at_risk", note="Quiet")
    partner_change_status(actor=world.actor(world.cam), partner=veteran, to_status="active", note="Spoke")
    assert RiskReview.objects.get(partner=veteran).status == ReviewStatus.RECOVERED
    assert health_evaluate(actor=ops).flagged == []


def test_a_cam_flagging_by_hand_opens_the_review_with_the_cams_reason(world, ops, veteran):
    health_evaluate(actor=ops, flag=False)
    partner_change_status(
        actor=world.actor(world.cam), partner=veteran, to_status="at_risk", note="Lost their sales lead"
    )
    review = RiskReview.objects.get(partner=veteran)
    assert (review.opened_by, review.note, review.score) == (world.cam, "Lost their sales lead", 0)
    assert Event.objects.filter(verb="risk_review.opened", target_id=review.pk).get().actor == world.cam
    partner_change_status(
        actor=world.actor(world.chief), partner=veteran, to_status="offboarded", note="Gone"
    )
    review.refresh_from_db()
    assert (review.status, review.closed_by, review.outcome_note) == ("offboarded", world.chief, "Gone")


def test_bad_plans_and_other_roles_change_nothing(world, ops, veteran):
    health_evaluate(actor=ops)
    review = RiskReview.objects.get(partner=veteran)
    before = snapshot(review)
    cam = world.actor(world.cam)
    yesterday = timezone.localdate() - timedelta(days=1)
    for data, field, code in (
        ({"actions": "", "due": timezone.localdate()}, "actions", "required"),
        ({"actions": "Call", "due": yesterday}, "due", "due_in_past"),
        ({"actions": "x" * 4001, "due": timezone.localdate()}, "actions", "max_length"),
    ):
        with pytest.raises(ValidationError) as refused:
            review_plan(actor=cam, review=review, data=data)
        assert refused.value.error_dict[field][0].code == code
        assert snapshot(review) == before
    for user in (world.ops, world.marketing):
        with pytest.raises(PermissionDenied):
            review_plan(
                actor=world.actor(user),
                review=review,
                data={"actions": "Call", "due": yesterday + timedelta(9)},
            )
    assert snapshot(review) == before
    assert not Event.objects.filter(verb="risk_review.planned").exists()
