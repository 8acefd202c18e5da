"""Two partners submit the same customer at the same instant: exactly one ends up holding (and so able to be
protected for) the customer. Real requests on parallel threads, each with its own database connection."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.services import api_token_create
from accounts.testing import build_world
from catalog.models import Product, ProductFamily
from conflicts.models import CustomerClaim
from core.actor import build_actor
from deals.models import DealRegistration
from deals.services import registration_create

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3
URL = "/api/deals/registrations/{}/{}"
NOTE = '{"note": "Race test"}'


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        # SQLite lets one writer in at a time, so requests cannot race; the claim is about PostgreSQL.
        pytest.skip("parallel writers need PostgreSQL")


def client_for(user) -> Client:
    _token, raw = api_token_create(actor=build_actor(user), name="race")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def race(calls):
    """Run the calls at the same instant; returns [(status, started, finished)] in call order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

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


def test_parallel_submits_and_approvals_protect_exactly_one():
    world = build_world()
    family = ProductFamily.objects.create(name="Bikes")
    product = Product.objects.create(sku="B-1", name="Bike", family=family, list_price="100.00")
    rep_a, rep_b, cam = client_for(world.rep_a), client_for(world.rep_b), client_for(world.cam)
    cam_again = client_for(world.chief)
    for round_ in range(ROUNDS):
        drafts = []
        for user in (world.rep_a, world.rep_b):
            registration, _ = registration_create(
                actor=build_actor(user),
                data={
                    "customer_name": f"Racing Customer {round_} GmbH",
                    "customer_domain": f"racing-{round_}.example",
                    "customer_country": "DE",
                    "expected_close_date": timezone.localdate() + timedelta(days=20),
                },
                lines=[{"product_id": product, "quantity": 1}],
            )
            drafts.append(registration)
        submits = race(
            [
                lambda c=rep_a, r=drafts[0]: c.post(URL.format(r.public_id, "submit")),
                lambda c=rep_b, r=drafts[1]: c.post(URL.format(r.public_id, "submit")),
            ]
        )
        assert [s[0] for s in submits] == [200, 200]
        assert overlapped(submits), "the two submissions did not run at the same time"
        holders = set(
            CustomerClaim.objects.filter(registration__in=drafts).values_list("registration_id", flat=True)
        )
        assert len(holders) == 1, "exactly one registration holds the customer"
        assert CustomerClaim.objects.filter(registration__in=drafts).count() == 2  # domain and name keys
        # Two deciders approve both at once: only the holder can be protected.
        approvals = race(
            [
                lambda c=cam, r=drafts[0]: c.post(
                    URL.format(r.public_id, "approve"), NOTE, content_type="application/json"
                ),
                lambda c=cam_again, r=drafts[1]: c.post(
                    URL.format(r.public_id, "approve"), NOTE, content_type="application/json"
                ),
            ]
        )
        assert sorted(a[0] for a in approvals) == [200, 422]
        statuses = dict(
            DealRegistration.objects.filter(pk__in=[d.pk for d in drafts]).values_list("pk", "status")
        )
        approved = [pk for pk, status in statuses.items() if status == "approved"]
        assert approved == list(holders)
        loser = next(a for a in approvals if a[0] == 422)[3].json()
        assert "registered this customer first" in str(loser)
