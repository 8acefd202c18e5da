"""Conflict checks, decisions over a conflict, appeals and extensions through the API."""

from datetime import date, timedelta

import pytest

from conflicts.models import ConflictCheck
from core.models import Event
from core.testing import error_fields, snapshot
from deals.models import DealRegistration, ExtensionRequest
from deals.services import registration_create, registration_reject, registration_submit
from deals.tests.conftest import draft_data
from direct.services import account_create, deal_create

pytestmark = pytest.mark.django_db

S = DealRegistration.Status
JSON = "application/json"


@pytest.fixture
def named_account(world):
    account = account_create(
        actor=world.actor(world.ops),
        data={
            "name": "Contoso Cycling AG",
            "web_domain": "contoso-cycling.example",
            "is_named_account": True,
            "segment": "enterprise",
        },
    )
    deal_create(
        actor=world.actor(world.ops), account=account, data={"name": "Contoso fleet", "amount": "90000"}
    )
    return account


@pytest.fixture
def conflicted(world, named_account, products):
    registration, _ = registration_create(
        actor=world.actor(world.rep_a),
        data=draft_data(),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    return registration_submit(actor=world.actor(world.rep_a), registration=registration)


def api(registration, action=""):
    return f"/api/deals/registrations/{registration.public_id}" + (f"/{action}" if action else "")


def events():
    return Event.objects.filter(verb__startswith="deal_registration.").count()


def test_partner_sees_the_outcome_but_no_matches(world, api_client, conflicted):
    response = api_client(world.rep_a).get(api(conflicted, "conflicts"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["outcome"] == "conflict" and data["matches"] == []
    assert data["engagement_outcome"] == "channel" and data["checked_at"]
    assert {"engagement_version", "protection_days", "engagement_reasons"} <= data.keys()
    assert all({"code", "params", "text"} == r.keys() for r in data["engagement_reasons"])
    assert "Contoso Cycling AG" not in response.content.decode()
    assert "Contoso fleet" not in response.content.decode()


def test_staff_see_matches_with_reasons(world, api_client, conflicted, named_account):
    data = api_client(world.cam).get(api(conflicted, "conflicts")).json()
    (match,) = data["matches"]
    assert match["source"] == "direct_account" and match["matched_id"] == str(named_account.public_id)
    assert match["matched_label"] == "Contoso Cycling AG" and match["score"] == 100
    reasons = {r["code"]: r for r in match["reasons"]}
    assert reasons["same_domain"]["params"] == {"domain": "contoso-cycling.example"}
    assert reasons["same_domain"]["text"] == "Same web domain (contoso-cycling.example)"
    assert reasons["named_account"]["text"] == "Named account reserved for direct sales"
    assert reasons["open_direct_deal"]["text"].startswith("Open direct deal “Contoso fleet”")
    assert reasons["open_direct_deal"]["params"]["deal"] == "Contoso fleet"


def test_no_check_before_submission_is_404_with_a_message(world, api_client, draft):
    response = api_client(world.rep_a).get(api(draft, "conflicts"))
    assert response.status_code == 404
    assert "checked on submission" in response.json()["detail"]
    # A draft is the partner's own until submitted: for the vendor it does not exist yet.
    response = api_client(world.cam).post(api(draft, "check"))
    assert response.status_code == 404 and not ConflictCheck.objects.exists()


def test_rerun_check(world, api_client, conflicted):
    before, count = snapshot(conflicted), events()
    assert api_client(world.rep_a).post(api(conflicted, "check")).status_code == 403
    assert ConflictCheck.objects.count() == 1 and events() == count and snapshot(conflicted) == before
    response = api_client(world.cam).post(api(conflicted, "check"))
    assert response.status_code == 200 and response.json()["outcome"] == "conflict"
    assert len(response.json()["matches"]) == 1
    assert ConflictCheck.objects.filter(registration=conflicted).count() == 2


def test_approve_over_a_conflict_needs_a_note(world, api_client, conflicted):
    cam = api_client(world.cam)
    before, count = snapshot(conflicted), events()
    response = cam.post(api(conflicted, "approve"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "note"
    assert response.json()["errors"][0]["message"].startswith("Explain why you approve despite the possible")
    for body, fields in (
        ("{not json", {"note"}),
        ('{"note": 5}', {"note"}),
        ('["note"]', {None}),  # not an object: the request as a whole
        ('{"note": null}', {"note"}),
    ):
        response = cam.post(api(conflicted, "approve"), body, content_type=JSON)
        assert response.status_code == 422, body
        assert error_fields(response) == fields, body
    assert "must be JSON" in cam.post(api(conflicted, "approve"), "{x", content_type=JSON).json()["detail"]
    # A body that is not JSON at all (form-encoded) is not read as a note: still refused here.
    response = cam.post(
        api(conflicted, "approve"), "note=hello", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 422
    response = cam.post(api(conflicted, "approve"), {"note": ""}, content_type=JSON)
    assert response.status_code == 422
    assert snapshot(conflicted) == before and events() == count
    response = cam.post(api(conflicted, "approve"), {"note": "Direct team agreed"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    conflicted.refresh_from_db()
    assert conflicted.decision_reason == "Direct team agreed"


def test_approve_without_a_body_still_works_when_clear(world, api_client, submitted):
    cam = api_client(world.cam)
    before, count = snapshot(submitted), events()
    # A note that is not JSON is refused rather than silently dropped.
    for body, content_type in [("note=hello", "application/x-www-form-urlencoded"), ("hello", "text/plain")]:
        response = cam.post(api(submitted, "approve"), body, content_type=content_type)
        assert response.status_code == 422, content_type
        assert [(e["field"], "must be JSON" in e["message"]) for e in response.json()["errors"]] == [
            ("note", True)
        ]
    assert snapshot(submitted) == before and events() == count
    assert cam.post(api(submitted, "approve"), "", content_type=JSON).status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED


def test_approve_with_an_empty_form_body_still_works(world, api_client, submitted):
    response = api_client(world.cam).post(api(submitted, "approve"))  # the test client's empty multipart
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_partner_cannot_approve_with_a_note(world, api_client, conflicted):
    before = snapshot(conflicted)
    response = api_client(world.rep_a).post(api(conflicted, "approve"), {"note": "x"}, content_type=JSON)
    assert response.status_code == 403 and snapshot(conflicted) == before


def test_appeal_and_decision(world, api_client, conflicted):
    rep, cam, chief = api_client(world.rep_a), api_client(world.cam), api_client(world.chief)
    response = cam.post(api(conflicted, "reject"), {"reason": "Named account"}, content_type=JSON)
    assert response.json()["status"] == "rejected"
    conflicted.refresh_from_db()
    before, count = snapshot(conflicted), events()
    assert rep.post(api(conflicted, "appeal"), {"reason": " "}, content_type=JSON).status_code == 422
    assert rep.post(api(conflicted, "appeal"), {}, content_type=JSON).status_code == 422
    assert cam.post(api(conflicted, "appeal"), {"reason": "x"}, content_type=JSON).status_code == 403
    assert snapshot(conflicted) == before and events() == count

    response = rep.post(api(conflicted, "appeal"), {"reason": "We were first"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "appealed"
    assert rep.post(api(conflicted, "appeal"), {"reason": "Again"}, content_type=JSON).status_code == 422

    conflicted.refresh_from_db()
    before, count = snapshot(conflicted), events()
    decision = api(conflicted, "appeal/decision")
    assert cam.post(decision, {"grant": True, "note": "ok"}, content_type=JSON).status_code == 403
    assert rep.post(decision, {"grant": True, "note": "ok"}, content_type=JSON).status_code == 403
    assert chief.post(decision, {"grant": True, "note": ""}, content_type=JSON).status_code == 422
    assert chief.post(decision, {"grant": "maybe", "note": "x"}, content_type=JSON).status_code == 422
    assert chief.post(decision, {"note": "x"}, content_type=JSON).status_code == 422
    assert snapshot(conflicted) == before and events() == count

    response = chief.post(decision, {"grant": True, "note": "History proven"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["protected_until"]
    assert chief.post(decision, {"grant": False, "note": "x"}, content_type=JSON).status_code == 422


def test_appeal_upheld(world, api_client, submitted):
    registration_reject(actor=world.actor(world.cam), registration=submitted, reason="Duplicate")
    api_client(world.admin_a).post(api(submitted, "appeal"), {"reason": "It is not"}, content_type=JSON)
    response = api_client(world.chief).post(
        api(submitted, "appeal/decision"), {"grant": False, "note": "It is"}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"


def test_extensions(world, api_client, approved):
    rep, cam = api_client(world.rep_a), api_client(world.cam)
    url = api(approved, "extensions")
    assert rep.get(url).json() == {"items": [], "count": 0}
    count = events()
    for body in (
        {"days": 0, "reason": "x"},
        {"days": 91, "reason": "x"},
        {"days": 10, "reason": ""},
        {"days": 10},
    ):
        assert rep.post(url, body, content_type=JSON).status_code == 422, body
    assert rep.post(url, {"days": "ten", "reason": "x"}, content_type=JSON).status_code == 422
    assert cam.post(url, {"days": 10, "reason": "x"}, content_type=JSON).status_code == 403
    assert not ExtensionRequest.objects.exists() and events() == count

    response = rep.post(url, {"days": 30, "reason": "Budget moved"}, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "pending" and created["days"] == 30
    assert created["registration_id"] == str(approved.public_id)
    assert created["requested_by_email"] == "rep@alpha.test"
    assert rep.post(url, {"days": 5, "reason": "More"}, content_type=JSON).status_code == 422
    listed = cam.get(url).json()["items"]
    assert [e["id"] for e in listed] == [created["id"]]

    decision = f"/api/deals/extensions/{created['id']}/decision"
    before, count = snapshot(approved), events()
    assert rep.post(decision, {"approve": True}, content_type=JSON).status_code == 403
    assert cam.post(decision, {"approve": False}, content_type=JSON).status_code == 422
    assert cam.post(decision, {"approve": False, "note": "  "}, content_type=JSON).status_code == 422
    assert cam.post(decision, {"note": "x"}, content_type=JSON).status_code == 422
    assert snapshot(approved) == before and events() == count
    assert ExtensionRequest.objects.get().status == "pending"

    response = cam.post(decision, {"approve": True}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decided_by_email"] == "cam@vendor.test"
    reg = rep.get(api(approved)).json()
    assert date.fromisoformat(reg["protected_until"]) == approved.protected_until + timedelta(days=30)
    assert cam.post(decision, {"approve": False, "note": "x"}, content_type=JSON).status_code == 422


def test_extension_denied(world, api_client, approved):
    rep, cam = api_client(world.rep_a), api_client(world.cam)
    created = rep.post(api(approved, "extensions"), {"days": 10, "reason": "x"}, content_type=JSON).json()
    response = cam.post(
        f"/api/deals/extensions/{created['id']}/decision",
        {"approve": False, "note": "Close it"},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["status"] == "denied"
    assert response.json()["decision_note"] == "Close it"
    approved.refresh_from_db()
    assert rep.get(api(approved)).json()["protected_until"] == approved.protected_until.isoformat()


def test_other_partner_gets_404(world, api_client, approved):
    client = api_client(world.rep_b)
    extension = api_client(world.rep_a).post(
        api(approved, "extensions"), {"days": 10, "reason": "x"}, content_type=JSON
    )
    assert extension.status_code == 201
    before, count = snapshot(approved), events()
    assert client.get(api(approved, "conflicts")).status_code == 404
    assert client.get(api(approved, "extensions")).status_code == 404
    assert (
        client.post(api(approved, "extensions"), {"days": 5, "reason": "x"}, content_type=JSON).status_code
        == 404
    )
    assert client.post(api(approved, "appeal"), {"reason": "x"}, content_type=JSON).status_code == 404
    assert client.post(api(approved, "check")).status_code in (403, 404)
    decision = f"/api/deals/extensions/{extension.json()['id']}/decision"
    assert client.post(decision, {"approve": True}, content_type=JSON).status_code in (403, 404)
    assert snapshot(approved) == before and events() == count
    assert ExtensionRequest.objects.get().status == "pending"
