"""Clawbacks: a won deal reopened or refunded within the program's window gives back what it earned (a
partial refund in proportion); outside the window it keeps it, and when reopened and won again it never earns
twice. The per-registration detail adds up to what was booked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import DealRegistration
from deals.services import registration_close, registration_refund, registration_reopen
from incentives.detail import registration_shares, shares_of
from incentives.models import Accrual, EarningException
from incentives.tests.conftest import earned
from ledger.check import check_books
from ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(make_program):
    return make_program(rules=[{"basis": "percent", "rate": "10"}], clawback_days=30)


def _clawed(partner) -> Decimal:
    return sum(
        LedgerEntry.objects.filter(partner=partner, account=LedgerAccount.CLAWED_BACK).values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )


def test_reopened_inside_the_window_gives_back_what_it_earned(world, catalog, won, commission, run):
    first = won(lines=[(catalog["r1"], 3, "1000")])
    won(lines=[(catalog["r2"], 1, "500")])
    run()
    assert earned(world.partner_a) == Decimal("350.00")
    registration_reopen(actor=world.actor(world.ops), registration=first, reason="Order cancelled")
    assert earned(world.partner_a) == Decimal("50.00")
    assert _clawed(world.partner_a) == Decimal("-300.00")
    row = EarningException.objects.get(registration=first)
    assert (row.kind, row.trigger, row.earned, row.amount) == (
        "clawback",
        "reopened",
        Decimal("300.00"),
        Decimal("300.00"),
    )
    tx = LedgerTransaction.objects.get(kind="clawback")
    assert "reopened" in tx.description and tx.reason == "Order cancelled"
    # Won again: it earns again (what it earned before came back).
    first.refresh_from_db()
    registration_close(actor=world.actor(world.rep_a), registration=first, won=True, won_amount="2000")
    run()
    assert earned(world.partner_a) == Decimal("250.00")
    assert check_books().balanced


def test_reopened_after_the_window_keeps_it_and_never_earns_twice(world, catalog, won, commission, run):
    closed = timezone.now() - dt.timedelta(days=40)
    registration = won(lines=[(catalog["r1"], 1, "1000")], closed_at=closed)
    commission.starts_on = timezone.localdate() - dt.timedelta(days=60)
    commission.save()
    run()
    assert earned(world.partner_a) == Decimal("100.00")
    registration_reopen(actor=world.actor(world.cam), registration=registration, reason="Customer came back")
    assert earned(world.partner_a) == Decimal("100.00") and not LedgerTransaction.objects.filter(
        kind="clawback"
    )
    row = EarningException.objects.get(registration=registration)
    assert row.kind == "kept" and row.earned == Decimal("100.00")
    registration.refresh_from_db()
    registration_close(actor=world.actor(world.rep_a), registration=registration, won=True, won_amount="1000")
    run()
    assert earned(world.partner_a) == Decimal("100.00")  # not twice


def test_refunds_claw_back_in_proportion_within_the_window(world, catalog, won, commission, run):
    registration = won(lines=[(catalog["r1"], 4, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("400.00")
    ops = world.actor(world.ops)
    registration_refund(actor=ops, registration=registration, amount="1000", reason="One returned")
    assert earned(world.partner_a) == Decimal("300.00")
    registration_refund(actor=ops, registration=registration, amount="3000", reason="All returned")
    assert earned(world.partner_a) == Decimal("0.00")
    # Reopening after a full refund has nothing left to give back.
    registration.refresh_from_db()
    registration_reopen(actor=ops, registration=registration, reason="Cancelled")
    assert earned(world.partner_a) == Decimal("0.00")
    assert LedgerTransaction.objects.filter(kind="clawback").count() == 2
    assert check_books().balanced


def test_refund_outside_the_window_changes_nothing(world, catalog, won, commission, run):
    commission.starts_on = timezone.localdate() - dt.timedelta(days=60)
    commission.save()
    registration = won(lines=[(catalog["r1"], 1, "1000")], closed_at=timezone.now() - dt.timedelta(days=31))
    run()
    registration_refund(actor=world.actor(world.ops), registration=registration, amount="500", reason="Late")
    assert earned(world.partner_a) == Decimal("100.00")
    assert not EarningException.objects.exists()


def test_a_refund_before_the_accrual_waits_for_it(world, catalog, won, commission, run):
    registration = won(lines=[(catalog["r1"], 2, "1000")])
    registration_refund(actor=world.actor(world.ops), registration=registration, amount="500", reason="Early")
    assert EarningException.objects.get().kind == "pending"
    run()
    # 200 earned on the amount won, 50 (a quarter) given back at once.
    assert earned(world.partner_a) == Decimal("150.00")
    row = EarningException.objects.get()
    assert row.kind == "clawback" and row.amount == Decimal("50.00") and row.accrual is not None


def test_the_detail_adds_up_to_the_booking(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}], cap="100")
    regs = [won(lines=[(catalog["r1"], 1, "333.33")]) for _ in range(3)]
    run()
    accrual = Accrual.objects.get()
    assert accrual.amount == Decimal("99.99") or accrual.amount == Decimal("100.00")
    shares = shares_of([accrual])[accrual.pk]
    assert sum(s.amount for s in shares) == accrual.amount
    assert {s.registration_id for s in shares} == {r.pk for r in regs}
    # A reopened one keeps its recorded share; the rest still adds up.
    registration_reopen(actor=world.actor(world.ops), registration=regs[0], reason="x")
    shares = shares_of([accrual])[accrual.pk]
    assert sum(s.amount for s in shares) == accrual.amount
    assert [s.departed for s in shares].count(True) == 1
    assert registration_shares(DealRegistration.objects.get(pk=regs[1].pk))[0].amount > 0
