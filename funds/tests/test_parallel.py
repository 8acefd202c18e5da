"""Truly parallel requests on PostgreSQL (each thread its own connection, started together at a barrier): two
approvals of one claim book it once, and two approvals of requests that together exceed what a partner has
available commit only what is there."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from accounts.services import api_token_create
from accounts.testing import build_world
from core.actor import build_actor
from funds.models import ClaimDuplicate, FundClaim, FundRequest
from funds.services import request_create
from funds.testing import allocate, approved_request, claim_for, request_values, this_period_budget
from ledger.check import check_books
from ledger.models import LedgerAccount, LedgerTransaction
from ledger.selectors import balance

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite lets one writer in at a time)")


def client_for(user) -> Client:
    _token, raw = api_token_create(actor=build_actor(user), name="race")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def race(calls):
    """Run the calls at the same instant; [(status, started, finished, response)] in call order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            started = time.perf_counter()
            response = call()
            results[index] = (response.status_code, started, time.perf_counter(), response)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def overlapped(results) -> bool:
    return max(r[1] for r in results) < min(r[2] for r in results)


def _post(client, url, body="{}"):
    return lambda: client.post(url, body, content_type="application/json")


def test_two_approvals_of_one_claim_book_it_once():
    world = build_world()
    marketing = build_actor(world.marketing)
    admin = build_actor(world.admin_a)
    allocate(marketing, this_period_budget(marketing), world.partner_a, "20000.00")
    deciders = [client_for(world.marketing), client_for(world.chief)]
    for round_ in range(ROUNDS):
        request = approved_request(admin, marketing, title=f"Race {round_}")
        claim = claim_for(
            admin,
            request,
            marker=f"race{round_}",
            amount=f"{2500 + round_}.00",
            invoice_number=f"RACE-{round_}",
        )
        url = f"/api/funds/claims/{claim.public_id}/approve"
        results = race([_post(c, url) for c in deciders])
        assert sorted(r[0] for r in results) == [200, 422], (
            round_,
            [r[3].content for r in results],
            list(ClaimDuplicate.objects.values_list("reason", "detail")),
        )
        assert overlapped(results), "the two approvals did not run at the same time"
        loser = next(r for r in results if r[0] == 422)[3].json()
        assert loser["errors"][0]["code"] == "fund_wrong_state"
        assert LedgerTransaction.objects.filter(key=f"fund-claim:{claim.public_id}:approved").count() == 1
        assert LedgerTransaction.objects.filter(key=f"fund-claim:{claim.public_id}:released").count() == 1
        assert FundClaim.objects.get(pk=claim.pk).status == "approved"
    payable = balance(
        actor=marketing, partner=world.partner_a, account=LedgerAccount.MDF_PAYABLE, currency="USD"
    )
    assert payable == sum(Decimal(2500 + r) for r in range(ROUNDS))
    assert check_books().balanced


def test_requests_approved_at_once_commit_no_more_than_is_available():
    world = build_world()
    marketing = build_actor(world.marketing)
    admin = build_actor(world.admin_a)
    budget = this_period_budget(marketing)
    allocate(marketing, budget, world.partner_a, "1000.00")
    deciders = [client_for(world.marketing), client_for(world.chief)]
    for round_ in range(ROUNDS):
        requests = [
            request_create(
                actor=admin, data=request_values(title=f"Race {round_}/{i}", amount="600.00", cost="600.00")
            )
            for i in range(2)
        ]
        results = race(
            [
                _post(c, f"/api/funds/requests/{r.public_id}/approve")
                for c, r in zip(deciders, requests, strict=True)
            ]
        )
        assert overlapped(results), "the two approvals did not run at the same time"
        statuses = sorted(r[0] for r in results)
        committed = balance(
            actor=marketing, partner=world.partner_a, account=LedgerAccount.MDF_COMMITTED, currency="USD"
        )
        if round_ == 0:
            assert statuses == [200, 422], [r[3].content for r in results]
            loser = next(r for r in results if r[0] == 422)[3].json()
            assert loser["errors"][0]["code"] == "over_available"
            assert committed == Decimal("600.00")
        else:  # 400 left: both refused
            assert statuses == [422, 422]
            assert committed == Decimal("600.00")
        assert FundRequest.objects.filter(status="approved").count() == 1
    assert check_books().balanced
