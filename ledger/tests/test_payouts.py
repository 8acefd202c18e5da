"""Payout batches: what a batch takes, approval (and the chief above the threshold), export, marking paid
(booked once per line), cancelling (entries payable again), and every refusal changing nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.models import Event
from core.testing import snapshot
from ledger.check import check_books
from ledger.models import (
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    PayoutBatch,
    PayoutLine,
    PayoutStatus,
    Settlement,
    TransactionKind,
)
from ledger.payouts import batch_csv
from ledger.selectors import balances, batch_lines, payable_now
from ledger.services import (
    batch_approve,
    batch_cancel,
    batch_create,
    batch_export,
    batch_mark_paid,
    settings_update,
)
from ledger.tests.conftest import accrue, clawback, fund_claim

A = LedgerAccount
pytestmark = pytest.mark.django_db


def _ops(world):
    return world.actor(world.ops)


def _chief(world):
    return world.actor(world.chief)


def _payable(world, partner, currency="EUR"):
    found = balances(actor=_chief(world), partner=partner, accounts=[A.MDF_PAYABLE, A.EARNINGS_PAYABLE])
    return sum((amount for (_account, cur), amount in found.items() if cur == currency), Decimal("0.00"))


def test_a_batch_takes_each_partners_unsettled_payable_balance(world, rates):
    accrue(world.partner_a, "100.00")
    fund_claim(world.partner_a, "40.00")
    accrue(world.partner_b, "30.00")
    clawback(world.partner_b, "50.00")  # owes 20: not paid, waits
    accrue(world.partner_a, "999.00", currency="GBP")  # another currency: another batch
    batch = batch_create(actor=_ops(world), data={"currency": "EUR"})
    assert (batch.status, batch.currency, batch.total, batch.reference) == (
        "open",
        "EUR",
        Decimal("140.00"),
        "PB-00001",
    )
    (line,) = batch.lines.all()
    assert (line.partner, line.amount, line.mdf_amount, line.earnings_amount) == (
        world.partner_a,
        Decimal("140.00"),
        Decimal("40.00"),
        Decimal("100.00"),
    )
    assert line.entry_count == 2 == Settlement.objects.filter(line=line).count()
    event = Event.objects.get(verb="payout_batch.created")
    assert event.after == {"currency": "EUR", "total": "140.00", "partners": 1, "held_back": 1}
    # Partner B's entries are not held by the batch: they wait, netted, for a later one.
    assert not Settlement.objects.filter(entry__partner=world.partner_b).exists()
    assert [(p.currency, p.total, p.partners) for p in payable_now(actor=_ops(world))] == [
        ("GBP", Decimal("999.00"), 1)
    ]


def test_nothing_payable_is_refused_and_writes_nothing(world):
    accrue(world.partner_b, "10.00")
    clawback(world.partner_b, "25.00")
    with pytest.raises(ValidationError) as refused:
        batch_create(actor=_ops(world), data={"currency": "EUR"})
    assert refused.value.error_dict["currency"][0].code == "nothing_payable"
    assert not PayoutBatch.objects.exists() and not Settlement.objects.exists()
    assert not Event.objects.filter(verb__startswith="payout_batch").exists()


def test_a_batch_for_chosen_partners_takes_only_theirs(world):
    accrue(world.partner_a, "100.00")
    accrue(world.partner_b, "70.00")
    batch = batch_create(actor=_ops(world), data={"currency": "EUR", "partners": [world.partner_b.public_id]})
    assert [line.partner for line in batch.lines.all()] == [world.partner_b]
    second = batch_create(actor=_ops(world), data={"currency": "EUR"})  # the rest: partner A's
    assert [line.partner for line in second.lines.all()] == [world.partner_a]


def test_two_batches_never_take_the_same_entries(world):
    accrue(world.partner_a, "100.00")
    batch_create(actor=_ops(world), data={"currency": "EUR"})
    with pytest.raises(ValidationError) as refused:
        batch_create(actor=_ops(world), data={"currency": "EUR"})
    assert refused.value.error_dict["currency"][0].code == "nothing_payable"
    assert PayoutBatch.objects.count() == 1


def test_approve_export_and_mark_paid_books_the_payouts_once(world, rates):
    accrue(world.partner_a, "100.00")
    accrue(world.partner_a, "25.00", person=world.rep_a, description="SPIFF")
    fund_claim(world.partner_a, "40.00")
    accrue(world.partner_b, "60.00")
    clawback(world.partner_b, "10.00")
    ops = _ops(world)
    batch = batch_create(actor=ops, data={"currency": "EUR"})
    assert batch.total == Decimal("215.00")
    batch = batch_approve(actor=ops, batch=batch)
    assert (batch.status, batch.approved_by) == ("approved", world.ops)
    batch = batch_export(actor=ops, batch=batch)
    exported_at = batch.exported_at
    assert exported_at is not None
    batch = batch_export(actor=ops, batch=batch)  # again: the same lines, the first export kept
    assert batch.exported_at == exported_at
    assert Event.objects.filter(verb="payout_batch.exported").count() == 1
    rows = batch_csv(batch, batch_lines(actor=ops, batch=batch)).splitlines()
    assert rows[0].startswith("batch,line_id,partner_id,partner,legal_name,tax_id,email")
    assert any("Alpha Systems" in row and ",165.00,40.00,125.00," in row for row in rows)
    assert any("Bravo Trading" in row and ",50.00,0.00,50.00," in row for row in rows)

    batch = batch_mark_paid(actor=ops, batch=batch)
    assert batch.status == "paid" and batch.paid_by == world.ops
    payouts = LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT)
    assert payouts.count() == 2
    line_a = PayoutLine.objects.get(batch=batch, partner=world.partner_a)
    assert line_a.transaction.key == f"payout:{line_a.public_id}"
    assert _payable(world, world.partner_a) == 0 and _payable(world, world.partner_b) == 0
    staff = _chief(world)
    assert balances(actor=staff, partner=world.partner_a, accounts=[A.PAID]) == {
        (A.PAID, "EUR"): Decimal("165.00")
    }
    # The rep's own SPIFF stays theirs when paid: their payable is empty, their paid shows it.
    rep = world.actor(world.rep_a)
    assert balances(actor=rep) == {
        (A.EARNINGS_PAYABLE, "EUR"): Decimal("0.00"),
        (A.PAID, "EUR"): Decimal("25.00"),
    }
    # Every payable entry is settled once, the payouts' own legs too: nothing is payable again.
    payable_ids = LedgerEntry.objects.filter(account__in=[A.MDF_PAYABLE, A.EARNINGS_PAYABLE]).values_list(
        "pk", flat=True
    )
    assert set(Settlement.objects.values_list("entry_id", flat=True)) == set(payable_ids)
    assert payable_now(actor=ops) == []
    with pytest.raises(ValidationError):
        batch_create(actor=ops, data={"currency": "EUR"})
    assert check_books().balanced
    # Marking paid again is refused and books nothing.
    with pytest.raises(ValidationError) as refused:
        batch_mark_paid(actor=ops, batch=batch)
    assert refused.value.error_dict["status"][0].code == "payout_batch_state"
    assert payouts.count() == 2


def test_later_earnings_and_a_reversed_payout_are_payable_again(world, rates):
    from ledger.services import transaction_reverse

    accrue(world.partner_a, "100.00")
    ops = _ops(world)
    first = batch_mark_paid(
        actor=ops, batch=batch_approve(actor=ops, batch=batch_create(actor=ops, data={"currency": "EUR"}))
    )
    accrue(world.partner_a, "30.00")
    payout = first.lines.get().transaction
    transaction_reverse(
        actor=world.actor(world.chief), ledger_transaction=payout, data={"reason": "The bank returned it"}
    )
    second = batch_create(actor=ops, data={"currency": "EUR"})
    assert second.total == Decimal("130.00")  # the new earnings and the returned payment, nothing twice


def test_cancelling_frees_the_entries_for_the_next_batch(world):
    accrue(world.partner_a, "100.00")
    ops = _ops(world)
    batch = batch_create(actor=ops, data={"currency": "EUR"})
    batch = batch_cancel(actor=ops, batch=batch)
    assert batch.status == "cancelled" and batch.cancelled_by == world.ops
    assert not Settlement.objects.filter(released_at__isnull=True).exists()
    assert Settlement.objects.filter(line__batch=batch).count() == 1  # kept, released: the history stays
    again = batch_create(actor=ops, data={"currency": "EUR"})
    assert again.total == Decimal("100.00") and again.number == batch.number + 1


def test_above_the_threshold_the_chief_approves_too(world, rates):
    settings_update(actor=_chief(world), data={"chief_approval_threshold": "1000.00"})
    accrue(world.partner_a, "950.00")  # 1,045 USD at 1.10: above 1,000 USD
    ops = _ops(world)
    batch = batch_approve(actor=ops, batch=batch_create(actor=ops, data={"currency": "EUR"}))
    assert batch.status == "awaiting_chief"
    before = snapshot(batch)
    with pytest.raises(ValidationError) as refused:
        batch_approve(actor=ops, batch=batch)
    assert refused.value.error_dict["status"][0].code == "chief_approval_needed"
    with pytest.raises(ValidationError):
        batch_mark_paid(actor=ops, batch=batch)
    assert snapshot(batch) == before
    batch = batch_approve(actor=_chief(world), batch=batch)
    assert (batch.status, batch.chief_approved_by) == ("approved", world.chief)
    assert batch_mark_paid(actor=ops, batch=batch).status == "paid"


def test_without_a_rate_to_tell_the_chief_approves(world):
    settings_update(actor=_chief(world), data={"chief_approval_threshold": "1000000.00"})
    accrue(world.partner_a, "5.00", currency="KZT")  # no KZT rate: the threshold cannot be shown to hold
    ops = _ops(world)
    batch = batch_approve(actor=ops, batch=batch_create(actor=ops, data={"currency": "KZT"}))
    assert batch.status == "awaiting_chief"


def test_below_the_threshold_operations_approve_alone_and_the_chief_may_too(world, rates):
    accrue(world.partner_a, "10.00")
    accrue(world.partner_b, "10.00", currency="GBP")
    ops = _ops(world)
    assert (
        batch_approve(actor=ops, batch=batch_create(actor=ops, data={"currency": "EUR"})).status == "approved"
    )
    by_chief = batch_approve(actor=_chief(world), batch=batch_create(actor=ops, data={"currency": "GBP"}))
    assert (by_chief.status, by_chief.chief_approved_by) == ("approved", None)


@pytest.mark.parametrize("who", ["cam", "marketing", "admin_a", "rep_a"])
def test_only_operations_create_and_run_batches(world, who):
    accrue(world.partner_a, "100.00")
    actor = world.actor(getattr(world, who))
    with pytest.raises(PermissionDenied):
        batch_create(actor=actor, data={"currency": "EUR"})
    batch = batch_create(actor=_ops(world), data={"currency": "EUR"})
    before = snapshot(batch)
    for step in (batch_approve, batch_cancel, batch_export, batch_mark_paid):
        with pytest.raises((PermissionDenied, Http404)):  # staff: not their role; partners: not in scope
            step(actor=actor, batch=batch)
    assert snapshot(batch) == before
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT).exists()
    assert Event.objects.filter(verb__startswith="payout_batch").count() == 1


def test_the_chief_approves_but_does_not_pay(world):
    accrue(world.partner_a, "100.00")
    batch = batch_create(actor=_ops(world), data={"currency": "EUR"})
    chief = _chief(world)
    batch = batch_approve(actor=chief, batch=batch)
    with pytest.raises(PermissionDenied):
        batch_mark_paid(actor=chief, batch=batch)
    assert PayoutBatch.objects.get().status == PayoutStatus.APPROVED


@pytest.mark.parametrize("status", ["approved", "paid", "cancelled"])
def test_a_batch_past_review_is_not_cancelled(world, rates, status):
    accrue(world.partner_a, "100.00")
    ops = _ops(world)
    batch = batch_create(actor=ops, data={"currency": "EUR"})
    if status == "cancelled":
        batch = batch_cancel(actor=ops, batch=batch)
    else:
        batch = batch_approve(actor=ops, batch=batch)
        if status == "paid":
            batch = batch_mark_paid(actor=ops, batch=batch)
    before = snapshot(batch)
    live = Settlement.objects.filter(released_at__isnull=True).count()
    with pytest.raises(ValidationError) as refused:
        batch_cancel(actor=ops, batch=batch)
    assert refused.value.error_dict["status"][0].code == "payout_batch_state"
    assert snapshot(batch) == before
    assert Settlement.objects.filter(released_at__isnull=True).count() == live


def test_a_partner_never_sees_a_batch(world):
    from ledger.selectors import batch_get

    accrue(world.partner_a, "100.00")
    batch = batch_create(actor=_ops(world), data={"currency": "EUR"})
    with pytest.raises(Http404):
        batch_get(actor=world.actor(world.admin_a), public_id=batch.public_id)
