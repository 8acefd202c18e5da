"""The products list: one FilterSet and one Table, so the pages, the API and the export agree."""

import re
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product, ProductFamily
from core.testing import error_codes

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _products(n, *, start=0):
    for i in range(start, start + n):
        family = ProductFamily.objects.create(name=f"Budget family {i}")
        Product.objects.create(
            sku=f"BG-{i:03d}", name=f"Budget {i}", family=family, list_price="10.00", description="x"
        )


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("marketing", "/catalog/"),
        ("ops", "/catalog/?sort=-price&eligibility=both&q=budget"),
        ("cam", "/catalog/export.csv"),
        ("cam", "/catalog/export.csv?format=xlsx"),
        ("rep_a", "/catalog/partner/"),
        ("rep_a", "/catalog/partner/?sort=family"),
        ("cam", "/api/catalog/products"),
        ("rep_a", "/api/catalog/products?q=budget"),
        ("ops", "/catalog/families/"),
        ("cam", "/api/catalog/families?sort=-name"),
        ("rep_a", "/api/catalog/families"),
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, user, path):
    person = getattr(world, user)
    client = api_client(person) if path.startswith("/api/") else login(person)
    _products(1)
    _queries(client, path)  # the first request does its own bookkeeping
    few = _queries(client, path)
    _products(12, start=1)
    assert _queries(client, path) == few


def test_export_holds_every_filtered_row_csv_and_xlsx(world, login):
    bikes = ProductFamily.objects.create(name="Bikes")
    for i in range(30):
        Product.objects.create(
            sku=f"RB-{i:03d}",
            name=f"Road {i}",
            family=bikes,
            list_price="100.00",
            channel_eligibility="channel_only" if i % 3 else "direct_only",
        )
    Product.objects.create(sku="MTB-1", name="Mountain", family=bikes, list_price="9.00")
    client = login(world.cam)
    fragment = client.get("/catalog/?q=RB&eligibility=channel_only", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/catalog/export\.csv\?[^"]*)"', html)]
    assert len(links) == 2, html
    expected = sorted(f"RB-{i:03d}" for i in range(30) if i % 3)
    lines = b"".join(client.get(links[0]).streaming_content).decode().splitlines()
    assert lines[0] == "sku,name,family,list_price,currency,channel_eligibility,description,is_active"
    assert sorted(line.split(",")[0] for line in lines[1:]) == expected  # 20 rows: more than a page
    response = client.get(links[1])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert len(re.findall(r"<row ", sheet)) == 21
    assert all(sku in sheet for sku in expected) and "MTB-1" not in sheet and "RB-000" not in sheet


def test_partners_see_no_export_link_and_get_no_export(world, catalog, login):
    client = login(world.rep_a)
    page = client.get("/catalog/partner/").content.decode()
    assert "export" not in page.lower()
    assert client.get("/catalog/export.csv").status_code == 403


def test_wrong_values_dropped_on_the_page_refused_by_the_api(world, catalog, login, api_client):
    page = login(world.cam).get("/catalog/?eligibility=sometimes&q=road")
    assert {p.sku for p in page.context["page"]} == {"RB-150"}
    client = api_client(world.cam)
    for query, field in (("sort=colour", "sort"), ("family=00000000-0000-0000-0000-000000000000", "family")):
        response = client.get(f"/api/catalog/products?{query}")
        assert response.status_code == 422, query
        assert field in error_codes(response)
    skus = [p["sku"] for p in client.get("/api/catalog/products?sort=-price").json()["items"]]
    assert skus == ["RB-150", "TB-2000", "DIRECT-1", "OLD-1"]


def test_families_list_filters_sorts_and_counts_for_staff_only(world, catalog, login, api_client):
    page = login(world.ops).get("/catalog/families/?q=complete&sort=-name")
    assert [f.name for f in page.context["page"]] == ["Bikes"] and page.context["page"][0].product_count == 2
    names = [f["name"] for f in api_client(world.cam).get("/api/catalog/families?sort=-name").json()["items"]]
    assert names == ["Components", "Bikes"]
    assert api_client(world.cam).get("/api/catalog/families?sort=size").status_code == 422
    rep = api_client(world.rep_a).get("/api/catalog/families?q=bikes").json()
    assert [f["name"] for f in rep["items"]] == ["Bikes"] and "product_count" not in rep["items"][0]


def test_the_search_forgives_typos_and_cyrillic_like_the_other_lists(world, login, api_client, catalog):
    client = login(world.cam)
    for query in ("turing", "туринг"):  # Touring-2000, misspelt and in Cyrillic
        page = client.get(f"/catalog/?q={query}").content.decode()
        assert "Touring-2000" in page and "Road-150" not in page, query
    found = items_of(api_client(world.cam).get("/api/catalog/products?q=turing"))
    assert [p["sku"] for p in found] == ["TB-2000"]


def items_of(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]
