"""Deal registration API: create (with Idempotency-Key), list, get, patch, transitions, 403/404/422."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Event
from core.testing import error_fields, snapshot
from deals.models import DealRegistration

pytestmark = pytest.mark.django_db


def _payload(products, **extra):
    return {
        "customer_name": "Northwind Bikes",
        "customer_domain": "northwind.example",
        "currency": "USD",
        "expected_close_date": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "lines": [{"product_id": str(products["usd"].public_id), "quantity": 2, "unit_price": "950.00"}],
    } | extra


def test_full_lifecycle(world, api_client, products):
    rep = api_client(world.rep_a)
    response = rep.post("/api/deals/registrations", _payload(products), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["amount"] == "1900.00" and data["status"] == "draft"
    assert data["lines"][0]["unit_price"] == "950.00" and data["lines"][0]["sku"] == "RB-1"
    url = f"/api/deals/registrations/{data['id']}"
    patched = rep.patch(url, {"stage": "commit"}, content_type="application/json").json()
    assert patched["stage"] == "commit" and patched["amount"] == "1900.00"
    assert rep.post(f"{url}/submit").json()["status"] == "submitted"
    assert rep.post(f"{url}/approve").status_code == 403
    cam = api_client(world.cam)
    approved = cam.post(f"{url}/approve").json()
    assert approved["status"] == "approved" and approved["protected_until"]
    closed = rep.post(
        f"{url}/close", {"outcome": "won", "won_amount": "1800"}, content_type="application/json"
    )
    assert closed.json()["won_amount"] == "1800.00" and closed.json()["status"] == "won"


def test_idempotency_key_header(world, api_client, products):
    client = api_client(world.rep_a)
    headers = {"Idempotency-Key": "order-42"}
    first = client.post(
        "/api/deals/registrations", _payload(products), content_type="application/json", headers=headers
    )
    again = client.post(
        "/api/deals/registrations", _payload(products), content_type="application/json", headers=headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert DealRegistration.objects.count() == 1
    assert (
        client.post(
            "/api/deals/registrations", _payload(products), content_type="application/json"
        ).status_code
        == 201
    )


def test_validation_errors_are_422(world, api_client, products):
    client = api_client(world.rep_a)
    eur = _payload(products, lines=[{"product_id": str(products["eur"].public_id), "quantity": 1}])
    response = client.post("/api/deals/registrations", eur, content_type="application/json")
    assert response.status_code == 422 and "priced in EUR" in response.json()["detail"]
    response = client.post(
        "/api/deals/registrations",
        _payload(products, partner_id=str(world.partner_b.public_id)),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not DealRegistration.objects.exists()
    for query in ("limit=0", "offset=-1", "limit=501", "status=nope", "partner=abc"):
        assert client.get(f"/api/deals/registrations?{query}").status_code == 422, query


def test_submit_validation_is_422_and_changes_nothing(world, api_client, products):
    client = api_client(world.rep_a)
    data = client.post(
        "/api/deals/registrations", {"customer_name": "X"}, content_type="application/json"
    ).json()
    registration = DealRegistration.objects.get(public_id=data["id"])
    before, events = snapshot(registration), Event.objects.count()
    response = client.post(f"/api/deals/registrations/{data['id']}/submit")
    assert response.status_code == 422 and "lines" in error_fields(response)
    assert (snapshot(registration), Event.objects.count()) == (before, events)


def test_staff_cannot_create(world, api_client, products):
    response = api_client(world.cam).post(
        "/api/deals/registrations", _payload(products), content_type="application/json"
    )
    assert response.status_code == 403


def test_list_is_scoped_and_filtered(world, api_client, products, draft, submitted):
    b = api_client(world.rep_b)
    b_draft = b.post("/api/deals/registrations", _payload(products), content_type="application/json").json()
    a_list = api_client(world.rep_a).get("/api/deals/registrations").json()
    assert [r["customer_name"] for r in a_list["items"]] == ["Contoso Cycling GmbH"] and a_list["count"] == 1
    staff = api_client(world.chief)

    def count(query=""):
        return staff.get(f"/api/deals/registrations{query}").json()["count"]

    assert count() == 1  # B's draft is B's own until submitted
    assert b.post(f"/api/deals/registrations/{b_draft['id']}/submit").status_code == 200
    assert count() == 2
    assert count("?status=submitted") == 2
    assert count(f"?partner={world.partner_b.public_id}") == 1
    page = staff.get("/api/deals/registrations?limit=1&offset=1").json()
    assert len(page["items"]) == 1 and page["count"] == 2


def test_other_partner_gets_404(world, api_client, approved):
    client = api_client(world.admin_b)
    url = f"/api/deals/registrations/{approved.public_id}"
    before, events = snapshot(approved), Event.objects.count()
    assert client.get(url).status_code == 404
    assert client.patch(url, {"notes": "x"}, content_type="application/json").status_code == 404
    assert client.post(f"{url}/submit").status_code == 404
    assert (
        client.post(
            f"{url}/close", {"outcome": "lost", "lost_reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (snapshot(approved), Event.objects.count()) == (before, events)


def test_distributor_creates_for_reseller(world, api_client, products):
    response = api_client(world.dist_admin).post(
        "/api/deals/registrations",
        _payload(products, partner_id=str(world.reseller.public_id)),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["partner_id"] == str(world.reseller.public_id)
    assert response.json()["registered_via_id"] == str(world.distributor.public_id)
    reseller = api_client(world.reseller_admin)
    response = reseller.post(
        "/api/deals/registrations",
        _payload(products, partner_id=str(world.distributor.public_id)),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_close_outcome_is_checked(world, api_client, approved):
    response = api_client(world.rep_a).post(
        f"/api/deals/registrations/{approved.public_id}/close",
        {"outcome": "maybe"},
        content_type="application/json",
    )
    assert response.status_code == 422
