"""The catalogue API (/api/catalog…)."""

import pytest

from catalog.models import Product, ProductFamily
from core.models import Event
from core.testing import error_codes, error_fields, items, snapshot

pytestmark = pytest.mark.django_db

JSON = "application/json"
HEADER = "sku,name,family,list_price,currency,channel_eligibility"


def skus(response) -> set[str]:
    return {p["sku"] for p in items(response)}


def test_list_products_staff_and_partner(world, catalog, api_client):
    assert skus(api_client(world.marketing).get("/api/catalog/products")) == {
        "RB-150",
        "TB-2000",
        "DIRECT-1",
        "OLD-1",
    }
    assert skus(api_client(world.rep_a).get("/api/catalog/products")) == {"RB-150", "TB-2000"}


def test_list_filters_and_paging(world, catalog, api_client):
    client = api_client(world.cam)
    assert skus(client.get("/api/catalog/products?q=road")) == {"RB-150"}
    assert skus(client.get(f"/api/catalog/products?family={catalog['parts'].public_id}")) == {
        "DIRECT-1",
        "OLD-1",
    }
    assert skus(client.get("/api/catalog/products?eligibility=both")) == {"TB-2000"}
    page = client.get("/api/catalog/products?limit=1&offset=1").json()
    assert [p["sku"] for p in page["items"]] == ["TB-2000"]  # ordered by family, then sku
    assert page["count"] == 4
    for query in ("limit=0", "limit=501", "offset=-1", "family=nope", "eligibility=sometimes"):
        response = client.get(f"/api/catalog/products?{query}")
        assert response.status_code == 422, query
        assert error_fields(response) == {query.split("=")[0]}


def test_amounts_are_strings(world, catalog, api_client):
    body = api_client(world.ops).get(f"/api/catalog/products/{catalog['road'].public_id}").json()
    assert body["list_price"] == "3474.06"
    assert body["family"] == "Bikes" and body["family_id"] == str(catalog["bikes"].public_id)


def test_get_product_scoping(world, catalog, api_client):
    rep = api_client(world.rep_a)
    assert rep.get(f"/api/catalog/products/{catalog['road'].public_id}").status_code == 200
    assert rep.get(f"/api/catalog/products/{catalog['direct'].public_id}").status_code == 404
    assert rep.get(f"/api/catalog/products/{catalog['retired'].public_id}").status_code == 404
    assert rep.get("/api/catalog/products/00000000-0000-0000-0000-000000000000").status_code == 404
    assert (
        api_client(world.chief).get(f"/api/catalog/products/{catalog['direct'].public_id}").status_code == 200
    )


