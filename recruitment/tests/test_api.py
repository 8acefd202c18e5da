import uuid

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Invitation
from core.models import Event
from core.testing import error_codes, error_fields, items, snapshot
from partners.models import Partner
from recruitment.models import Application, Prospect, RecruitmentTargets
from recruitment.tests.conftest import application_data, submit

pytestmark = pytest.mark.django_db

BASE = "/api/recruitment"
TARGETS = {
    "regions": ["europe"],
    "verticals": ["retail"],
    "partner_types": [],
    "sizes": [],
    "weight_region": 40,
    "weight_verticals": 30,
    "weight_type": 20,
    "weight_size": 10,
}


def _json(client, method, url, body=None):
    import json

    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def prospect(world):
    return Prospect.objects.create(
        company_name="Baltic Bikes",
        web_domain="baltic-bikes.example",
        country="LV",
        region="europe",
        partner_type="dealer",
        source="trade_show",
        contact_name="Janis",
        contact_email="janis@baltic-bikes.example",
        owner=world.cam,
    )


# --- public submit ----------------------------------------------------------------------------------------


def test_public_submit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _json(Client(), "POST", f"{BASE}/applications", application_data())
    assert response.status_code == 201
    app = Application.objects.get()
    assert response.json() == {"id": str(app.public_id), "status": "submitted"}
    assert app.submitted_ip == "127.0.0.1" and len(mail.outbox) == 1


def test_public_submit_invalid_is_422_and_stores_nothing():
    data = application_data(web_domain="nope", region="mars")
    response = _json(Client(), "POST", f"{BASE}/applications", data)
    assert response.status_code == 422
    assert error_codes(response) == {"region": "invalid_choice"}  # refused by the schema, before the service
    data = application_data(web_domain="nope")
    response = _json(Client(), "POST", f"{BASE}/applications", data)
    assert response.status_code == 422 and error_fields(response) == {"web_domain"}
    missing = _json(Client(), "POST", f"{BASE}/applications", {"company_name": "Only a name"})
    assert missing.status_code == 422
    assert set(error_codes(missing).values()) == {"required"}
    assert not Application.objects.exists() and not Event.objects.exists()


def test_public_submit_is_rate_limited(settings):
    settings.APPLICATIONS_PER_IP_PER_HOUR = 1
    assert _json(Client(), "POST", f"{BASE}/applications", application_data()).status_code == 201
    response = _json(Client(), "POST", f"{BASE}/applications", application_data(company_name="Again"))
    assert response.status_code == 429 and "Too many applications" in response.json()["detail"]
    assert Application.objects.count() == 1


# --- review -----------------------------------------------------------------------------------------------


def test_list_and_get_applications(world, api_client, targets):
    low = submit(company_name="Low", web_domain="low.example", region="apac")
    high = submit(company_name="High", web_domain="high.example")
    client = api_client(world.marketing)
    rows = items(client.get(f"{BASE}/applications"))
    assert [r["company_name"] for r in rows] == ["High", "Low"]
    assert rows[0]["fit_reasons"][0]["text"] == "Region Europe is a target region (+30)"
    assert [r["company_name"] for r in items(client.get(f"{BASE}/applications?region=apac"))] == ["Low"]
    oldest = items(client.get(f"{BASE}/applications?sort=received"))
    assert [r["company_name"] for r in oldest] == ["Low", "High"]
    assert client.get(f"{BASE}/applications?limit=0").status_code == 422
    detail = client.get(f"{BASE}/applications/{high.public_id}").json()
    assert detail["web_domain"] == "high.example" and detail["status"] == "submitted"
    assert detail["fit_score"] == high.fit_score and low.fit_score < high.fit_score
    assert client.get(f"{BASE}/applications/{uuid.uuid4()}").status_code == 404


def test_partner_users_cannot_read_applications(world, api_client):
    app = submit()
    client = api_client(world.admin_a)
    assert client.get(f"{BASE}/applications").status_code == 403
    assert client.get(f"{BASE}/applications/{app.public_id}").status_code == 404
    assert _json(client, "POST", f"{BASE}/applications/{app.public_id}/approve").status_code == 404
    assert Application.objects.get().status == "submitted"


