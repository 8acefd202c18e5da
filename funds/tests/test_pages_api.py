"""The MDF pages and API for staff, a partner's admin and its rep: lists, forms, a record's page with its
buttons, exports, the home cards; every list keeps its query budget as rows grow."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import error_codes, items
from funds.models import ClaimFile, FundAllocation, FundBudget, FundClaim, FundRequest
from funds.selectors import current_period
from funds.testing import approved_request, claim_for, pdf, png, request_values
from ledger.models import LedgerTransaction

pytestmark = pytest.mark.django_db
D = Decimal


def _text(response) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.content.decode()


def _form(values: dict) -> dict:
    return {k: ("" if v is None else v) for k, v in values.items()}


def test_staff_pages(login, world, marketing, funded, admin_a):
    request = approved_request(admin_a, marketing)
    claim = claim_for(admin_a, request)
    client = login(world.marketing)
    overview = _text(client.get("/funds/"))
    assert str(current_period().label) in overview and "50,000.00" in overview
    budget = funded[0].budget
    assert "Alpha Systems" in _text(client.get(f"/funds/budgets/{budget.public_id}/"))
    assert current_period().label in _text(client.get("/funds/budgets/"))
    assert "Alpha Systems" in _text(client.get("/funds/allocations/"))
    assert "Alpha Systems" in _text(client.get(f"/funds/allocations/{funded[0].public_id}/"))
    page = _text(client.get("/funds/requests/"))
    assert request.code in page and "Alpha Systems" in page
    page = _text(client.get(f"/funds/requests/{request.public_id}/"))
    assert request.code in page and "What the activity brought" in page
    page = _text(client.get(f"/funds/claims/{claim.public_id}/"))
    assert "invoice" in page.lower() and 'id="decision"' in page and "/files/" in page
    assert claim.invoice_number in _text(client.get("/funds/claims/?status=open"))
    assert "Alpha Systems" in _text(client.get("/funds/roi/"))
    for url in (
        "/funds/requests/export/",
        "/funds/claims/export/",
        "/funds/allocations/export/",
        "/funds/budgets/export/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert b"".join(response.streaming_content).count(b"\n") >= 2
    xlsx = client.get("/funds/requests/export/?format=xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(xlsx.content)).read("xl/worksheets/sheet1.xml").decode()
    assert len(re.findall(r"<row ", sheet)) == 2
    home = _text(client.get("/dashboard/"))
    assert "Fund claims awaiting approval" in home


def test_marketing_creates_a_budget_allocates_and_decides_through_the_pages(login, world, admin_a):
    client = login(world.marketing)
    assert _text(client.get("/funds/budgets/new/"))
    response = client.post(
        "/funds/budgets/new/",
        {"period": current_period().code, "currency": "USD", "amount": "20000", "notes": ""},
    )
    assert response.status_code == 302
    budget = FundBudget.objects.get()
    world.partner_a.tier = world.partner_b.tier = "gold"
    world.partner_a.save()
    world.partner_b.save()
    assert _text(client.get(f"/funds/allocations/new/?budget={budget.public_id}"))
    response = client.post(
        "/funds/allocations/new/",
        {"budget": budget.public_id, "partner": "", "tier": "gold", "basis": "fixed", "amount": "4000"},
    )
    assert response.status_code == 302 and FundAllocation.objects.count() == 2
    # too much for the budget: the form again, nothing booked
    transactions = LedgerTransaction.objects.count()
    response = client.post(
        "/funds/allocations/new/",
        {
            "budget": budget.public_id,
            "partner": world.reseller.public_id,
            "tier": "",
            "basis": "fixed",
            "amount": "12001",
        },
    )
    assert "left to allocate" in _text(response) and LedgerTransaction.objects.count() == transactions
    from funds.services import request_create

    fund_request = request_create(actor=admin_a, data=request_values())
    response = client.post(
        f"/funds/requests/{fund_request.public_id}/approve/", {"amount": "1000", "reason": ""}
    )
    assert "Say why less is approved" in _text(response)
    fund_request.refresh_from_db()
    assert fund_request.status == "submitted"
    response = client.post(f"/funds/requests/{fund_request.public_id}/approve/", {"amount": "", "reason": ""})
    assert response.status_code == 302
    fund_request.refresh_from_db()
    assert fund_request.status == "approved" and fund_request.approved_amount == D("3000.00")
    response = client.post(
        f"/funds/budgets/{budget.public_id}/adjust/", {"amount": "25000", "reason": "More"}
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.amount == D("25000.00")
    # a button the rules do not offer: refused with its message
    response = client.post(f"/funds/budgets/{budget.public_id}/close/", follow=True)
    assert "expire after that" in _text(response)


def test_the_partner_asks_and_claims_through_the_pages(login, world, funded, marketing):
    client = login(world.admin_a)
    page = _text(client.get("/funds/requests/new/"))
    assert current_period().label in page
    starts, ends = request_values()["starts_on"], request_values()["ends_on"]
    values = _form(request_values()) | {"starts_on": starts.isoformat(), "ends_on": ends.isoformat()}
    response = client.post("/funds/requests/new/", values)
    assert response.status_code == 302
    fund_request = FundRequest.objects.get()
    page = _text(client.get(f"/funds/requests/{fund_request.public_id}/"))
    assert fund_request.code in page and "Withdraw" in page
    from funds.services import request_approve

    request_approve(actor=marketing, request=fund_request, data={})
    page = _text(client.get(f"/funds/requests/{fund_request.public_id}/"))
    assert "Claim the funds" in page
    assert _text(client.get(f"/funds/requests/{fund_request.public_id}/claim/"))
    response = client.post(
        f"/funds/requests/{fund_request.public_id}/claim/",
        {
            "amount": "3000",
            "actual_cost": "3500",
            "invoice_number": "A-77",
            "invoice_date": ends.isoformat(),
            "attendees": "40",
            "results": "Full room",
            "invoice_file": pdf(marker="page"),
            "proof_file": png(marker="page"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    claim = FundClaim.objects.get()
    assert claim.files.count() == 2
    page = _text(client.get(f"/funds/claims/{claim.public_id}/"))
    assert "A-77" in page and "Add the file" in page and 'id="decision"' not in page
    response = client.post(
        f"/funds/claims/{claim.public_id}/add-file/", {"kind": "screenshot", "file": png(marker="shot")}
    )
    assert response.status_code == 302 and claim.files.count() == 3
    home = _text(client.get("/my/"))
    assert fund_request.code in home and "available in" in home
    assert fund_request.title in _text(client.get("/funds/roi/"))


def test_a_rep_sees_the_activities_and_their_codes_but_no_money(login, world, funded, marketing, admin_a):
    request = approved_request(admin_a, marketing)
    claim = claim_for(admin_a, request)
    client = login(world.rep_a)
    page = _text(client.get("/funds/requests/"))
    assert request.code in page and "3,000" not in page and "3000" not in page
    page = _text(client.get(f"/funds/requests/{request.public_id}/"))
    assert request.code in page and "3000" not in page and "3,000" not in page
    assert claim.invoice_number not in _text(client.get("/funds/claims/"))
    assert client.get(f"/funds/claims/{claim.public_id}/").status_code == 404
    assert client.get(f"/funds/allocations/{funded[0].public_id}/").status_code == 404
    assert client.get("/funds/requests/new/").status_code == 302
    home = _text(client.get("/my/"))
    assert request.code in home and "available in" not in home
    assert "10,000" not in _text(client.get("/funds/"))


def test_the_api_from_budget_to_payable_claim(api_client, login, world):
    marketing, admin = api_client(world.marketing), api_client(world.admin_a)
    created = marketing.post(
        "/api/funds/budgets",
        {"period": current_period().code, "currency": "USD", "amount": "30000.00", "notes": ""},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    budget = created.json()
    assert budget["unallocated"] == "30000.00" and "allocate" in budget["actions"]
    allocated = marketing.post(
        "/api/funds/allocations",
        {
            "budget": budget["id"],
            "partner": str(world.partner_a.public_id),
            "basis": "fixed",
            "amount": "8000.00",
        },
        content_type="application/json",
    )
    assert allocated.status_code == 201 and allocated.json()["allocations"][0]["allocated"] == "8000.00"
    balances = admin.get("/api/funds/balances").json()
    assert balances["periods"][0]["available"] == "8000.00"
    values = request_values()
    body = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()} | {
        "links": [],
        "launches": [],
    }
    asked = admin.post("/api/funds/requests", body, content_type="application/json")
    assert asked.status_code == 201, asked.content
    fund_request = asked.json()
    assert fund_request["code"].startswith("MDF-") and fund_request["actions"] == ["withdraw"]
    refused = marketing.post(
        f"/api/funds/requests/{fund_request['id']}/approve",
        {"amount": "9000.00"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and error_codes(refused) == {"amount": "approval_above_requested"}
    approved = marketing.post(
        f"/api/funds/requests/{fund_request['id']}/approve", {}, content_type="application/json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    claim = admin.post(
        f"/api/funds/requests/{fund_request['id']}/claims",
        {
            "amount": "3000.00",
            "actual_cost": "3100.00",
            "invoice_number": "API-1",
            "invoice_date": body["ends_on"],
        },
        content_type="application/json",
    )
    assert claim.status_code == 201, claim.content
    claim_id = claim.json()["id"]
    assert "approve" not in api_client(world.marketing).get(f"/api/funds/claims/{claim_id}").json()["actions"]
    for kind, upload in (("invoice", pdf(marker="api")), ("proof", png(marker="api"))):
        uploaded = admin.post(f"/api/funds/claims/{claim_id}/files?kind={kind}", {"file": upload})
        assert uploaded.status_code == 201, uploaded.content
    files = uploaded.json()["files"]
    assert {f["kind"] for f in files} == {"invoice", "proof"} and files[0]["url"].startswith("http")
    assert login(world.admin_a).get(files[0]["url"]).status_code == 200
    approved = marketing.post(f"/api/funds/claims/{claim_id}/approve", {}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert items(admin.get("/api/funds/claims"))[0]["approved_amount"] == "3000.00"
    roi = admin.get(f"/api/funds/requests/{fund_request['id']}/roi").json()
    assert roi["cost"] == "3000.00" or Decimal(str(roi["cost"])) == D("3000.00")
    assert items(marketing.get("/api/funds/roi/partners"))[0]["partner_name"] == "Alpha Systems"
    assert items(admin.get("/api/funds/roi/activities"))[0]["code"] == fund_request["code"]
    assert len(items(marketing.get("/api/funds/budgets"))) == 1
    assert len(items(marketing.get(f"/api/funds/allocations?budget={budget['id']}"))) == 1


def test_the_api_hides_the_money_from_a_rep(api_client, world, funded, marketing, admin_a):
    request = approved_request(admin_a, marketing)
    claim_for(admin_a, request)
    rep = api_client(world.rep_a)
    (row,) = items(rep.get("/api/funds/requests"))
    assert row["code"] == request.code and row["amount"] is None and row["approved_amount"] is None
    assert items(rep.get("/api/funds/claims")) == [] and items(rep.get("/api/funds/allocations")) == []
    assert rep.get("/api/funds/balances").json() == {"periods": [], "payable": {}}
    assert rep.get(f"/api/funds/requests/{request.public_id}/roi").json()["cost"] is None


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _grow(world, marketing, admin_a, n, start=0):
    from funds.services import request_create

    for i in range(start, start + n):
        request = request_create(
            actor=admin_a, data=request_values(title=f"Activity {i}", amount="10.00", cost="10.00")
        )
        if i % 2:
            from funds.services import request_approve

            request = request_approve(actor=marketing, request=request, data={})
            claim_for(admin_a, request, marker=f"q{i}", files=False)


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("marketing", "/funds/requests/"),
        ("marketing", "/funds/requests/?status=open&sort=-amount"),
        ("marketing", "/funds/requests/export/?format=xlsx"),
        ("marketing", "/funds/claims/"),
        ("marketing", "/funds/claims/export/"),
        ("marketing", "/funds/allocations/"),
        ("marketing", "/funds/budgets/"),
        ("marketing", "/funds/roi/"),
        ("admin_a", "/funds/requests/"),
        ("admin_a", "/funds/claims/"),
        ("rep_a", "/funds/requests/"),
        ("api:marketing", "/api/funds/requests"),
        ("api:marketing", "/api/funds/claims"),
        ("api:admin_a", "/api/funds/requests"),
        ("api:marketing", "/api/funds/allocations"),
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, funded, marketing, admin_a, user, path):
    name = user.removeprefix("api:")
    client = api_client(getattr(world, name)) if user.startswith("api:") else login(getattr(world, name))
    _grow(world, marketing, admin_a, 2)
    _queries(client, path)  # the first request does its own bookkeeping
    few = _queries(client, path)
    _grow(world, marketing, admin_a, 8, start=2)
    assert _queries(client, path) == few


def test_files_are_served_to_their_readers_only(login, world, funded, marketing, admin_a):
    claim = claim_for(admin_a, approved_request(admin_a, marketing))
    stored = ClaimFile.objects.filter(claim=claim).first()
    from funds.downloads import claim_file_link

    assert login(world.admin_a).get(claim_file_link(stored, user_id=world.admin_a.pk)).status_code == 200
    assert login(world.marketing).get(claim_file_link(stored, user_id=world.marketing.pk)).status_code == 200
    assert login(world.admin_b).get(claim_file_link(stored, user_id=world.admin_b.pk)).status_code == 404
    assert login(world.rep_a).get(claim_file_link(stored, user_id=world.rep_a.pk)).status_code == 404
