"""Accrual runs started at the same instant (real threads, each with its own database connection) book each
earning once: the program's row lock makes them take turns, and the second finds the watermark moved."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.testing import build_world
from catalog.models import Product, ProductFamily
from core.actor import system_actor
from deals.models import DealLine, DealRegistration
from incentives.accrual import run_accrual
from incentives.services import program_activate, program_create, rule_add
from incentives.tests.conftest import earned
from ledger.check import check_books
from ledger.models import LedgerTransaction

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 4


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite lets one writer in at a time)")


def race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait()
            started = time.perf_counter()
            results[index] = (call(), started, time.perf_counter())
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_parallel_runs_book_each_earning_once():
    world = build_world()
    family = ProductFamily.objects.create(name="Bikes")
    product = Product.objects.create(sku="B-1", name="Bike", family=family, list_price="100.00")
    ops = world.actor(world.ops)
    program = program_create(
        actor=ops,
        data={"name_en": "Race", "currency": "USD", "starts_on": timezone.localdate().isoformat()},
    )
    rule_add(actor=ops, program=program, data={"basis": "percent", "rate": "10"})
    program_activate(actor=ops, program=program)
    for partner in (world.partner_a, world.partner_b, world.distributor):
        for n in range(5):
            registration = DealRegistration.objects.create(
                partner=partner,
                customer_name=f"{partner.name} {n}",
                status="won",
                amount="100.00",
                won_amount="100.00",
                closed_at=timezone.now(),
            )
            DealLine.objects.create(
                registration=registration, product=product, quantity=1, unit_price="100.00"
            )
    cutoff = timezone.now()
    results = race([lambda: run_accrual(actor=system_actor(), cutoff=cutoff) for _ in range(RUNS)])
    assert max(r[1] for r in results) < min(r[2] for r in results), "the runs did not overlap"
    assert sorted(r[0].booked for r in results) == [0] * (RUNS - 1) + [3]
    assert LedgerTransaction.objects.filter(kind="accrual").count() == 3
    for partner in (world.partner_a, world.partner_b, world.distributor):
        assert earned(partner) == Decimal("50.00")
    assert check_books().balanced
