"""The money pages and API in both languages, for staff and partners: balances and their totals in the program
currency (a missing rate named), transactions and their legs, payout batches through the pages, and a query
budget for every list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import items
from ledger.models import PayoutBatch
from ledger.tests.conftest import accrue, clawback, fund_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world, rates):
    accrue(world.partner_a, "100.00")
    fund_claim(world.partner_a, "40.00")
    accrue(world.partner_a, "20.00", currency="GBP")
    accrue(world.partner_a, "1000.00", currency="KZT")  # no KZT rate
    accrue(world.partner_b, "30.00")
    clawback(world.partner_b, "5.00")
    accrue(world.partner_a, "7.00", person=world.rep_a, description="Ben's SPIFF")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_staff_see_every_partner_and_the_totals(world, books, login, language):
    client = login(world.chief)
    client.cookies["django_language"] = language
    page = client.get("/money/").content.decode()
    assert "Alpha Systems" in page and "Bravo Trading" in page
    assert "KZT" in page and ("no rate from KZT to USD" in page or "нет курса" in page)
    for url in ("/money/transactions/", "/money/payouts/", "/money/rates/", "/money/statements/"):
        assert client.get(url).status_code == 200, url
    filtered = client.get("/money/", {"q": "bravo"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Bravo Trading" in filtered and "Alpha Systems" not in filtered


def test_the_totals_in_the_program_currency(world, books, api_client):
    totals = api_client(world.chief).get("/api/ledger/balances/totals").json()
    assert totals["program_currency"] == "USD"
    eur = next(row for row in totals["currencies"] if row["currency"] == "EUR")
    assert (eur["earnings_payable"], eur["mdf_payable"], eur["clawed_back"]) == ("132.00", "40.00", "5.00")
    assert totals["in_program_currency"]["earnings_payable"] is None  # KZT has no rate
    assert totals["missing_rates"] == ["KZT"]
    without_kzt = api_client(world.chief).get("/api/ledger/balances/totals?currency=EUR").json()
    assert without_kzt["in_program_currency"]["earnings_payable"] == "145.20"  # 132 EUR at 1.10


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_partner_reads_its_own_money(world, books, login, language):
    client = login(world.admin_a)
    client.cookies["django_language"] = language
    page = client.get("/money/").content.decode()
    assert "Bravo" not in page and ("107.00" in page or "107,00" in page)
    listed = client.get("/money/transactions/").content.decode()
    assert "Commission" in listed and "Bravo" not in listed
    assert client.get("/money/payouts/").status_code == 403
    assert client.get("/money/rates/").status_code == 403


def test_a_rep_reads_as_the_settings_say(world, books, login, api_client):
    rep = api_client(world.rep_a)
    own = items(rep.get("/api/ledger/transactions"))
    assert [t["description"] for t in own] == ["Ben's SPIFF"]
    balances = items(rep.get("/api/ledger/balances"))
    assert [(b["currency"], b["earnings_payable"]) for b in balances] == [("EUR", "7.00")]
    page = login(world.rep_a).get("/money/").content.decode()
    assert "Ben&#x27;s SPIFF" in page or "Ben's SPIFF" in page


def test_a_transaction_page_shows_the_legs_the_reader_may_read(world, books, login, api_client):
    from ledger.models import LedgerTransaction

    tx = LedgerTransaction.objects.get(description="Commission", partner=world.partner_a, entries__amount=100)
    staff = login(world.cam).get(f"/money/transactions/{tx.public_id}/").content.decode()
    assert "Incentives earned" in staff and "Earnings payable" in staff
    partner = login(world.admin_a).get(f"/money/transactions/{tx.public_id}/").content.decode()
    assert "Earnings payable" in partner and "Incentives earned" not in partner
    legs = api_client(world.admin_a).get(f"/api/ledger/transactions/{tx.public_id}").json()["legs"]
    assert [(leg["account"], leg["amount"]) for leg in legs] == [("earnings_payable", "-100.00")]
    assert login(world.admin_b).get(f"/money/transactions/{tx.public_id}/").status_code == 404
    # The rep with their own SPIFFs only does not read the company's commission.
    assert login(world.rep_a).get(f"/money/transactions/{tx.public_id}/").status_code == 404


def test_a_payout_through_the_pages(world, books, login):
    ops = login(world.ops)
    form = ops.get("/money/payouts/new/?currency=EUR").content.decode()
    assert "172.00" in form
    made = ops.post("/money/payouts/new/", {"currency": "EUR"})
    assert made.status_code == 302
    batch = PayoutBatch.objects.get()
    assert batch.total == Decimal("172.00")  # Alpha 140 and its rep's 7, Bravo 30 less 5 clawed back
    assert batch.lines.count() == 2
    page = ops.get(made["Location"]).content.decode()
    assert "Alpha Systems" in page and "approve/" in page and "cancel/" in page
    assert ops.post(f"/money/payouts/{batch.public_id}/approve/").status_code == 302
    exported = ops.post(f"/money/payouts/{batch.public_id}/export/")
    assert exported["Content-Type"].startswith("text/csv") and b"Alpha Systems" in exported.content
    assert ops.post(f"/money/payouts/{batch.public_id}/paid/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == "paid" and batch.exported_at is not None
    assert login(world.cam).post(f"/money/payouts/{batch.public_id}/cancel/").status_code == 403
    batch.refresh_from_db()
    assert batch.status == "paid"
    refused = ops.post("/money/payouts/new/", {"currency": "EUR"}).content.decode()
    assert "Nothing is payable in EUR" in refused


def test_the_payout_api(world, books, api_client):
    ops = api_client(world.ops)
    made = ops.post("/api/ledger/payouts", {"currency": "GBP"}, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert (body["total"], body["partners"], body["status"], body["actions"]) == (
        "20.00",
        1,
        "open",
        ["approve", "cancel"],
    )
    assert body["total_in_program_currency"] == "25.00" and body["needs_chief"] is False
    approved = ops.post(f"/api/ledger/payouts/{body['id']}/approve").json()
    assert approved["status"] == "approved" and approved["actions"] == ["export", "mark_paid"]
    csv = ops.post(f"/api/ledger/payouts/{body['id']}/export")
    assert csv.status_code == 200 and b"Alpha Systems" in csv.content
    paid = ops.post(f"/api/ledger/payouts/{body['id']}/paid").json()
    assert paid["status"] == "paid" and paid["lines"][0]["transaction_id"]
    assert items(ops.get("/api/ledger/payouts?status=paid"))[0]["reference"] == "PB-00001"
    assert [p["currency"] for p in ops.get("/api/ledger/payable").json()["currencies"]] == ["EUR", "KZT"]
    assert api_client(world.admin_a).get("/api/ledger/payouts").status_code == 403
    assert api_client(world.admin_a).get(f"/api/ledger/payouts/{body['id']}").status_code == 403


def test_the_check_api(world, books, api_client):
    assert api_client(world.chief).get("/api/ledger/check").status_code == 204
    ran = api_client(world.chief).post("/api/ledger/check")
    assert ran.status_code == 200 and ran.json()["balanced"] is True
    assert api_client(world.chief).get("/api/ledger/check").json()["result"]["transactions"] > 0
    assert api_client(world.cam).post("/api/ledger/check").status_code == 403
    assert api_client(world.admin_a).get("/api/ledger/check").status_code == 403


# --- query budgets: a list costs the same number of queries however many rows it shows -----------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _grow(world, n):
    from accounts.testing import make_partner

    for i in range(n):
        partner = make_partner(f"Grown Partner {i}")
        accrue(partner, f"{i + 1}.00")
        accrue(world.partner_a, "1.00", person=world.rep_a)


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("chief", "/money/"),
        ("chief", "/money/?sort=-earnings_payable&currency=EUR"),
        ("chief", "/money/export/"),
        ("chief", "/money/transactions/"),
        ("chief", "/money/transactions/?account=earnings_payable&sort=partner"),
        ("chief", "/money/transactions/export/?format=xlsx"),
        ("chief", "/money/payouts/"),
        ("chief", "/money/rates/"),
        ("admin_a", "/money/"),
        ("admin_a", "/money/transactions/"),
        ("rep_a", "/money/transactions/"),
        ("chief", "/api/ledger/balances"),
        ("chief", "/api/ledger/transactions"),
        ("admin_a", "/api/ledger/transactions"),
        ("chief", "/api/ledger/payouts"),
        ("chief", "/api/ledger/rates"),
    ],
)
def test_lists_have_a_constant_query_budget(world, books, login, api_client, monkeypatch, user, path):
    from ledger.services import batch_create

    monkeypatch.setattr("ledger.selectors.SETTINGS_SECONDS", 10**9)  # read once, whatever the test's pace
    batch_create(actor=world.actor(world.ops), data={"currency": "GBP"})  # a row in every list
    client = api_client(getattr(world, user)) if path.startswith("/api/") else login(getattr(world, user))
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    _grow(world, 12)
    batch_create(actor=world.actor(world.ops), data={"currency": "EUR"})
    assert _queries(client, path) == few