def test_approve(world, api_client, django_capture_on_commit_callbacks):
    app = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _json(api_client(world.cam), "POST", f"{BASE}/applications/{app.public_id}/approve")
    assert response.status_code == 200
    body = response.json()
    partner = Partner.objects.get(public_id=body["partner_id"])
    assert body["status"] == "approved" and body["decided_by_email"] == "cam@vendor.test"
    assert partner.status == "onboarding"
    assert Invitation.objects.get(partner=partner).partner_role == "admin"
    assert len(mail.outbox) == 1
    again = _json(api_client(world.cam), "POST", f"{BASE}/applications/{app.public_id}/approve")
    assert again.status_code == 422 and Partner.objects.filter(name="Nordic Gear").count() == 1


def test_approve_needs_review_permission(world, api_client):
    app = submit()
    clients = [api_client(user) for user in (world.marketing, world.ops)]
    before, partners, events = snapshot(app), Partner.objects.count(), Event.objects.count()
    for client in clients:
        assert _json(client, "POST", f"{BASE}/applications/{app.public_id}/approve").status_code == 403
    assert snapshot(app) == before and Partner.objects.count() == partners and Event.objects.count() == events
    assert (
        _json(api_client(world.cam), "POST", f"{BASE}/applications/{uuid.uuid4()}/approve").status_code == 404
    )


