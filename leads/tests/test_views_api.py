import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.testing import snapshot
from leads.models import Lead, LeadAssignment, LeadAttribute
from leads.services import attribute_create, lead_create


@pytest.fixture
def visits(world):
    return attribute_create(
        actor=world.actor(world.ops),
        data={"key": "visits", "label_en": "Site visits", "label_ru": "Визиты", "kind": "number"},
    )


def make_lead(world, name="Contoso", partner=None, status="accepted", **extra):
    lead = lead_create(actor=world.actor(world.ops), data={"company_name": name, **extra})[0]
    if partner is not None:
        lead.partner, lead.destination, lead.status = partner, "channel", status
        lead.accept_by = timezone.now() + timedelta(hours=5)
        lead.save()
        LeadAssignment.objects.create(
            lead=lead, partner=partner, outcome="pending" if status == "new" else "accepted"
        )
    return lead


def test_partner_list_shows_only_its_own_leads(world, login):
    make_lead(world, "Alpha's lead", world.partner_a)
    make_lead(world, "Bravo's lead", world.partner_b)
    make_lead(world, "Nobody's lead")
    page = login(world.rep_a).get("/leads/").content.decode()
    assert "Alpha&#x27;s lead" in page or "Alpha's lead" in page
    assert "Bravo" not in page and "Nobody" not in page
    staff_page = login(world.cam).get("/leads/").content.decode()
    assert "Bravo" in staff_page and "Nobody" in staff_page


def test_board_and_filters(world, login):
    make_lead(world, "Waiting Co", world.partner_a, status="new")
    make_lead(world, "Working Co", world.partner_a, status="contacted")
    client = login(world.admin_a)
    board = client.get("/leads/?view=board").content.decode()
    assert "Waiting Co" in board and "Working Co" in board
    awaiting = client.get("/leads/?phase=awaiting").content.decode()
    assert "Waiting Co" in awaiting and "Working Co" not in awaiting


def test_export_has_the_custom_attributes(world, login, visits):
    make_lead(world, "Exported Co", attributes={"visits": "7"})
    response = login(world.ops).get("/leads/export/")
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(response.streaming_content).decode()
                if response.streaming
                else response.content.decode()
            )
        )
    )
    assert rows[0]["attr_visits"] == "7"
    assert rows[0]["company_name"] == "Exported Co"


def test_list_query_budget_stays_flat(world, login):
    client = login(world.cam)
    make_lead(world, "First", world.partner_a)
    client.get("/leads/")  # the session and the caches warm
    with CaptureQueriesContext(connection) as few:
        client.get("/leads/")
    for n in range(15):
        make_lead(world, f"Lead {n}", world.partner_a if n % 2 else world.partner_b)
    with CaptureQueriesContext(connection) as many:
        client.get("/leads/")
    assert len(many) == len(few)


