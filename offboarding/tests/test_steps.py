"""Offboarding as a workflow: starting it, each step of the wind-down checklist (its check, its action through
the owning app, marking it done), access revoked on its day by the nightly job, completion and cancelling;
refused input changes nothing."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conflicts.models import CustomerClaim
from core.actor import system_actor
from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from health.models import RiskReview
from health.testing import registration
from leads.models import Lead, LeadAssignment, RoutingRule, RoutingRuleSet
from ledger.models import LedgerAccount, PayoutBatch, TransactionKind
from ledger.posting import Posting, book, move
from ledger.services import batch_approve, batch_mark_paid
from offboarding.models import Offboarding, OffboardingStatus, StepKey, WindDownStep
from offboarding.selectors import checklist
from offboarding.services import offboarding_cancel, offboarding_start, step_done, step_run, wind_down
from partners.choices import PartnerStatus
from partners.services import partner_change_status
from referrals.models import ReferralLink

pytestmark = pytest.mark.django_db
_keys = count(1)


@pytest.fixture
def cam(world):
    return world.actor(world.cam)


@pytest.fixture
def chief(world):
    return world.actor(world.chief)


def start(actor, partner, days: int = 30, reason: str = "Stopped selling our range") -> Offboarding:
    return offboarding_start(
        actor=actor,
        partner=partner,
        data={"reason": reason, "access_ends_on": timezone.localdate() + timedelta(days=days)},
    )


def state(actor, offboarding, key):
    offboarding.refresh_from_db()
    return next(s for s in checklist(actor=actor, offboarding=offboarding) if s.key == key)


def earn(partner, amount="120.00"):
    book(
        Posting(
            key=f"offboarding-test:{next(_keys)}",
            kind=TransactionKind.ACCRUAL,
            partner=partner,
            legs=move(
                Decimal(amount),
                "USD",
                debit=LedgerAccount.INCENTIVE_EXPENSE,
                credit=LedgerAccount.EARNINGS_PAYABLE,
            ),
            description="Commission",
        ),
        actor=system_actor(),
    )


def test_starting_makes_the_checklist_and_does_at_once_what_has_nothing_to_do(world, cam):
    registration(world.partner_a, status="submitted")
    offboarding = start(cam, world.partner_a)
    rows = {row.key: row for row in WindDownStep.objects.filter(offboarding=offboarding)}
    assert list(rows) == list(StepKey.values)
    assert {key for key, row in rows.items() if row.done} == {"claims", "leads", "payout", "content"}
    assert rows["claims"].by_system and rows["claims"].note == "Nothing to do when the wind-down started."
    assert not rows["registrations"].done and not rows["access"].done
    event = Event.objects.get(verb="offboarding.started")
    assert (event.actor, event.partner, event.note) == (
        world.cam,
        world.partner_a,
        "Stopped selling our range",
    )
    assert Event.objects.filter(verb="offboarding.step_done").count() == 4
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.ACTIVE  # until the day access ends


def test_bad_starts_change_nothing(world, cam):
    partner_before = snapshot(world.partner_a)
    yesterday = timezone.localdate() - timedelta(days=1)
    for data, field, code in (
        ({"reason": "", "access_ends_on": timezone.localdate()}, "reason", "required"),
        ({"reason": "Bye", "access_ends_on": yesterday}, "access_ends_on", "access_date_past"),
        ({"reason": "Bye"}, "access_ends_on", "required"),
    ):
        with pytest.raises(ValidationError) as refused:
            offboarding_start(actor=cam, partner=world.partner_a, data=data)
        assert refused.value.error_dict[field][0].code == code
    with pytest.raises(PermissionDenied):
        start(world.actor(world.ops), world.partner_a)
    assert not Offboarding.objects.exists() and snapshot(world.partner_a) == partner_before
    start(cam, world.partner_a)
    with pytest.raises(ValidationError) as refused:
        start(cam, world.partner_a)
    assert refused.value.error_dict["partner"][0].code == "offboarding_in_progress"
    assert Offboarding.objects.count() == 1


def test_starting_closes_the_partners_risk_review(world, cam):
    partner_change_status(actor=cam, partner=world.partner_a, to_status="at_risk", note="Quiet")
    start(cam, world.partner_a)
    review = RiskReview.objects.get(partner=world.partner_a)
    assert (review.status, review.closed_by) == ("offboarded", world.cam)


def test_open_registrations_are_closed_through_the_deals_services(world, cam, chief):
    submitted = registration(world.partner_a, status="submitted", customer="Submitted Co")
    approved = registration(world.partner_a, status="approved", customer="Approved Co")
    appealed = registration(world.partner_a, status="appealed", customer="Appealed Co")
    registration(world.partner_b, status="submitted", customer="Bravo's own")
    offboarding = start(cam, world.partner_a)
    found = state(cam, offboarding, "registrations")
    assert (found.check.passed, found.check.count, found.actions) == (False, 3, ("run",))
    message = step_run(actor=cam, offboarding=offboarding, key="registrations")
    assert message == "Registrations closed: 2; left for someone who may decide them: 1."  # a CAM: no appeal
    for row, status in ((submitted, "rejected"), (approved, "lost"), (appealed, "appealed")):
        row.refresh_from_db()
        assert row.status == status
    approved.refresh_from_db()
    assert approved.lost_reason == "The partnership is winding down (offboarding)."
    assert not state(cam, offboarding, "registrations").row.done
    assert step_run(actor=chief, offboarding=offboarding, key="registrations") == "Registrations closed: 1."
    done = state(cam, offboarding, "registrations")
    assert done.row.done and done.row.done_by == world.chief and done.check.passed
    assert DealRegistration.objects.get(customer_name="Bravo's own").status == "submitted"


def test_customer_claims_clear_with_their_registrations_and_stale_ones_are_released(world, cam):
    approved = registration(world.partner_a, status="approved", customer="Held Co")
    CustomerClaim.objects.create(key="domain:held.example", registration=approved)
    lost = registration(world.partner_a, status="lost", customer="Stale Co")
    CustomerClaim.objects.create(key="domain:stale.example", registration=lost)
    offboarding = start(cam, world.partner_a)
    claims = state(cam, offboarding, "claims")
    assert (claims.check.passed, claims.check.count, claims.check.actionable) == (False, 2, 1)
    with pytest.raises(ValidationError) as refused:
        step_done(actor=cam, offboarding=offboarding, key="claims")
    assert refused.value.error_dict["step"][0].code == "step_not_ready"
    step_run(actor=cam, offboarding=offboarding, key="claims")  # the stale one
    assert list(CustomerClaim.objects.values_list("key", flat=True)) == ["domain:held.example"]
    assert "run" not in state(cam, offboarding, "claims").actions  # the live one goes with its registration
    step_run(actor=cam, offboarding=offboarding, key="registrations")
    assert not CustomerClaim.objects.exists()
    step_done(actor=cam, offboarding=offboarding, key="claims", note="All released")
    row = state(cam, offboarding, "claims").row
    assert (row.done_by, row.note) == (world.cam, "All released")


def test_open_leads_go_back_to_routing_and_never_to_the_partner_winding_down(world, cam):
    lead = Lead.objects.create(
        company_name="Lead Co", partner=world.partner_a, destination="channel", region="europe"
    )
    LeadAssignment.objects.create(lead=lead, partner=world.partner_a)
    offboarding = start(cam, world.partner_a)
    assert state(cam, offboarding, "leads").check.count == 1
    before = snapshot(lead)
    with pytest.raises(ValidationError):  # no routing rules are published yet: nothing changes
        step_run(actor=cam, offboarding=offboarding, key="leads")
    assert snapshot(lead) == before and not state(cam, offboarding, "leads").row.done
    ruleset = RoutingRuleSet.objects.create(version=1, status="published")
    RoutingRule.objects.create(ruleset=ruleset, position=1, name="Anyone", territory="any")
    message = step_run(actor=cam, offboarding=offboarding, key="leads")
    lead.refresh_from_db()
    assert lead.partner_id not in (None, world.partner_a.pk)
    assert message.startswith("Leads routed again: 1 (to other partners: 1")
    assert state(cam, offboarding, "leads").row.done
    assert LeadAssignment.objects.get(lead=lead, partner=world.partner_a).outcome == "withdrawn"


def test_the_final_payout_is_checked_against_the_ledger_and_paid_in_a_batch(world, cam):
    earn(world.partner_a)
    offboarding = start(cam, world.partner_a)
    payout = state(cam, offboarding, "payout")
    assert not payout.check.passed and payout.check.text == "Owed, not yet in a batch: 120.00 USD"
    assert payout.actions == ("done",)  # a CAM may not pay out; marking done needs a note
    with pytest.raises(ValidationError) as refused:
        step_done(actor=cam, offboarding=offboarding, key="payout")
    assert refused.value.error_dict["note"][0].code == "note_required"
    chief = world.actor(world.chief)
    with pytest.raises(PermissionDenied):  # the chief runs wind-downs, but does not pay out
        step_run(actor=chief, offboarding=offboarding, key="payout")
    ops = world.actor(world.ops)  # channel operations pays out
    assert state(ops, offboarding, "payout").actions == ("run",)
    message = step_run(actor=ops, offboarding=offboarding, key="payout")
    batch = PayoutBatch.objects.get()
    assert message == f"Payout batches made: #{batch.number}. Approve and pay them under Payouts."
    assert state(cam, offboarding, "payout").check.text == f"In payout batches not paid yet: #{batch.number}"
    assert not state(cam, offboarding, "payout").row.done  # not until it is paid
    batch_approve(actor=ops, batch=batch)
    batch_mark_paid(actor=ops, batch=PayoutBatch.objects.get(pk=batch.pk))
    paid = state(cam, offboarding, "payout")
    assert paid.check.passed and paid.check.text == "Nothing owed"
    step_done(actor=cam, offboarding=offboarding, key="payout")
    assert state(cam, offboarding, "payout").row.done


def test_a_balance_settled_outside_kanal_is_marked_done_with_a_note(world, cam):
    earn(world.partner_a, "50.00")
    offboarding = start(cam, world.partner_a)
    step_done(actor=cam, offboarding=offboarding, key="payout", note="Paid by bank transfer, ref 8812")
    row = state(cam, offboarding, "payout").row
    assert row.done and row.note == "Paid by bank transfer, ref 8812"


def test_content_access_ends_with_the_referral_links_switched_off(world, cam, chief):
    link = ReferralLink.objects.create(
        partner=world.partner_a, code="alpha001", name="Alpha's link", destination="/p/alpha/spring/"
    )
    offboarding = start(cam, world.partner_a)
    content = state(cam, offboarding, "content")
    assert content.check.count == 1 and "run" not in content.actions  # referrals' managers switch links off
    with pytest.raises(PermissionDenied):
        step_run(actor=cam, offboarding=offboarding, key="content")
    assert step_run(actor=chief, offboarding=offboarding, key="content") == "Referral links switched off: 1."
    link.refresh_from_db()
    assert not link.active and state(cam, offboarding, "content").row.done


def test_access_is_revoked_on_its_day_by_the_nightly_job_once(world, cam):
    offboarding = start(cam, world.partner_a, days=3)
    assert wind_down().revoked == 0
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.ACTIVE
    later = timezone.localdate() + timedelta(days=3)
    result = wind_down(today=later)
    assert (result.revoked, result.completed) == (1, 1)  # every other step had nothing to do
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.OFFBOARDED
    change = Event.objects.get(verb="partner.status_changed", partner=world.partner_a)
    assert (change.actor, change.note) == (None, "Stopped selling our range")
    access = state(cam, offboarding, "access")
    assert access.row.done and access.row.by_system
    offboarding.refresh_from_db()
    assert offboarding.status == OffboardingStatus.COMPLETED
    assert Event.objects.filter(verb="offboarding.completed").count() == 1
    again = wind_down(today=later)
    assert (again.revoked, again.steps_done, again.completed) == (0, 0, 0)
    assert Event.objects.filter(verb="partner.status_changed", partner=world.partner_a).count() == 1


def test_access_revoked_now_and_a_cancelled_wind_down_changes_no_more(world, cam):
    registration(world.partner_a, status="submitted")
    offboarding = start(cam, world.partner_a)
    assert step_run(actor=cam, offboarding=offboarding, key="access").endswith("its access is revoked.")
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.OFFBOARDED
    with pytest.raises(ValidationError):
        offboarding_cancel(actor=cam, offboarding=offboarding, reason="")
    offboarding_cancel(actor=cam, offboarding=offboarding, reason="They signed a new plan")
    offboarding.refresh_from_db()
    assert (offboarding.status, offboarding.cancel_reason) == ("cancelled", "They signed a new plan")
    before = snapshot(offboarding)
    with pytest.raises(ValidationError) as refused:
        step_run(actor=cam, offboarding=offboarding, key="registrations")
    assert refused.value.error_dict["status"][0].code == "offboarding_not_in_progress"
    assert snapshot(offboarding) == before
    assert wind_down().completed == 0  # a cancelled wind-down is left alone


def test_only_cams_and_the_chief_work_a_wind_down(world, cam):
    offboarding = start(cam, world.partner_a)
    for user in (world.ops, world.marketing):
        with pytest.raises(PermissionDenied):
            step_done(actor=world.actor(user), offboarding=offboarding, key="claims", note="x")
        with pytest.raises(PermissionDenied):
            offboarding_cancel(actor=world.actor(user), offboarding=offboarding, reason="x")
    with pytest.raises(ValidationError) as refused:
        step_done(actor=cam, offboarding=offboarding, key="claims")
    assert refused.value.error_dict["step"][0].code == "step_done"
