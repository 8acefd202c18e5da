"""Fixtures of the incentives tests: a catalogue of two families, won registrations made directly (the close
time chosen), programs made through the services, and an accrual run up to now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Product, ProductFamily
from core.actor import system_actor
from deals.models import DealLine, DealRegistration
from incentives.accrual import run_accrual
from incentives.services import program_activate, program_create, rule_add
from ledger.selectors import forget_settings


@pytest.fixture(autouse=True)
def _fresh_money_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.fixture
def catalog(db):
    road = ProductFamily.objects.create(name="Road bikes")
    city = ProductFamily.objects.create(name="City bikes")

    def make(sku, family, price, currency="USD"):
        return Product.objects.create(sku=sku, name=sku, family=family, list_price=price, currency=currency)

    return {
        "road": road,
        "city": city,
        "r1": make("R-1", road, "1000.00"),
        "r2": make("R-2", road, "500.00"),
        "c1": make("C-1", city, "200.00"),
        "e1": make("E-1", road, "1000.00", currency="EUR"),
    }


@pytest.fixture
def won(world):
    """won(partner, [(product, quantity, unit price)], won_amount=, closed_at=, …) -> a won registration."""

    def make(partner=None, lines=(), *, won_amount=None, currency="USD", closed_at=None, by=None, lead=None):
        partner = partner or world.partner_a
        amount = sum((Decimal(str(price)) * qty for _p, qty, price in lines), Decimal(0))
        registration = DealRegistration.objects.create(
            partner=partner,
            registered_by=by or (world.rep_a if partner == world.partner_a else None),
            customer_name=f"Customer {DealRegistration.objects.count() + 1}",
            status="won",
            amount=amount,
            won_amount=Decimal(str(won_amount)) if won_amount is not None else amount,
            currency=currency,
            closed_at=closed_at or timezone.now(),
        )
        for product, quantity, price in lines:
            DealLine.objects.create(
                registration=registration, product=product, quantity=quantity, unit_price=Decimal(str(price))
            )
        if lead is not None:
            lead.registration = registration
            lead.save(update_fields=["registration"])
        return registration

    return make


@pytest.fixture
def make_program(world):
    """make_program(rules=[{...}], tiers=[(from, rate)], activate=True, **fields) -> an active program."""

    def make(*, rules=(), tiers=(), activate=True, **fields):
        ops = world.actor(world.ops)
        data = {
            "name_en": fields.pop("name_en", "Partner commission"),
            "kind": "commission",
            "currency": "USD",
            "starts_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
            "period": "quarter",
            "clawback_days": 90,
        } | fields
        data["volume_tiers"] = [{"from_amount": str(f), "rate": str(r)} for f, r in tiers]
        program = program_create(actor=ops, data=data)
        for rule in rules:
            rule_add(actor=ops, program=program, data=rule)
        if activate:
            program = program_activate(actor=ops, program=program)
        return program

    return make


@pytest.fixture
def run():
    """Accrue every live program up to now (past the lag)."""

    def accrue(cutoff=None):
        return run_accrual(actor=system_actor(), cutoff=cutoff or timezone.now())

    return accrue


def earned(partner, currency="USD", person=None) -> Decimal:
    """The partner's earnings payable in `currency` (a person's own, for a SPIFF)."""
    from ledger.models import LedgerAccount, LedgerEntry

    entries = LedgerEntry.objects.filter(
        partner=partner, account=LedgerAccount.EARNINGS_PAYABLE, currency=currency
    )
    if person is not None:
        entries = entries.filter(person=person)
    return -sum(entries.values_list("amount", flat=True), Decimal(0))
