"""Two payout batches made at the same instant never take the same entry: the database's unique index on live
settlements lets one of them have each entry, and the other is refused whole. Real requests on parallel
threads, each with its own connection (PostgreSQL; SQLite lets one writer in at a time)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from accounts.services import api_token_create
from accounts.testing import build_world
from core.actor import build_actor
from ledger import services
from ledger.models import PayoutBatch, Settlement
from ledger.tests.conftest import accrue

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL")


def client_for(user) -> Client:
    _token, raw = api_token_create(actor=build_actor(user), name="race")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def race(calls):
    """Run the calls at the same instant: [(result, started, finished)] in call order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            started = time.perf_counter()
            outcome = call()
            results[index] = (outcome, started, time.perf_counter())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _no_entry_settled_twice():
    live = list(Settlement.objects.filter(released_at__isnull=True).values_list("entry_id", flat=True))
    assert len(live) == len(set(live))


def test_parallel_requests_make_one_batch_of_the_entries():
    world = build_world()
    ops, ops_too, chief = client_for(world.ops), client_for(world.ops), client_for(world.chief)
    for round_ in range(ROUNDS):
        accrue(world.partner_a, f"{100 + round_}.00")
        accrue(world.partner_b, "50.00")
        answers = race(
            [
                lambda c=ops: c.post(
                    "/api/ledger/payouts", {"currency": "EUR"}, content_type="application/json"
                ),
                lambda c=ops_too: c.post(
                    "/api/ledger/payouts", {"currency": "EUR"}, content_type="application/json"
                ),
            ]
        )
        statuses = sorted(answer[0].status_code for answer in answers)
        assert statuses == [201, 422], [a[0].content for a in answers]
        refused = next(a[0] for a in answers if a[0].status_code == 422).json()
        assert refused["errors"][0]["code"] in ("entries_taken", "nothing_payable")
        _no_entry_settled_twice()
        made = PayoutBatch.objects.order_by("-number").first()
        assert made.total == Decimal(f"{150 + round_}.00")
        # Paying the batch twice at once books it once.
        assert chief.post(f"/api/ledger/payouts/{made.public_id}/approve").status_code == 200
        url = f"/api/ledger/payouts/{made.public_id}/paid"
        paid = race([lambda c=ops, u=url: c.post(u), lambda c=ops_too, u=url: c.post(u)])
        assert sorted(p[0].status_code for p in paid) == [200, 422]
    assert PayoutBatch.objects.count() == ROUNDS
    from ledger.check import check_books

    assert check_books().balanced


def test_the_unique_index_refuses_the_second_batch_whatever_the_timing(monkeypatch):
    """Batch one has inserted its settlements and waits before committing; batch two read the same entries
    meanwhile. Its insert waits for batch one and is then refused: no entry is settled twice."""
    world = build_world()
    accrue(world.partner_a, "100.00")
    ops = world.actor(world.ops)
    read_both = threading.Barrier(2)
    original = services.unsettled_payables

    def unsettled_after_both_read(**kwargs):
        rows = list(original(**kwargs).values_list("pk", "partner_id", "account", "amount"))
        read_both.wait(timeout=20)  # both have read the same unsettled entries

        class Rows(list):
            def values_list(self, *names):
                return self

        return Rows(rows)

    monkeypatch.setattr(services, "unsettled_payables", unsettled_after_both_read)
    outcomes = race(
        [
            lambda: _try(lambda: services.batch_create(actor=ops, data={"currency": "EUR"})),
            lambda: _try(lambda: services.batch_create(actor=ops, data={"currency": "EUR"})),
        ]
    )
    results = [o[0] for o in outcomes]
    made = [r for r in results if isinstance(r, PayoutBatch)]
    refused = [r for r in results if not isinstance(r, PayoutBatch)]
    assert len(made) == 1 and len(refused) == 1
    assert refused[0].error_dict["currency"][0].code == "entries_taken"
    assert PayoutBatch.objects.count() == 1
    _no_entry_settled_twice()
    assert Settlement.objects.count() == 1


def _try(call):
    from django.core.exceptions import ValidationError

    try:
        return call()
    except ValidationError as refused:
        return refused
