"""The direct-sales API (/api/direct/…)."""

import pytest

from core.models import Event
from core.testing import error_codes, error_fields, items, snapshot
from direct.models import DirectAccount, DirectDeal

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_list_and_get_accounts(world, api_client, account):
    client = api_client(world.marketing)
    rows = items(client.get("/api/direct/accounts"))
    assert [r["name"] for r in rows] == ["Contoso Ltd"]
    assert rows[0]["annual_revenue"] == "1250000.50"
    assert rows[0]["tax_id_key"] == "GB123456"
    assert items(client.get("/api/direct/accounts?segment=smb")) == []
    assert len(items(client.get("/api/direct/accounts?q=contoso&named=yes"))) == 1
    one = client.get(f"/api/direct/accounts/{account.public_id}")
    assert one.status_code == 200 and one.json()["owner_email"] == world.cam.email
    assert client.get("/api/direct/accounts/00000000-0000-0000-0000-000000000000").status_code == 404


def test_paging_is_validated(world, api_client):
    client = api_client(world.chief)
    for query in ("limit=0", "limit=501", "offset=-1", "owner=nope"):
        for url in ("/api/direct/accounts", "/api/direct/deals"):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 422, query
            assert error_fields(response) == {query.split("=")[0]}, query


def test_create_and_patch_account(world, api_client):
    client = api_client(world.ops)
    response = client.post(
        "/api/direct/accounts",
        {
            "name": "Northwind",
            "web_domain": "Northwind.example",
            "annual_revenue": "12.5",
            "owner_email": "cam@vendor.test",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["web_domain"] == "northwind.example" and body["annual_revenue"] == "12.50"
    dup = client.post(
        "/api/direct/accounts", {"name": "Other", "web_domain": "northwind.example"}, content_type=JSON
    )
    assert dup.status_code == 422 and "Northwind" in dup.json()["detail"]
    patched = client.patch(f"/api/direct/accounts/{body['id']}", {"segment": "enterprise"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["segment"] == "enterprise"
    bad = client.patch(f"/api/direct/accounts/{body['id']}", {"segment": "huge"}, content_type=JSON)
    assert bad.status_code == 422 and error_codes(bad) == {"segment": "invalid_choice"}


def test_refusals_change_nothing(world, api_client, account, deal):
    cam, partner = api_client(world.cam), api_client(world.admin_a)  # (token creation records events)
    before_account, before_deal, events = snapshot(account), snapshot(deal), Event.objects.count()
    assert cam.get("/api/direct/accounts").status_code == 200
    assert cam.post("/api/direct/accounts", {"name": "X"}, content_type=JSON).status_code == 403
    assert (
        cam.patch(f"/api/direct/accounts/{account.public_id}", {"name": "X"}, content_type=JSON).status_code
        == 403
    )
    assert (
        cam.patch(f"/api/direct/deals/{deal.public_id}", {"amount": "1"}, content_type=JSON).status_code
        == 403
    )
    assert (
        cam.post(
            "/api/direct/accounts/import", {"csv": "name\nX", "dry_run": False}, content_type=JSON
        ).status_code
        == 403
    )
    assert partner.get("/api/direct/accounts").status_code == 403
    assert partner.get(f"/api/direct/deals/{deal.public_id}").status_code == 403
    assert snapshot(account) == before_account and snapshot(deal) == before_deal
    assert Event.objects.count() == events


def test_deals_endpoints(world, api_client, account):
    client = api_client(world.chief)
    response = client.post(
        "/api/direct/deals",
        {"account_id": str(account.public_id), "name": "Fleet", "amount": "999.999", "currency": "GBP"},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_codes(response) == {"amount": "invalid"}  # two decimals
    response = client.post(
        "/api/direct/deals",
        {"account_id": str(account.public_id), "name": "Fleet", "amount": "999.99", "currency": "GBP"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    deal = response.json()
    assert deal["amount"] == "999.99" and deal["is_open"] is True
    assert (
        client.post(
            "/api/direct/deals",
            {"account_id": str(account.public_id), "name": "F", "amount": 1.5},
            content_type=JSON,
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/direct/deals",
            {"account_id": "00000000-0000-0000-0000-000000000000", "name": "F", "amount": "1"},
            content_type=JSON,
        ).json()["errors"][0]["field"]
        == "account_id"
    )
    assert [d["name"] for d in items(client.get("/api/direct/deals?status=open"))] == ["Fleet"]
    assert (
        items(client.get(f"/api/direct/deals?account={account.public_id}"))[0]["account_name"]
        == "Contoso Ltd"
    )
    assert client.get(f"/api/direct/deals/{deal['id']}").status_code == 200
    closed = client.patch(f"/api/direct/deals/{deal['id']}", {"stage": "won"}, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    assert (
        client.patch(f"/api/direct/deals/{deal['id']}", {"amount": "1"}, content_type=JSON).status_code == 422
    )
    assert client.get("/api/direct/deals/00000000-0000-0000-0000-000000000000").status_code == 404


def test_import_endpoints(world, api_client):
    client = api_client(world.ops)
    text = "name,web_domain\nNorthwind,northwind.example\n"
    dry = client.post("/api/direct/accounts/import", {"csv": text, "dry_run": True}, content_type=JSON)
    assert dry.status_code == 200 and dry.json() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "dry_run": True,
    }
    assert not DirectAccount.objects.exists()
    bad = client.post(
        "/api/direct/accounts/import", {"csv": text + "X,bad domain\n", "dry_run": False}, content_type=JSON
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {
            "row": 3,
            "field": "web_domain",
            "code": "invalid",
            "message": "Enter a web domain such as example.com.",
        }
    ]
    assert not DirectAccount.objects.exists()
    assert (
        client.post("/api/direct/accounts/import", {"csv": text, "dry_run": False}, content_type=JSON).json()[
            "created"
        ]
        == 1
    )
    deals = "account_domain,name,amount\nnorthwind.example,Pilot,10\n"
    done = client.post("/api/direct/deals/import", {"csv": deals, "dry_run": False}, content_type=JSON)
    assert done.status_code == 200 and done.json()["created"] == 1
    bad = client.post(
        "/api/direct/deals/import", {"csv": "name,amount\nX,1\n", "dry_run": False}, content_type=JSON
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
    assert DirectDeal.objects.count() == 1
