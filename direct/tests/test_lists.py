"""The direct-sales lists: one FilterSet and one Table each, so the page, the API and the exports agree."""

import re
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import error_codes, items
from direct.models import DirectAccount, DirectDeal

pytestmark = pytest.mark.django_db


def _account(name, **extra):
    return DirectAccount.objects.create(
        name=name, web_domain=f"{name.lower().replace(' ', '')}.example", **extra
    )


def _deal(account, name, **extra):
    return DirectDeal.objects.create(account=account, name=name, amount="100.00", **extra)


def _queries(client, path, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **kwargs)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _rows(world, n, *, start=0):
    for i in range(start, start + n):
        account = _account(f"Budget {i:02d}", segment="enterprise", owner=world.cam)
        _deal(account, f"Deal {i:02d}", owner=world.cam, stage="proposal")


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [line.split(",") for line in lines]


def _xlsx_text(response) -> tuple[int, str]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    return len(re.findall(r"<row ", sheet)) - 1, sheet


# --- query budgets: the same number of queries with 1 row and with 13 --------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/direct/",
        "/direct/?sort=-open_deals&segment=enterprise",
        "/direct/?owner=none&q=budget",
        "/direct/export.csv",
        "/direct/export.csv?format=xlsx",
        "/direct/deals/",
        "/direct/deals/?sort=account&status=open",
        "/direct/deals/export.csv",
        "/direct/deals/export.csv?format=xlsx",
        "/api/direct/accounts",
        "/api/direct/accounts?sort=name&named=no",
        "/api/direct/deals",
        "/api/direct/deals?stage=proposal",
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.chief) if path.startswith("/api/") else login(world.chief)
    _rows(world, 1)
    _queries(client, path)  # the first request does its own bookkeeping
    few = _queries(client, path)
    _rows(world, 12, start=1)
    assert _queries(client, path) == few


# --- exports hold exactly the filtered rows, every page ----------------------------------------------------


def test_account_export_holds_every_filtered_row_csv_and_xlsx(world, login):
    for i in range(30):
        _account(f"Northwind {i:02d}", segment="enterprise" if i % 3 else "smb")
    _account("Contoso Enterprise", segment="enterprise")
    _account("Northwind Inactive", segment="enterprise", is_active=False)
    client = login(world.cam)
    fragment = client.get("/direct/?q=northwind&segment=enterprise", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/direct/export\.csv\?[^"]*)"', html)]
    assert len(links) == 2, html  # CSV and XLSX, inside the fragment the filters replace
    expected = sorted(f"Northwind {i:02d}" for i in range(30) if i % 3)
    assert len(expected) == 20 and fragment.context["total"] == 20
    rows = _csv(client.get(links[0]))
    assert rows[0][:3] == ["id", "name", "legal_name"] and rows[0][-2:] == ["named_account", "active"]
    assert sorted(r[1] for r in rows[1:]) == expected  # not one page, not the inactive, not Contoso
    count, sheet = _xlsx_text(client.get(links[1]))
    assert "format=xlsx" in links[1] and count == 20
    assert all(name in sheet for name in expected)
    assert "Contoso" not in sheet and "Inactive" not in sheet and "Northwind 00" not in sheet


def test_deal_export_holds_every_filtered_row_csv_and_xlsx(world, login):
    account = _account("Fabrikam")
    for i in range(30):
        _deal(account, f"Renewal {i:02d}", stage="proposal" if i % 2 else "negotiation")
    _deal(account, "Other proposal", stage="proposal")
    client = login(world.marketing)
    html = client.get("/direct/deals/?q=renewal&stage=proposal", headers={"HX-Request": "true"}).content
    links = [
        u.replace("&amp;", "&")
        for u in re.findall(r'href="(/direct/deals/export\.csv\?[^"]*)"', html.decode())
    ]
    assert len(links) == 2
    expected = sorted(f"Renewal {i:02d}" for i in range(30) if i % 2)
    rows = _csv(client.get(links[0]))
    assert sorted(r[1] for r in rows[1:]) == expected
    count, sheet = _xlsx_text(client.get(links[1]))
    assert count == 15 and "Other proposal" not in sheet and "Renewal 00" not in sheet


def test_partner_users_get_no_export(world, login):
    _account("Contoso")
    for user in (world.rep_a, world.admin_a):
        client = login(user)
        assert client.get("/direct/export.csv").status_code == 403
        assert client.get("/direct/deals/export.csv?format=xlsx").status_code == 403


# --- the page drops a wrong value, the API refuses it -----------------------------------------------------


def test_wrong_filter_values_are_dropped_on_the_page_and_refused_by_the_api(world, login, api_client):
    _account("Contoso", segment="smb")
    _account("Fabrikam", segment="enterprise")
    page = login(world.chief).get("/direct/?segment=nonsense&q=contoso")
    assert page.status_code == 200
    assert [a.name for a in page.context["page"]] == ["Contoso"]  # the other filter still applies
    client = api_client(world.chief)
    for url, field in (
        ("/api/direct/accounts?segment=nonsense", "segment"),
        ("/api/direct/accounts?active=maybe", "active"),
        ("/api/direct/accounts?sort=tax_id", "sort"),
        ("/api/direct/deals?status=won", "status"),
        ("/api/direct/deals?account=nope", "account"),
        (f"/api/direct/deals?owner={world.rep_a.public_id}", "owner"),  # not a staff owner
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        assert field in error_codes(response), (url, response.json())


def test_sort_and_active_default(world, api_client):
    _account("Beta", segment="smb")
    _account("Alpha", segment="smb")
    _account("Gamma", is_active=False)
    client = api_client(world.chief)
    assert [a["name"] for a in items(client.get("/api/direct/accounts"))] == ["Alpha", "Beta"]
    assert [a["name"] for a in items(client.get("/api/direct/accounts?sort=-name&active=all"))] == [
        "Gamma",
        "Beta",
        "Alpha",
    ]
    assert [a["name"] for a in items(client.get("/api/direct/accounts?active=no"))] == ["Gamma"]
