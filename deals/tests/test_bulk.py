"""Deciding several registrations at once from the staff pipeline: each row is decided by the same rules as on
its own page, the refused ones say why, a wrong input changes nothing, and partners cannot reach it."""

import uuid

import pytest
from django.contrib.messages import get_messages

from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from deals.services import registration_create, registration_reject, registration_submit
from deals.tests.conftest import draft_data

pytestmark = pytest.mark.django_db

S = DealRegistration.Status
BULK = "/deals/pipeline/bulk/"


def _submitted(world, products, name: str, domain: str) -> DealRegistration:
    registration, _ = registration_create(
        actor=world.actor(world.rep_b),
        data=draft_data(customer_name=name, customer_domain=domain, customer_tax_id=""),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    return registration_submit(actor=world.actor(world.rep_b), registration=registration)


def _texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_pipeline_offers_the_decisions_and_a_box_per_row(world, login, submitted):
    page = login(world.cam).get("/deals/pipeline/")
    html = page.content.decode()
    assert 'id="bulk-form"' in html
    assert f'name="id" value="{submitted.public_id}" form="bulk-form"' in html
    assert 'value="export"' in html
    for decision in ("approve", "reject"):  # each asks for its note when its menu opens
        assert f'hx-get="/deals/pipeline/bulk/?form={decision}"' in html
        menu = login(world.cam).get("/deals/pipeline/bulk/", {"form": decision}).content.decode()
        assert f'value="{decision}"' in menu and f'name="{decision}-' in menu


def test_staff_without_the_decision_see_no_decision_buttons(world, login, submitted):
    html = login(world.marketing).get("/deals/pipeline/")
    if html.status_code == 403:
        return  # marketing does not see the pipeline at all
    assert "form=approve" not in html.content.decode() and 'value="approve"' not in html.content.decode()


def test_approving_several_approves_those_the_rules_allow_and_says_why_not_for_the_others(
    world, login, products, submitted
):
    other = _submitted(world, products, "Northwind Traders", "northwind.example")
    decided = _submitted(world, products, "Wingtip Toys", "wingtip.example")
    registration_reject(actor=world.actor(world.cam), registration=decided, reason="Not ours.")
    missing = uuid.uuid4()
    client = login(world.cam)
    response = client.post(
        BULK,
        {
            "action": "approve",
            "id": [submitted.public_id, other.public_id, decided.public_id, missing],
            "next": "/deals/pipeline/?status=submitted",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/deals/pipeline/?status=submitted"
    for registration in (submitted, other, decided):
        registration.refresh_from_db()
    assert (submitted.status, other.status, decided.status) == (S.APPROVED, S.APPROVED, S.REJECTED)
    texts = _texts(response)
    assert "2 registrations approved." in texts
    assert "Approve: 2 rows were refused." in texts
    assert any(t.startswith(str(decided)) and "rejected" in t.lower() for t in texts), texts
    assert f"{missing} — Not found." in texts


def test_a_foreign_next_address_is_not_followed(world, login, submitted):
    response = login(world.cam).post(
        BULK, {"action": "approve", "id": [submitted.public_id], "next": "https://evil.example/"}
    )
    assert response["Location"] == "/deals/pipeline/"


def test_rejecting_needs_a_reason_and_without_one_nothing_changes(world, login, submitted):
    before = snapshot(submitted)
    events = Event.objects.count()
    response = login(world.cam).post(
        BULK, {"action": "reject", "id": [submitted.public_id], "reject-reason": " "}
    )
    assert response.status_code == 302
    assert snapshot(submitted) == before
    assert Event.objects.count() == events
    assert any("Reject" in t for t in _texts(response))


def test_rejecting_with_a_reason_rejects_each(world, login, submitted):
    response = login(world.cam).post(
        BULK,
        {"action": "reject", "id": [submitted.public_id], "reject-reason": "Duplicate of an older deal."},
    )
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED
    assert submitted.decision_reason == "Duplicate of an older deal."
    assert "1 registration rejected." in _texts(response)


def test_nothing_selected_or_a_bad_id_changes_nothing(world, login, submitted):
    client = login(world.cam)
    before = snapshot(submitted)
    assert "Select at least one row first." in _texts(client.post(BULK, {"action": "approve"}))
    assert "Choose rows by their ids." in _texts(client.post(BULK, {"action": "approve", "id": ["nope"]}))
    assert snapshot(submitted) == before


def test_an_unknown_action_is_refused(world, login, submitted):
    assert login(world.cam).post(BULK, {"action": "delete", "id": [submitted.public_id]}).status_code == 403


def test_partners_cannot_post_to_the_pipeline(world, login, submitted):
    before = snapshot(submitted)
    response = login(world.admin_a).post(BULK, {"action": "approve", "id": [submitted.public_id]})
    assert response.status_code in (302, 403, 404)
    assert snapshot(submitted) == before


def test_export_selected_holds_exactly_the_chosen_rows(world, login, products, submitted):
    other = _submitted(world, products, "Northwind Traders", "northwind.example")
    response = login(world.cam).post(BULK, {"action": "export", "id": [other.public_id]})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert str(other.public_id) in body
    assert str(submitted.public_id) not in body


def test_the_api_decides_each_and_reports_refusals(world, api_client, products, submitted, draft=None):
    other = _submitted(world, products, "Northwind Traders", "northwind.example")
    client = api_client(world.cam)
    missing = uuid.uuid4()
    response = client.post(
        "/api/deals/registrations/bulk",
        {"action": "reject", "ids": [str(submitted.public_id), str(missing)], "reason": "Out of territory."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["done"] == [str(submitted.public_id)]
    assert body["refused"] == [{"id": str(missing), "code": "not_found", "message": "Not found."}]
    other.refresh_from_db()
    assert other.status == S.SUBMITTED


def test_the_api_refuses_a_wrong_input_before_touching_a_row(world, api_client, submitted):
    before = snapshot(submitted)
    client = api_client(world.cam)
    no_reason = client.post(
        "/api/deals/registrations/bulk",
        {"action": "reject", "ids": [str(submitted.public_id)]},
        content_type="application/json",
    )
    assert no_reason.status_code == 422
    foreign_field = client.post(
        "/api/deals/registrations/bulk",
        {"action": "approve", "ids": [str(submitted.public_id)], "reason": "x"},
        content_type="application/json",
    )
    assert foreign_field.status_code == 422
    assert foreign_field.json()["errors"][0]["code"] == "unknown_field"
    assert snapshot(submitted) == before


def test_a_partner_token_cannot_decide(world, api_client, submitted):
    response = api_client(world.admin_b).post(
        "/api/deals/registrations/bulk",
        {"action": "approve", "ids": [str(submitted.public_id)]},
        content_type="application/json",
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_the_api_list_takes_the_chosen_ids(world, api_client, products, submitted):
    other = _submitted(world, products, "Northwind Traders", "northwind.example")
    response = api_client(world.cam).get(f"/api/deals/registrations?id={other.public_id}")
    assert [row["id"] for row in response.json()["items"]] == [str(other.public_id)]
