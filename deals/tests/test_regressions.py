"""Regression tests for the data bugs of issue 7: each through the page and through the API."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from catalog.models import Product
from core.models import Event
from core.testing import snapshot
from deals.models import DealLine, DealRegistration, ExtensionRequest
from deals.models import RegistrationStatus as S
from deals.services import registration_create, registration_reject, registration_submit
from deals.tests.conftest import draft_data

JSON = "application/json"


def events():
    return Event.objects.count()


def url(registration, action=""):
    return f"/deals/{registration.public_id}/{action + '/' if action else ''}"


def api(registration, action=""):
    return f"/api/deals/registrations/{registration.public_id}{'/' + action if action else ''}"


@pytest.fixture
def many_products(products):
    family = products["usd"].family
    return [
        Product.objects.create(sku=f"RB-M{i}", name=f"Bike M{i}", family=family, list_price="100.00")
        for i in range(8)
    ]


@pytest.fixture
def seven_lines(world, many_products):
    registration, _ = registration_create(
        actor=world.actor(world.rep_a),
        data=draft_data(),
        lines=[{"product_id": p, "quantity": i + 1} for i, p in enumerate(many_products[:7])],
    )
    return registration


def _posted_form(page_html: str) -> dict[str, str]:
    """What a browser would post back from the edit page, unchanged: every input, select and textarea."""
    data: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_html):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page_html, re.S):
        data[name] = body.strip()
    return {k: v for k, v in data.items() if "__prefix__" not in k and k not in ("csrfmiddlewaretoken",)}


# --- editing a draft with more lines than a fixed form had rows ------------------------------------------


def test_editing_a_draft_in_the_page_keeps_every_line(world, login, seven_lines):
    client = login(world.rep_a)
    page = client.get(url(seven_lines, "edit")).content.decode()
    assert page.count('name="lines-') and 'name="lines-6-product_id"' in page  # all seven rows are there
    data = _posted_form(page) | {"customer_name": "Renamed Cycling", "save": "1"}
    response = client.post(url(seven_lines, "edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    seven_lines.refresh_from_db()
    assert seven_lines.customer_name == "Renamed Cycling"
    assert seven_lines.lines.count() == 7
    assert sorted(seven_lines.lines.values_list("quantity", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_the_page_adds_and_removes_lines_without_a_fixed_number_of_rows(
    world, login, seven_lines, many_products
):
    client = login(world.rep_a)
    data = _posted_form(client.get(url(seven_lines, "edit")).content.decode())
    # Remove the first line and add a ninth row beyond the blank one.
    data |= {
        "lines-0-DELETE": "on",
        "lines-7-product_id": str(many_products[7].public_id),
        "lines-7-quantity": "9",
        "lines-8-product_id": str(many_products[0].public_id),
        "lines-8-quantity": "4",
        "lines-TOTAL_FORMS": "9",
    }
    assert client.post(url(seven_lines, "edit"), data).status_code == 302
    assert sorted(seven_lines.lines.values_list("quantity", flat=True)) == [2, 3, 4, 4, 5, 6, 7, 9]


def test_more_lines_than_allowed_are_refused_not_cut(world, login, api_client, seven_lines, many_products):
    client = login(world.rep_a)
    data = _posted_form(client.get(url(seven_lines, "edit")).content.decode())
    for index in range(7, 52):
        data |= {f"lines-{index}-product_id": str(many_products[0].public_id), f"lines-{index}-quantity": "1"}
    data["lines-TOTAL_FORMS"] = "52"
    before, count = snapshot(seven_lines), events()
    response = client.post(url(seven_lines, "edit"), data)
    assert response.status_code == 200 and "At most 50 product lines." in response.content.decode()
    assert snapshot(seven_lines) == before and events() == count and seven_lines.lines.count() == 7
    lines = [{"product_id": str(many_products[0].public_id), "quantity": 1}] * 51
    response = api_client(world.rep_a).patch(api(seven_lines), {"lines": lines}, content_type=JSON)
    assert response.status_code == 422
    assert snapshot(seven_lines) == before and seven_lines.lines.count() == 7


def test_the_api_keeps_every_line_and_a_patch_without_lines_keeps_them(world, api_client, seven_lines):
    client = api_client(world.rep_a)
    response = client.patch(api(seven_lines), {"notes": "Call on Monday"}, content_type=JSON)
    assert response.status_code == 200 and len(response.json()["lines"]) == 7
    assert seven_lines.lines.count() == 7


# --- decisions with an invalid note ------------------------------------------------------------------------


LONG = "x" * 2001


@pytest.mark.parametrize(
    ("user", "action", "data"),
    [
        ("cam", "approve", {"note": LONG}),
        ("cam", "reject", {"reason": LONG}),
    ],
)
def test_a_note_too_long_refuses_the_decision_and_keeps_the_text(world, login, submitted, user, action, data):
    client = login(getattr(world, user))
    before, count, emails = snapshot(submitted), events(), len(mail.outbox)
    response = client.post(url(submitted, action), data, follow=True)
    body = response.content.decode()
    assert "Ensure this value has at most 2000 characters" in body
    assert LONG in body  # what was typed is still on screen
    assert "Registration approved." not in body and "Registration rejected." not in body
    assert (snapshot(submitted), events(), len(mail.outbox)) == (before, count, emails)


def test_a_note_too_long_is_refused_by_the_api_alike(world, api_client, submitted):
    client = api_client(world.cam)
    before, count = snapshot(submitted), events()
    for action, body in (("approve", {"note": LONG}), ("reject", {"reason": LONG})):
        response = client.post(api(submitted, action), body, content_type=JSON)
        assert response.status_code == 422, action
    assert (snapshot(submitted), events()) == (before, count)


def test_an_appeal_too_long_is_refused_in_the_page_and_the_api(world, login, api_client, submitted):
    registration_reject(actor=world.actor(world.cam), registration=submitted, reason="Duplicate")
    rep_api = api_client(world.rep_a)
    before, count = snapshot(submitted), events()
    response = login(world.rep_a).post(url(submitted, "appeal"), {"reason": LONG}, follow=True)
    body = response.content.decode()
    assert "Ensure this value has at most 2000 characters" in body and LONG in body
    assert "Appeal sent" not in body
    response = rep_api.post(api(submitted, "appeal"), {"reason": LONG}, content_type=JSON)
    assert response.status_code == 422
    assert (snapshot(submitted), events()) == (before, count)


# --- exports hold exactly the rows on screen, every page -------------------------------------------------


def _submit(world, products, name, **extra):
    registration, _ = registration_create(
        actor=world.actor(world.rep_a),
        data=draft_data(
            customer_name=name, customer_domain=f"{name.lower().replace(' ', '')}.example", **extra
        ),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    return registration_submit(actor=world.actor(world.rep_a), registration=registration)


def test_the_export_link_follows_filters_applied_through_htmx(world, login, products):
    for i in range(30):
        _submit(world, products, f"Northwind {i:02d}", stage="proposal" if i % 3 else "commit")
    _submit(world, products, "Contoso Other", stage="commit")
    client = login(world.cam)
    fragment = client.get("/deals/pipeline/?q=northwind&stage=proposal", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    links = re.findall(r'href="(/deals/pipeline/export/\?[^"]*)"', html)
    assert len(links) == 2, html  # CSV and XLSX, inside the fragment the filters replace
    csv_url = links[0].replace("&amp;", "&")
    assert "q=northwind" in csv_url and "stage=proposal" in csv_url
    body = b"".join(client.get(csv_url).streaming_content).decode()
    names = sorted(line.split(",")[1] for line in body.splitlines()[1:])
    expected = sorted(f"Northwind {i:02d}" for i in range(30) if i % 3)
    assert names == expected  # 20 rows: every page, not the 25 rows of one page nor the whole pipeline


def test_the_partner_export_and_xlsx_hold_the_filtered_rows(world, login, products):
    _submit(world, products, "Northwind Alpha")
    _submit(world, products, "Contoso Beta")
    client = login(world.rep_a)
    body = b"".join(client.get("/deals/export/?q=northwind").streaming_content).decode()
    assert "Northwind Alpha" in body and "Contoso Beta" not in body
    response = client.get("/deals/export/?q=northwind&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import zipfile
    from io import BytesIO

    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "Northwind Alpha" in sheet and "Contoso Beta" not in sheet


# --- the extension form states and enforces the rules' limit ----------------------------------------------


@override_settings(DEAL_MAX_EXTENSION_DAYS=45)
def test_the_extension_form_states_and_enforces_the_limit(world, login, api_client, approved):
    client = login(world.rep_a)
    page = client.get(url(approved)).content.decode()
    assert 'max="45"' in page and "From 1 to 45 days." in page
    rep_api = api_client(world.rep_a)
    count = events()
    response = client.post(url(approved, "extension"), {"days": "46", "reason": "More time"})
    assert response.status_code == 200 and "Ask for 1 to 45 days." in response.content.decode()
    assert "More time" in response.content.decode()
    response = rep_api.post(
        api(approved, "extensions"), {"days": 46, "reason": "More time"}, content_type=JSON
    )
    assert response.status_code == 422
    assert not ExtensionRequest.objects.exists() and events() == count


# --- offer only actions that can succeed -----------------------------------------------------------------


def test_actions_in_the_api_follow_the_rules(world, api_client, submitted, products):
    cam = api_client(world.cam)
    assert set(cam.get(api(submitted)).json()["actions"]) == {"approve", "reject", "check"}
    rep = api_client(world.rep_a)
    assert rep.get(api(submitted)).json()["actions"] == []
    registration_reject(actor=world.actor(world.cam), registration=submitted, reason="Duplicate")
    assert rep.get(api(submitted)).json()["actions"] == ["appeal"]


def test_grant_is_not_offered_while_another_partner_holds_the_customer(world, api_client, products):
    alpha = _submit(world, products, "Shared Customer")
    bravo, _ = registration_create(
        actor=world.actor(world.rep_b),
        data=draft_data(customer_name="Shared Customer", customer_domain="sharedcustomer.example"),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    bravo = registration_submit(actor=world.actor(world.rep_b), registration=bravo)
    registration_reject(actor=world.actor(world.cam), registration=bravo, reason="Alpha was first")
    api_client(world.rep_b).post(api(bravo, "appeal"), {"reason": "We were"}, content_type=JSON)
    chief = api_client(world.chief)
    actions = chief.get(api(bravo)).json()["actions"]
    assert "uphold_appeal" in actions and "grant_appeal" not in actions
    before = snapshot(bravo)
    response = chief.post(api(bravo, "appeal/decision"), {"grant": True, "note": "ok"}, content_type=JSON)
    assert response.status_code == 422 and "registered this customer first" in response.json()["detail"]
    assert snapshot(bravo) == before
    registration_reject(actor=world.actor(world.cam), registration=alpha, reason="Lapsed")
    assert {"grant_appeal", "uphold_appeal"} <= set(chief.get(api(bravo)).json()["actions"])


# --- every status text follows the real state ------------------------------------------------------------


def test_status_texts_follow_the_registration(world, login, products):
    account_name = "Northwind Traders"
    from direct.services import account_create

    account_create(actor=world.actor(world.ops), data={"name": account_name, "is_named_account": True})
    registration = _submit(world, products, "Northwind Traders Ltd", customer_tax_id="")
    rep, cam = login(world.rep_a), login(world.cam)
    page = rep.get(url(registration)).content.decode()
    assert "will review it and explain the decision" in page
    assert "If approved, protected for" in page and "Protected for" not in page
    registration_reject(actor=world.actor(world.cam), registration=registration, reason="Direct account")
    page = rep.get(url(registration)).content.decode()
    assert "will review it and explain" not in page and "took this into account in the decision" in page
    assert "protected for" not in page.lower()
    assert "You can appeal until" in page
    staff_page = cam.get(url(registration)).content.decode()
    assert "No rule singles this deal out" in staff_page or "Named account" in staff_page
    assert "No rule matched" not in staff_page


def test_an_approved_registration_reads_protected_until_its_end(world, login, approved):
    page = login(world.rep_a).get(url(approved)).content.decode()
    assert "Approved and protected until" in page
    DealRegistration.objects.filter(pk=approved.pk).update(
        protected_until=timezone.localdate() - timedelta(days=1)
    )
    page = login(world.rep_a).get(url(approved)).content.decode()
    headline = re.search(r'<p id="status-text">(.*?)</p>', page).group(1)
    assert "the protection ended on" in headline and "protected until" not in headline
    assert approved.status == S.APPROVED and DealLine.objects.filter(registration=approved).exists()


# --- query budgets: a list costs the same number of queries however many rows it shows -----------------


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("cam", "/deals/pipeline/"),
        ("cam", "/deals/pipeline/?sort=-amount&stage=proposal"),
        ("cam", "/deals/pipeline/export/"),
        ("cam", "/deals/pipeline/export/?format=xlsx"),
        ("rep_a", "/deals/"),
        ("rep_a", "/deals/?view=board"),
        ("rep_a", "/deals/export/"),
    ],
)
def test_list_pages_have_a_constant_query_budget(world, login, products, user, path):
    client = login(getattr(world, user))
    _submit(world, products, "First Customer", stage="proposal")
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    for i in range(12):
        _submit(world, products, f"Customer {i}", stage="proposal")
    assert _queries(client, path) == few


@pytest.mark.parametrize("user", ["cam", "rep_a"])
def test_the_api_list_has_a_constant_query_budget(world, api_client, products, user):
    client = api_client(getattr(world, user))
    _submit(world, products, "First Customer")
    _queries(client, "/api/deals/registrations")
    few = _queries(client, "/api/deals/registrations")
    for i in range(12):
        _submit(world, products, f"Customer {i}")
    assert _queries(client, "/api/deals/registrations") == few


def test_a_quarter_outside_the_calendar_is_refused_not_an_error(world, api_client, login):
    for value in ("0000-Q1", "9999-Q4"):
        response = api_client(world.cam).get(f"/api/deals/registrations?close_quarter={value}")
        assert response.status_code == 422, value
        assert login(world.cam).get(f"/deals/pipeline/?close_quarter={value}").status_code == 200
    assert api_client(world.cam).get("/api/deals/registrations?close_quarter=2026-Q4").status_code == 200
