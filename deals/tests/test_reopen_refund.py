"""Correcting a won deal: reopening it (won → approved, protected again) and recording refunds, by staff
with a reason; through the services, the generated API operations and the page's forms. A refusal changes
nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.events import subscribe, unsubscribe
from core.models import Event
from core.testing import error_codes, snapshot
from deals.models import DealRegistration
from deals.rules import allowed_actions
from deals.services import registration_close, registration_refund, registration_reopen

pytestmark = pytest.mark.django_db

S = DealRegistration.Status


@pytest.fixture
def won(world, approved):
    return registration_close(
        actor=world.actor(world.rep_a), registration=approved, won=True, won_amount="3000"
    )


def test_reopen_makes_a_won_deal_approved_and_protected_again(world, won):
    closed_at = won.closed_at
    reopened = registration_reopen(actor=world.actor(world.ops), registration=won, reason="Order cancelled")
    reopened.refresh_from_db()
    assert reopened.status == S.APPROVED
    assert reopened.won_amount is None and reopened.closed_at is None
    assert reopened.protected_until > timezone.localdate()
    event = Event.objects.get(verb="deal_registration.reopened")
    assert event.before["status"] == "won" and event.before["won_amount"] == "3000.00"
    assert event.before["closed_at"] == closed_at.isoformat()
    assert event.after["reason"] == "Order cancelled" and event.partner == world.partner_a
    # It may be closed again.
    assert "close" in allowed_actions(world.actor(world.rep_a), reopened)
    again = registration_close(
        actor=world.actor(world.rep_a), registration=reopened, won=True, won_amount="10"
    )
    assert again.status == S.WON and again.won_amount == Decimal("10.00")


def test_subscribers_read_the_registration_as_it_was_closed(world, won):
    seen = []

    def handler(event):
        seen.append(DealRegistration.objects.values_list("status", "won_amount").get(pk=event.target_id))

    subscribe("deal_registration.reopened", handler)
    try:
        registration_reopen(actor=world.actor(world.cam), registration=won, reason="Cancelled")
    finally:
        unsubscribe("deal_registration.reopened", handler)
    assert seen == [("won", Decimal("3000.00"))]


def test_refunds_add_up_to_the_amount_won(world, won):
    ops = world.actor(world.ops)
    registration_refund(actor=ops, registration=won, amount="1000", reason="Two bikes returned")
    won.refresh_from_db()
    assert won.status == S.WON and won.refunded_amount == Decimal("1000.00")
    event = Event.objects.get(verb="deal_registration.refunded")
    assert event.after == {"refunded_amount": "1000.00", "refund": "1000.00", "reason": "Two bikes returned"}
    before = snapshot(won)
    with pytest.raises(ValidationError) as refused:
        registration_refund(actor=ops, registration=won, amount="2000.01", reason="Too much")
    assert refused.value.error_dict["amount"][0].code == "refund_too_large"
    assert snapshot(won) == before
    registration_refund(actor=ops, registration=won, amount="2000", reason="The rest")
    won.refresh_from_db()
    assert won.refunded_amount == Decimal("3000.00")
    assert "refund" not in allowed_actions(ops, won) and "reopen" in allowed_actions(ops, won)
    # Reopening clears the refunds of that close.
    registration_reopen(actor=ops, registration=won, reason="Customer came back")
    won.refresh_from_db()
    assert won.refunded_amount == 0


@pytest.mark.parametrize("who", ["rep_a", "admin_a", "marketing"])
def test_partners_and_marketing_may_not_correct(world, won, who):
    actor = world.actor(getattr(world, who))
    assert not {"reopen", "refund"} & set(allowed_actions(actor, won))
    before, events = snapshot(won), Event.objects.count()
    for call in (
        lambda: registration_reopen(actor=actor, registration=won, reason="x"),
        lambda: registration_refund(actor=actor, registration=won, amount="1", reason="x"),
    ):
        with pytest.raises((PermissionDenied, ValidationError)):
            call()
    assert snapshot(won) == before and Event.objects.count() == events


def test_only_won_deals_are_corrected_and_a_reason_is_needed(world, approved, won):
    ops = world.actor(world.ops)
    other = DealRegistration.objects.create(partner=world.partner_a, status=S.APPROVED, amount="5")
    before = snapshot(other)
    with pytest.raises(ValidationError) as refused:
        registration_reopen(actor=ops, registration=other, reason="x")
    assert refused.value.error_dict["status"][0].code == "not_won"
    with pytest.raises(ValidationError) as refused:
        registration_refund(actor=ops, registration=other, amount="1", reason="x")
    assert snapshot(other) == before
    before = snapshot(won)
    for call, field in (
        (lambda: registration_reopen(actor=ops, registration=won, reason="  "), "reason"),
        (lambda: registration_refund(actor=ops, registration=won, amount="1", reason=""), "reason"),
        (lambda: registration_refund(actor=ops, registration=won, amount="0", reason="x"), "amount"),
        (lambda: registration_refund(actor=ops, registration=won, amount="-3", reason="x"), "amount"),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert field in refused.value.error_dict
    assert snapshot(won) == before
    assert not Event.objects.filter(verb__in=["deal_registration.reopened", "deal_registration.refunded"])


def test_api_operations(world, api_client, won):
    ops = api_client(world.ops)
    url = f"/api/deals/registrations/{won.public_id}"
    refunded = ops.post(
        f"{url}/refund", {"amount": "500", "reason": "Returned"}, content_type="application/json"
    )
    assert refunded.status_code == 200, refunded.content
    assert refunded.json()["refunded_amount"] == "500.00" and "reopen" in refunded.json()["actions"]
    too_much = ops.post(f"{url}/refund", {"amount": "9999", "reason": "x"}, content_type="application/json")
    assert too_much.status_code == 422 and error_codes(too_much) == {"amount": "refund_too_large"}
    missing = ops.post(f"{url}/reopen", {}, content_type="application/json")
    assert missing.status_code == 422
    reopened = ops.post(f"{url}/reopen", {"reason": "Cancelled"}, content_type="application/json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "approved"
    rep = api_client(world.rep_a)
    assert rep.post(f"{url}/reopen", {"reason": "x"}, content_type="application/json").status_code == 403


def test_page_buttons_and_forms(world, login, won):
    page = login(world.ops).get(f"/deals/{won.public_id}/")
    assert b'id="correction"' in page.content
    assert f"/deals/{won.public_id}/reopen/".encode() in page.content
    assert b'id="correction"' not in login(world.rep_a).get(f"/deals/{won.public_id}/").content
    refused = login(world.ops).post(f"/deals/{won.public_id}/refund/", {"amount": "99999", "reason": "x"})
    assert refused.status_code == 200 and "left to refund" in refused.content.decode()
    done = login(world.ops).post(f"/deals/{won.public_id}/reopen/", {"reason": "Cancelled"})
    assert done.status_code == 302
    won.refresh_from_db()
    assert won.status == S.APPROVED
