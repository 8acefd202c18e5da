"""Currencies: earnings stay in each registration's currency (a balance per currency); tiers, caps and fixed
amounts are in the program's currency, converted at the exchange rates; without a rate the program waits
(its watermark stays) and the run says why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.actor import system_actor
from incentives.models import Accrual, IncentiveProgram
from incentives.tests.conftest import earned
from ledger.models import ExchangeRate, LedgerTransaction
from ledger.selectors import balances

pytestmark = pytest.mark.django_db


@pytest.fixture
def eur_rate(db):
    return ExchangeRate.objects.create(
        currency="EUR",
        quote_currency="USD",
        valid_from=timezone.localdate() - dt.timedelta(days=30),
        rate="1.10",
    )


def test_each_currency_earns_in_its_own(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 1, "1000")])
    won(lines=[(catalog["e1"], 2, "1000")], currency="EUR")
    run()
    assert earned(world.partner_a, "USD") == Decimal("100.00")
    assert earned(world.partner_a, "EUR") == Decimal("200.00")
    assert LedgerTransaction.objects.filter(kind="accrual").count() == 2  # one per currency
    owed = balances(actor=world.actor(world.admin_a), partner=world.partner_a, accounts=["earnings_payable"])
    assert owed == {
        ("earnings_payable", "USD"): Decimal("100.00"),
        ("earnings_payable", "EUR"): Decimal("200.00"),
    }


def test_a_missing_rate_holds_the_program_back(world, catalog, won, make_program, run):
    program = make_program(rules=[{"basis": "percent"}], tiers=[(0, 5)])
    won(lines=[(catalog["e1"], 1, "1000")], currency="EUR")
    result = run()
    assert result.booked == 0 and "EUR" in result.problems[0]["message"]
    program.refresh_from_db()
    assert program.accrued_until is None  # tried again next time
    ExchangeRate.objects.create(
        currency="EUR",
        quote_currency="USD",
        valid_from=timezone.localdate() - dt.timedelta(days=3),
        rate="1.10",
    )
    assert run().booked == 1
    assert earned(world.partner_a, "EUR") == Decimal("50.00")


def test_tiers_count_the_volume_converted_into_the_program_currency(
    world, catalog, won, make_program, run, eur_rate
):
    make_program(rules=[{"basis": "percent"}], tiers=[(0, 1), (10000, 10)])
    # 10,000 EUR = 11,000 USD: 10,000 USD at 1 %, 1,000 USD at 10 % → 200 USD of 11,000: 1/55 of the volume
    won(lines=[(catalog["e1"], 10, "1000")], currency="EUR")
    run()
    assert earned(world.partner_a, "EUR") == Decimal("181.82")  # 10,000 EUR × 200/11,000
    accrual = Accrual.objects.get()
    assert accrual.volume == Decimal("11000.00") and accrual.rate_to_program == Decimal("1.1")


def test_the_cap_is_in_the_program_currency(world, catalog, won, make_program, run, eur_rate):
    make_program(rules=[{"basis": "percent", "rate": "10"}], cap="110")
    won(lines=[(catalog["e1"], 2, "1000")], currency="EUR")  # 200 EUR = 220 USD, capped at 110 USD = 100 EUR
    run()
    assert earned(world.partner_a, "EUR") == Decimal("100.00")


def test_fixed_amounts_are_converted_into_the_deal_currency(world, catalog, won, make_program, run, eur_rate):
    make_program(rules=[{"basis": "fixed_deal", "amount": "110"}])
    won(lines=[(catalog["e1"], 1, "1000")], currency="EUR")
    run()
    assert earned(world.partner_a, "EUR") == Decimal("100.00")


def test_parallel_runs_are_serialised_by_the_program_lock(world, catalog, won, make_program):
    """Two runs one after the other with the same cutoff: the second finds the watermark there."""
    from incentives.accrual import run_accrual

    make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 1, "1000")])
    cutoff = timezone.now()
    assert run_accrual(actor=system_actor(), cutoff=cutoff).booked == 1
    assert run_accrual(actor=system_actor(), cutoff=cutoff).booked == 0
    assert IncentiveProgram.objects.get().accrued_until == cutoff
