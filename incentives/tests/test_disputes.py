"""Disputes: a partner admin disputes an earning (or its absence) of one of the company's won registrations;
ops decide with a note — upheld books an adjustment (above the threshold, after the channel chief approves),
rejected books nothing. Refusals change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from incentives.models import Dispute
from incentives.rules import allowed_actions
from incentives.services import dispute_approve, dispute_decide, dispute_raise
from incentives.tests.conftest import earned
from ledger.models import ExchangeRate, LedgerTransaction, MoneySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute(world, catalog, won):
    registration = won(lines=[(catalog["r1"], 1, "1000")])
    return dispute_raise(
        actor=world.actor(world.admin_a),
        data={
            "kind": "missing",
            "registration_id": str(registration.public_id),
            "reason": "It should earn 5 %.",
        },
    )


def test_raise_and_reject(world, dispute):
    assert dispute.status == "open" and dispute.partner == world.partner_a
    assert Event.objects.filter(verb="incentive_dispute.raised").exists()
    decided = dispute_decide(
        actor=world.actor(world.ops), dispute=dispute, data={"uphold": False, "note": "Not in the program."}
    )
    assert decided.status == "rejected" and decided.decision_note == "Not in the program."
    assert not LedgerTransaction.objects.exists()
    assert allowed_actions(world.actor(world.ops), decided) == []


def test_upheld_books_an_adjustment(world, dispute):
    dispute_decide(
        actor=world.actor(world.ops),
        dispute=dispute,
        data={"uphold": True, "amount": "50", "currency": "USD", "note": "Right, sorry."},
    )
    dispute.refresh_from_db()
    assert dispute.status == "upheld" and dispute.transaction is not None
    assert dispute.transaction.kind == "adjustment" and "dispute" in dispute.transaction.description
    assert earned(world.partner_a) == Decimal("50.00")


def test_above_the_threshold_the_chief_approves(world, dispute):
    MoneySettings.objects.update_or_create(defaults={"chief_approval_threshold": "1000"})
    ExchangeRate.objects.create(
        currency="EUR",
        quote_currency="USD",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
        rate="1.2",
    )
    from ledger.selectors import forget_settings

    forget_settings()
    ops = world.actor(world.ops)
    # 900 EUR = 1080 USD: above the threshold, converted
    dispute_decide(
        actor=ops, dispute=dispute, data={"uphold": True, "amount": "900", "currency": "EUR", "note": "Owed."}
    )
    dispute.refresh_from_db()
    assert dispute.status == "awaiting_approval" and not LedgerTransaction.objects.exists()
    assert allowed_actions(world.actor(world.chief), dispute) == ["approve"]
    with pytest.raises(PermissionDenied):
        dispute_approve(actor=ops, dispute=dispute, data={"approve": True})
    dispute_approve(actor=world.actor(world.chief), dispute=dispute, data={"approve": True, "note": "Fine."})
    dispute.refresh_from_db()
    assert dispute.status == "upheld" and dispute.approved_by == world.chief
    assert earned(world.partner_a, "EUR") == Decimal("900.00")


def test_the_chief_may_send_it_back(world, dispute):
    MoneySettings.objects.update_or_create(defaults={"chief_approval_threshold": "10"})
    from ledger.selectors import forget_settings

    forget_settings()
    dispute_decide(
        actor=world.actor(world.ops), dispute=dispute, data={"uphold": True, "amount": "50", "note": "Owed."}
    )
    dispute_approve(
        actor=world.actor(world.chief), dispute=dispute, data={"approve": False, "note": "Too much."}
    )
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.adjustment_amount is None
    assert not LedgerTransaction.objects.exists()


def test_refusals_change_nothing(world, dispute, catalog, won):
    ops = world.actor(world.ops)
    before, events = snapshot(dispute), Event.objects.count()
    for data, field in (
        ({"uphold": True, "note": "x"}, "amount"),
        ({"uphold": False, "note": ""}, "note"),
    ):
        with pytest.raises(ValidationError) as refused:
            dispute_decide(actor=ops, dispute=dispute, data=data)
        assert field in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        dispute_decide(actor=world.actor(world.cam), dispute=dispute, data={"uphold": False, "note": "x"})
    with pytest.raises(ValidationError):
        dispute_approve(actor=world.actor(world.chief), dispute=dispute, data={"approve": True})
    assert snapshot(dispute) == before and Event.objects.count() == events
    # A rep, or another partner's registration: refused.
    theirs = won(world.partner_b, lines=[(catalog["r1"], 1, "1000")])
    with pytest.raises(PermissionDenied):
        dispute_raise(
            actor=world.actor(world.rep_a),
            data={"kind": "missing", "registration_id": str(theirs.public_id), "reason": "x"},
        )
    with pytest.raises(ValidationError) as refused:
        dispute_raise(
            actor=world.actor(world.admin_a),
            data={"kind": "missing", "registration_id": str(theirs.public_id), "reason": "x"},
        )
    assert refused.value.error_dict["registration_id"][0].code == "unknown_id"
    assert Dispute.objects.count() == 1


def test_reps_and_other_partners_do_not_see_disputes(world, dispute):
    assert not Dispute.objects.visible_to(world.actor(world.rep_a)).exists()
    assert not Dispute.objects.visible_to(world.actor(world.admin_b)).exists()
    assert Dispute.objects.visible_to(world.actor(world.admin_a)).get() == dispute