def test_reject(world, api_client, django_capture_on_commit_callbacks):
    app = submit()
    url = f"{BASE}/applications/{app.public_id}/reject"
    client = api_client(world.chief)
    before, events = snapshot(app), Event.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        empty = _json(client, "POST", url, {"reason": " "})
    assert empty.status_code == 422 and "reason" in error_fields(empty)
    assert snapshot(app) == before and Event.objects.count() == events and not mail.outbox
    assert _json(api_client(world.marketing), "POST", url, {"reason": "No"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = _json(client, "POST", url, {"reason": "Outside our regions."})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["rejection_reason"] == "Outside our regions."
    assert len(mail.outbox) == 1
    assert _json(client, "POST", url, {"reason": "Twice"}).status_code == 422


# --- prospects --------------------------------------------------------------------------------------------


def test_prospect_crud(world, api_client):
    client = api_client(world.cam)
    response = _json(
        client,
        "POST",
        f"{BASE}/prospects",
        {
            "company_name": "Oslo Outdoors",
            "partner_type": "retailer",
            "source": "outreach",
            "web_domain": "https://oslo-outdoors.example",
            "next_step_date": "2030-02-01",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["owner_email"] == "cam@vendor.test" and body["stage"] == "new"
    assert body["web_domain"] == "oslo-outdoors.example" and body["next_step_date"] == "2030-02-01"
    url = f"{BASE}/prospects/{body['id']}"
    assert client.get(url).json()["company_name"] == "Oslo Outdoors"
    patched = _json(client, "PATCH", url, {"city": "Oslo", "owner_email": "chief@vendor.test"})
    assert patched.status_code == 200
    assert patched.json()["city"] == "Oslo" and patched.json()["owner_email"] == "chief@vendor.test"
    bad_owner = _json(client, "PATCH", url, {"owner_email": "marketing@vendor.test"})
    assert bad_owner.status_code == 422
    probe = _json(api_client(world.marketing), "PATCH", url, {"owner_email": "nobody@vendor.test"})
    assert probe.status_code == 403
    listed = items(client.get(f"{BASE}/prospects?source=outreach"))
    assert [p["company_name"] for p in listed] == ["Oslo Outdoors"]
    assert items(client.get(f"{BASE}/prospects?owner=mine")) == []
    assert client.get(f"{BASE}/prospects/{uuid.uuid4()}").status_code == 404


def test_prospect_create_invalid_or_forbidden_changes_nothing(world, api_client):
    bad = _json(
        api_client(world.cam),
        "POST",
        f"{BASE}/prospects",
        {"company_name": "", "partner_type": "spaceship", "source": "referral"},
    )
    assert bad.status_code == 422
    assert error_codes(bad) == {"company_name": "blank", "partner_type": "invalid_choice"}
    body = {"company_name": "X", "partner_type": "dealer", "source": "referral"}
    assert _json(api_client(world.marketing), "POST", f"{BASE}/prospects", body).status_code == 403
    assert _json(api_client(world.admin_a), "POST", f"{BASE}/prospects", body).status_code == 403
    assert api_client(world.admin_a).get(f"{BASE}/prospects").status_code == 403
    assert not Prospect.objects.exists() and not Event.objects.filter(verb__startswith="prospect.").exists()


@pytest.mark.parametrize("field", ["notes", "city", "contact_name", "next_step", "country", "size"])
def test_prospect_patch_with_empty_text_clears_it_and_null_is_refused(world, api_client, prospect, field):
    prospect.notes, prospect.next_step = "Met at the fair", "Call back"
    prospect.save()
    before = snapshot(prospect)
    url = f"{BASE}/prospects/{prospect.public_id}"
    refused = _json(api_client(world.cam), "PATCH", url, {field: None})
    assert refused.status_code == 422 and error_codes(refused) == {field: "null"}
    assert snapshot(prospect) == before
    response = _json(api_client(world.cam), "PATCH", url, {field: ""})
    assert response.status_code == 200, response.content
    assert response.json()[field] == ""


def test_prospect_patch_with_null_required_field_is_422(world, api_client, prospect):
    before = snapshot(prospect)
    response = _json(
        api_client(world.cam), "PATCH", f"{BASE}/prospects/{prospect.public_id}", {"source": None}
    )
    assert response.status_code == 422 and error_codes(response) == {"source": "null"}
    assert snapshot(prospect) == before


def test_prospect_stage_and_convert(world, api_client, prospect):
    client = api_client(world.cam)
    url = f"{BASE}/prospects/{prospect.public_id}"
    moved = _json(
        client,
        "POST",
        f"{url}/stage",
        {"stage": "negotiating", "next_step": "Send terms", "next_step_date": "2030-03-01"},
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "negotiating"
    before = snapshot(prospect)
    assert _json(client, "POST", f"{url}/stage", {"stage": "converted"}).status_code == 422
    assert _json(client, "POST", f"{url}/stage", {"stage": "nonsense"}).status_code == 422
    assert _json(api_client(world.marketing), "POST", f"{url}/stage", {"stage": "lost"}).status_code == 403
    assert _json(api_client(world.rep_a), "POST", f"{url}/stage", {"stage": "lost"}).status_code == 404
    assert snapshot(prospect) == before
    converted = client.post(f"{url}/convert")
    assert converted.status_code == 201
    body = converted.json()
    assert body["source"] == "outbound" and body["status"] == "submitted"
    assert body["prospect_id"] == str(prospect.public_id)
    assert client.get(url).json()["stage"] == "converted"
    assert client.post(f"{url}/convert").status_code == 422
    assert client.post(f"{BASE}/prospects/{uuid.uuid4()}/convert").status_code == 404


def test_convert_with_missing_fields_is_422(world, api_client):
    bare = Prospect.objects.create(company_name="Bare", partner_type="dealer", source="referral")
    client = api_client(world.cam)
    before, events = snapshot(bare), Event.objects.count()
    response = client.post(f"{BASE}/prospects/{bare.public_id}/convert")
    assert response.status_code == 422
    assert "web domain" in response.json()["detail"] and "contact email" in response.json()["detail"]
    assert snapshot(bare) == before and Event.objects.count() == events and not Application.objects.exists()


# --- targets ----------------------------------------------------------------------------------------------


def test_targets_get_and_put(world, api_client):
    app = submit(region="apac")
    assert app.fit_score == 100
    defaults = api_client(world.marketing).get(f"{BASE}/targets").json()
    assert defaults["weight_region"] == 30 and defaults["regions"] == [] and defaults["updated_at"] is None
    response = _json(api_client(world.ops), "PUT", f"{BASE}/targets", TARGETS)
    assert response.status_code == 200
    assert response.json()["regions"] == ["europe"]
    assert response.json()["updated_by_email"] == "ops@vendor.test"
    app.refresh_from_db()
    assert app.fit_score == 0 + 30 + 20 + 10  # apac misses; retail is covered; no type/size targets


def test_targets_put_refused_changes_nothing(world, api_client):
    targets = RecruitmentTargets.objects.create()
    before = snapshot(targets)
    bad = _json(api_client(world.ops), "PUT", f"{BASE}/targets", TARGETS | {"weight_size": 50})
    assert bad.status_code == 422 and "100" in bad.json()["detail"]
    assert _json(api_client(world.cam), "PUT", f"{BASE}/targets", TARGETS).status_code == 403
    assert _json(api_client(world.admin_a), "PUT", f"{BASE}/targets", TARGETS).status_code == 403
    assert api_client(world.admin_a).get(f"{BASE}/targets").status_code == 403
    assert snapshot(targets) == before
    assert not Event.objects.filter(verb="recruitment.targets_updated").exists()
