"""Catalogue pages: the staff list (filters, export), ops forms, the import preview, the partner catalogue."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product, ProductFamily
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def skus(response) -> set[str]:
    assert response.status_code == 200
    return {p.sku for p in response.context["page"]}


def test_staff_list_shows_everything_and_filters(world, catalog, login):
    client = login(world.marketing)
    assert skus(client.get("/catalog/")) == {"RB-150", "TB-2000", "DIRECT-1", "OLD-1"}
    assert skus(client.get("/catalog/?q=touring")) == {"TB-2000"}
    assert skus(client.get(f"/catalog/?family={catalog['parts'].public_id}")) == {"DIRECT-1", "OLD-1"}
    assert skus(client.get("/catalog/?eligibility=direct_only")) == {"DIRECT-1"}
    partial = client.get("/catalog/?q=road", headers={"HX-Request": "true"})
    assert skus(partial) == {"RB-150"}
    assert b"<html" not in partial.content


def test_staff_export_follows_the_filters(world, catalog, login):
    response = login(world.cam).get("/catalog/export.csv?eligibility=channel_only")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "sku,name,family,list_price,currency,channel_eligibility,description,is_active"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["OLD-1", "RB-150"]
    assert "RB-150,Road-150,Bikes,3474.06,USD,channel_only,,true" in lines


def test_ops_creates_and_edits_a_product(world, catalog, login):
    client = login(world.ops)
    assert client.get("/catalog/new/").status_code == 200
    form = {
        "sku": "HM-1",
        "name": "Helmet",
        "family": str(catalog["parts"].public_id),
        "list_price": "34,99",
        "currency": "EUR",
        "channel_eligibility": "both",
        "is_active": "on",
    }
    response = client.post("/catalog/new/", form)
    assert response.status_code == 302
    helmet = Product.objects.get(sku="HM-1")
    assert helmet.list_price == Decimal("34.99") and helmet.currency == "EUR"

    edit = f"/catalog/{helmet.public_id}/edit/"
    assert client.get(edit).status_code == 200
    assert client.post(edit, form | {"list_price": "39.00"}).status_code == 302
    helmet.refresh_from_db()
    assert helmet.list_price == Decimal("39.00")

    invalid = client.post(edit, form | {"sku": "RB-150", "list_price": "lots"})
    assert invalid.status_code == 200
    assert set(invalid.context["form"].errors) == {"sku", "list_price"}

    assert client.post(f"/catalog/{helmet.public_id}/deactivate/").status_code == 302
    helmet.refresh_from_db()
    assert not helmet.is_active


@pytest.mark.parametrize("who", ["marketing", "cam", "chief"])
def test_other_staff_cannot_edit(world, catalog, login, who):
    client = login(getattr(world, who))
    road = catalog["road"]
    row, events = snapshot(road), Event.objects.count()
    page = client.get("/catalog/")
    assert b"/edit/" not in page.content and b"/catalog/new/" not in page.content
    assert client.get("/catalog/new/").status_code == 403
    assert client.get(f"/catalog/{road.public_id}/edit/").status_code == 403
    assert client.post(f"/catalog/{road.public_id}/edit/", {"sku": "X", "name": "X"}).status_code == 403
    assert client.post(f"/catalog/{road.public_id}/deactivate/").status_code == 403
    assert client.post("/catalog/families/", {"name": "Sneaky"}).status_code == 403
    assert client.get("/catalog/import/").status_code == 403
    assert snapshot(road) == row
    assert Event.objects.count() == events
    assert not ProductFamily.objects.filter(name="Sneaky").exists()


def test_families_list_and_create(world, catalog, login):
    client = login(world.ops)
    page = client.get("/catalog/families/")
    assert page.status_code == 200 and b"Components" in page.content
    assert client.post("/catalog/families/", {"name": "Helmets"}).status_code == 302
    assert ProductFamily.objects.filter(name="Helmets").exists()
    again = client.post("/catalog/families/", {"name": "helmets"})
    assert again.status_code == 200 and "name" in again.context["family_form"].errors


def test_import_preview_then_confirm(world, catalog, login):
    client = login(world.ops)
    text = "sku,name,family,list_price,currency,channel_eligibility\nHM-1,Helmet,Helmets,34.99,USD,both\n"
    upload = SimpleUploadedFile("products.csv", text.encode("utf-8-sig"), content_type="text/csv")
    preview = client.post("/catalog/import/", {"file": upload})
    assert preview.status_code == 200
    assert preview.context["result"].created == 1
    assert "confirm_form" in preview.context
    assert not Product.objects.filter(sku="HM-1").exists()

    done = client.post("/catalog/import/confirm/", {"csv": preview.context["confirm_form"].initial["csv"]})
    assert done.status_code == 302
    assert Product.objects.get(sku="HM-1").family.name == "Helmets"


def test_import_preview_shows_row_errors_and_no_confirm(world, catalog, login):
    client = login(world.ops)
    text = "sku,name,family,list_price,currency,channel_eligibility\nHM-1,Helmet,Helmets,cheap,USD,both\n"
    preview = client.post("/catalog/import/", {"csv": text})
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    assert [(e.row, e.field) for e in preview.context["result"].errors] == [(2, "list_price")]
    header = client.post("/catalog/import/", {"csv": "a,b\n1,2\n"})
    assert "missing columns" in str(header.context["form"].non_field_errors())
    assert not Product.objects.filter(sku="HM-1").exists()


@pytest.mark.parametrize("who", ["admin_a", "rep_a"])
def test_partner_sees_only_channel_products(world, catalog, login, who):
    client = login(getattr(world, who))
    page = client.get("/catalog/partner/")
    assert skus(page) == {"RB-150", "TB-2000"}
    assert b"DIRECT-1" not in page.content and b"Web shop exclusive" not in page.content
    assert b"/edit/" not in page.content
    assert skus(client.get("/catalog/partner/?eligibility=direct_only")) == {"RB-150", "TB-2000"}
    families = [label for value, label in page.context["form"].fields["family"].choices if value]
    assert families == ["Bikes"]  # Components has only direct-only and inactive products
    assert client.get("/catalog/").status_code == 403
    assert client.get("/catalog/export.csv").status_code == 403
    assert client.get(f"/catalog/{catalog['direct'].public_id}/edit/").status_code == 403


def test_staff_are_sent_to_their_own_list(world, catalog, login):
    assert login(world.cam).get("/catalog/partner/").status_code == 403
    home = login(world.rep_a).get("/catalog/partner/")
    assert b'href="/catalog/partner/"' in home.content