def test_detail_page_and_progress_action(world, login):
    lead = make_lead(world, "Detail Co", world.partner_a)
    client = login(world.rep_a)
    page = client.get(f"/leads/{lead.public_id}/").content.decode()
    assert "Where it stands" in page and "Convert into a deal registration" in page
    response = client.post(
        f"/leads/{lead.public_id}/progress/", {"status": "qualified", "next_step": "Quote"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "qualified" and lead.next_step == "Quote"
    refused = client.post(f"/leads/{lead.public_id}/progress/", {"status": "converted"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert login(world.rep_b).get(f"/leads/{lead.public_id}/").status_code == 404


def test_staff_create_page_and_attribute_pages(world, login, visits):
    client = login(world.ops)
    assert client.get("/leads/new/").status_code == 200
    response = client.post(
        "/leads/new/", {"company_name": "Paged Co", "country": "FR", "attributes__visits": "12"}
    )
    assert response.status_code == 302
    lead = Lead.objects.get(company_name="Paged Co")
    assert lead.region == "europe" and lead.attributes == {"visits": 12}
    bad = client.post("/leads/new/", {"company_name": "Bad Co", "attributes__visits": "lots"})
    assert bad.status_code == 200 and not Lead.objects.filter(company_name="Bad Co").exists()
    assert client.get("/leads/attributes/").status_code == 200
    created = client.post(
        "/leads/attributes/new/",
        {"key": "stage", "label_en": "Stage", "kind": "choice", "choices_text": "a\nb", "position": "0"},
    )
    assert created.status_code == 302
    assert login(world.cam).get("/leads/attributes/new/").status_code == 403


def test_partner_referral_page(world, login):
    client = login(world.rep_a)
    response = client.post("/leads/refer/", {"company_name": "Found It Ltd"})
    assert response.status_code == 302
    lead = Lead.objects.get(company_name="Found It Ltd")
    assert lead.partner == world.partner_a and lead.source == "referral"


def test_web_form_page(db, client, settings):
    page = client.get("/leads/web/")
    assert page.status_code == 200 and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    response = client.post("/leads/web/", {"company_name": "Web Visitor Inc", "page": "/pricing"})
    assert response.status_code == 302
    assert Lead.objects.get().source_detail == "/pricing"
    settings.LEADS_WEB_FORM_PER_IP_PER_HOUR = 1
    refused = client.post("/leads/web/", {"company_name": "Another"})
    assert refused.status_code == 429 and Lead.objects.count() == 1


def test_homes_show_the_lead_cards(world, login):
    make_lead(world, "Urgent Co", world.partner_a, status="new")
    partner_home = login(world.admin_a).get("/my/").content.decode()
    assert "Leads awaiting your answer" in partner_home and "Urgent Co" in partner_home
    staff_home = login(world.chief).get("/dashboard/").content.decode()
    assert "leads awaiting acceptance" in staff_home or "lead awaiting acceptance" in staff_home


# --- API ----------------------------------------------------------------------------------------------


def test_api_create_list_patch_and_idempotency(world, api_client, visits):
    ops = api_client(world.ops)
    body = {
        "company_name": "Api Co",
        "country": "us",
        "attributes": {"visits": 4},
        "contact_email": "A@api.example",
    }
    first = ops.post(
        "/api/leads/leads", body, content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    assert first.status_code == 201, first.content
    data = first.json()
    assert (
        data["source"] == "api" and data["region"] == "north_america" and data["attributes"] == {"visits": 4}
    )
    again = ops.post(
        "/api/leads/leads", body, content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    listed = ops.get("/api/leads/leads?q=api").json()
    assert listed["count"] == 1
    patched = ops.patch(
        f"/api/leads/leads/{data['id']}", {"attributes": {"visits": "10"}}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["attributes"] == {"visits": 10}


def test_api_bad_input_is_coded_and_changes_nothing(world, api_client, visits):
    ops = api_client(world.ops)
    response = ops.post(
        "/api/leads/leads",
        {"company_name": "Bad", "attributes": {"visits": "lots"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("attributes", "attribute_invalid")
    }
    assert not Lead.objects.exists()
    unknown = ops.get("/api/leads/leads?attribute=nope:1")
    assert unknown.status_code == 422


def test_api_partner_works_and_converts(world, api_client):
    from catalog.models import Product, ProductFamily

    product = Product.objects.create(
        sku="P-1", name="Bike", family=ProductFamily.objects.create(name="F"), list_price="10.00"
    )
    lead = make_lead(
        world, "Convert Co", world.partner_a, domain="convert.example", products=[str(product.public_id)]
    )
    rep = api_client(world.rep_a)
    progressed = rep.post(
        f"/api/leads/leads/{lead.public_id}/progress",
        {"status": "contacted"},
        content_type="application/json",
    )
    assert progressed.status_code == 200 and "convert" in progressed.json()["actions"]
    note = rep.post(
        f"/api/leads/leads/{lead.public_id}/notes", {"text": "Called"}, content_type="application/json"
    )
    assert note.status_code == 201
    day = (timezone.localdate() + timedelta(days=40)).isoformat()
    converted = rep.post(
        f"/api/leads/leads/{lead.public_id}/convert",
        {"expected_close_date": day, "quantity": 3, "submit": True},
        content_type="application/json",
    )
    assert converted.status_code == 200, converted.content
    assert converted.json()["status"] == "converted" and converted.json()["registration_id"]
    assert api_client(world.rep_b).get(f"/api/leads/leads/{lead.public_id}").status_code == 404


def test_api_refused_action_changes_nothing(world, api_client):
    lead = make_lead(world, "Waiting Co", world.partner_a, status="new")
    before = snapshot(lead)
    response = api_client(world.rep_a).post(
        f"/api/leads/leads/{lead.public_id}/lose",
        {"reason": "other", "note": ""},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "not_accepted"
    assert snapshot(lead) == before


def test_api_attributes(world, api_client):
    ops = api_client(world.ops)
    created = ops.post(
        "/api/leads/attributes",
        {"key": "budget", "label_en": "Budget", "kind": "number", "position": 1, "active": True},
        content_type="application/json",
    )
    assert created.status_code == 201
    patched = ops.patch(
        f"/api/leads/attributes/{created.json()['id']}",
        {"label_ru": "Бюджет"},
        content_type="application/json",
    )
    assert patched.json()["label_ru"] == "Бюджет"
    assert api_client(world.rep_a).get("/api/leads/attributes").json()["count"] == 1
    url = f"/api/leads/attributes/{created.json()['id']}"
    phrased = ops.patch(url, {"reason_en": "has a budget of {value}"}, content_type="application/json")
    assert phrased.status_code == 200 and phrased.json()["reason_en"] == "has a budget of {value}"
    for bad in ("has a budget", "{value} and {value}", "budget {amount}: {value}"):
        refused = ops.patch(url, {"reason_en": bad}, content_type="application/json")
        assert refused.status_code == 422, bad
        assert refused.json()["errors"][0]["code"] == "reason_without_value"
    assert LeadAttribute.objects.get(key="budget").reason_en == "has a budget of {value}"  # nothing changed
    no_choices = ops.post(
        "/api/leads/attributes",
        {"key": "tier", "label_en": "Tier", "kind": "choice", "position": 2, "active": True},
        content_type="application/json",
    )
    assert no_choices.status_code == 422
    assert no_choices.json()["errors"][0] == {
        "field": "choices_text",
        "code": "choices_missing",
        "message": "List the choices.",
    }
    assert not LeadAttribute.objects.filter(key="tier").exists()


def test_bulk_accept_by_a_partner_and_assign_by_staff(world, login, api_client):
    offered = [make_lead(world, f"Offered {n}", world.partner_a, status="new") for n in range(2)]
    taken = make_lead(world, "Taken", world.partner_a, status="accepted")
    response = login(world.rep_a).post(
        "/leads/bulk/", {"action": "accept", "id": [str(lead.public_id) for lead in [*offered, taken]]}
    )
    assert response.status_code in (200, 302)
    assert {lead.status for lead in Lead.objects.filter(pk__in=[o.pk for o in offered])} == {"accepted"}
    unrouted = make_lead(world, "Nobody's yet")
    Lead.objects.filter(pk=taken.pk).update(status="lost")  # closed: no longer assigned to anyone
    staff = api_client(world.cam)
    done = staff.post(
        "/api/leads/leads/bulk",
        {
            "action": "assign",
            "ids": [str(unrouted.public_id), str(taken.public_id)],
            "partner": str(world.partner_b.public_id),
            "reason": "Knows the customer",
        },
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert len(body["done"]) == 1 and len(body["refused"]) == 1
    unrouted.refresh_from_db()
    assert unrouted.partner == world.partner_b and unrouted.status == "new"
    refused = api_client(world.rep_a).post(
        "/api/leads/leads/bulk",
        {
            "action": "assign",
            "ids": [str(unrouted.public_id)],
            "partner": str(world.partner_a.public_id),
            "reason": "x",
        },
        content_type="application/json",
    )
    assert refused.status_code in (403, 422)