def test_create_product(world, catalog, api_client):
    payload = {
        "sku": "HM-1",
        "name": "Helmet",
        "family_id": str(catalog["parts"].public_id),
        "list_price": "34.99",
        "currency": "EUR",
        "channel_eligibility": "channel_only",
    }
    response = api_client(world.ops).post("/api/catalog/products", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["list_price"] == "34.99"
    assert Product.objects.get(sku="HM-1").family == catalog["parts"]


def test_create_product_errors(world, catalog, api_client):
    client = api_client(world.ops)
    base = {"sku": "HM-1", "name": "Helmet", "family_id": str(catalog["parts"].public_id), "list_price": "1"}
    before = Product.objects.count()
    bad = client.post("/api/catalog/products", base | {"list_price": "lots"}, content_type=JSON)
    assert bad.status_code == 422
    assert error_codes(bad) == {"list_price": "invalid"}
    duplicate = client.post("/api/catalog/products", base | {"sku": "RB-150"}, content_type=JSON)
    assert duplicate.status_code == 422
    assert error_fields(duplicate) == {"sku"}
    unknown = client.post(
        "/api/catalog/products",
        base | {"family_id": "00000000-0000-0000-0000-000000000000"},
        content_type=JSON,
    )
    assert unknown.status_code == 422 and error_fields(unknown) == {"family_id"}
    for user in (world.marketing, world.admin_a):
        assert api_client(user).post("/api/catalog/products", base, content_type=JSON).status_code == 403
    assert Product.objects.count() == before


def test_patch_product(world, catalog, api_client):
    road = catalog["road"]
    url = f"/api/catalog/products/{road.public_id}"
    row = snapshot(road)
    assert api_client(world.cam).patch(url, {"list_price": "1"}, content_type=JSON).status_code == 403
    assert api_client(world.admin_a).patch(url, {"list_price": "1"}, content_type=JSON).status_code == 403
    assert api_client(world.ops).patch(url, {"list_price": "-1"}, content_type=JSON).status_code == 422
    assert snapshot(road) == row
    direct = f"/api/catalog/products/{catalog['direct'].public_id}"
    assert api_client(world.admin_a).patch(direct, {"name": "x"}, content_type=JSON).status_code == 404

    ok = api_client(world.ops).patch(
        url, {"list_price": "3600", "family_id": str(catalog["parts"].public_id)}, content_type=JSON
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["list_price"] == "3600.00" and ok.json()["family"] == "Components"
    missing = "/api/catalog/products/00000000-0000-0000-0000-000000000000"
    assert api_client(world.ops).patch(missing, {"name": "x"}, content_type=JSON).status_code == 404


def test_families(world, catalog, api_client):
    names = [f["name"] for f in items(api_client(world.cam).get("/api/catalog/families"))]
    assert names == ["Bikes", "Components"]
    assert [f["name"] for f in items(api_client(world.rep_a).get("/api/catalog/families"))] == ["Bikes"]
    created = api_client(world.ops).post("/api/catalog/families", {"name": "Helmets"}, content_type=JSON)
    assert created.status_code == 201 and created.json()["name"] == "Helmets"
    assert (
        api_client(world.ops).post("/api/catalog/families", {"name": "bikes"}, content_type=JSON).status_code
        == 422
    )
    assert (
        api_client(world.chief).post("/api/catalog/families", {"name": "X"}, content_type=JSON).status_code
        == 403
    )
    assert not ProductFamily.objects.filter(name="X").exists()


def test_import(world, catalog, api_client):
    client = api_client(world.ops)
    text = f"{HEADER}\nHM-1,Helmet,Helmets,34.99,USD,both\nRB-150,Road-150,Bikes,3474.06,USD,channel_only\n"
    dry = client.post("/api/catalog/products/import", {"csv": text, "dry_run": True}, content_type=JSON)
    assert dry.status_code == 200
    assert dry.json()["created"] == 1 and dry.json()["unchanged"] == 1 and dry.json()["written"] is False
    assert not Product.objects.filter(sku="HM-1").exists()
    done = client.post("/api/catalog/products/import", {"csv": text}, content_type=JSON)
    assert done.status_code == 200 and done.json()["written"] is True
    assert Product.objects.filter(sku="HM-1").exists()


def test_import_errors(world, catalog, api_client):
    client, marketing = api_client(world.ops), api_client(world.marketing)
    before = (Product.objects.count(), Event.objects.count())  # after the token events
    text = f"{HEADER}\nOK-1,Fine,Bikes,1,USD,both\nBAD,,Bikes,1,USD,both\n"
    bad = client.post("/api/catalog/products/import", {"csv": text}, content_type=JSON)
    assert bad.status_code == 422
    assert bad.json() == {
        "detail": "Row 3, name: Enter the product's name.",
        "errors": [{"row": 3, "field": "name", "code": "invalid", "message": "Enter the product's name."}],
    }
    header = client.post("/api/catalog/products/import", {"csv": "a,b\n"}, content_type=JSON)
    assert header.status_code == 422 and error_fields(header) == {"csv"}
    denied = marketing.post("/api/catalog/products/import", {"csv": text}, content_type=JSON)
    assert denied.status_code == 403
    assert (Product.objects.count(), Event.objects.count()) == before
