"""The CSV import: all or nothing, per-row errors, updates of existing SKUs, header checks, BOM, ';'."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Product, ProductFamily
from catalog.services import products_import_csv
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db

HEADER = "sku,name,family,list_price,currency,channel_eligibility"


def run(world, text, dry_run=False):
    return products_import_csv(actor=world.actor(world.ops), file_text=text, dry_run=dry_run)


def counts():
    return (Product.objects.count(), ProductFamily.objects.count(), Event.objects.count())


def test_good_file_creates_products_and_families(world, catalog):
    text = (
        f"{HEADER},description\n"
        "HM-1,Sport helmet,Helmets,34.99,USD,both,Red\n"
        'GL-1,"Gloves, S",Clothing,15.54,EUR,channel_only,\n'
    )
    result = run(world, text)
    assert result.ok and result.written
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.families_created == ["Helmets", "Clothing"]
    helmet = Product.objects.get(sku="HM-1")
    assert (
        helmet.family.name == "Helmets"
        and helmet.list_price == Decimal("34.99")
        and helmet.description == "Red"
    )
    assert Product.objects.get(sku="GL-1").name == "Gloves, S"
    assert Event.objects.filter(verb="catalog.product_created").count() == 2
    assert Event.objects.filter(verb="catalog.family_created").count() == 2


def test_dry_run_writes_nothing_but_reports(world, catalog):
    before = counts()
    result = run(world, f"{HEADER}\nHM-1,Helmet,Helmets,34.99,USD,both\n", dry_run=True)
    assert result.ok and not result.written
    assert result.created == 1 and result.families_created == ["Helmets"]
    assert counts() == before


def test_mixed_file_writes_nothing_and_reports_each_bad_row(world, catalog):
    text = (
        f"{HEADER}\n"
        "OK-1,Fine,Bikes,10.00,USD,both\n"
        "bad sku,Broken,Bikes,10.00,USD,both\n"
        "OK-2,,Bikes,abc,XXX,sometimes\n"
        "OK-3,Fine too,New family,5,USD,direct_only\n"
        "ok-1,Duplicate,Bikes,1,USD,both\n"
        "OK-4,Short row\n"
    )
    before, road = counts(), snapshot(catalog["road"])
    result = run(world, text)
    assert not result.ok and not result.written
    found = {(e.row, e.field) for e in result.errors}
    assert found == {
        (3, "sku"),
        (4, "name"),
        (4, "list_price"),
        (4, "currency"),
        (4, "channel_eligibility"),
        (6, "sku"),
        (7, ""),
    }
    assert counts() == before
    assert snapshot(catalog["road"]) == road


def test_existing_skus_are_updated_and_counted(world, catalog):
    text = (
        f"{HEADER},is_active\n"
        "rb-150,Road-150,Bikes,3600.00,USD,channel_only,true\n"  # new price; SKU matched ignoring case
        "TB-2000,Touring-2000,Bikes,1208.24,USD,both,yes\n"  # unchanged
        "OLD-1,Retired saddle,Components,10.00,USD,channel_only,false\n"  # unchanged
        "NEW-9,Brand new,Bikes,1,USD,both,\n"
    )
    result = run(world, text)
    assert result.written
    assert (result.created, result.updated, result.unchanged) == (1, 1, 2)
    road = Product.objects.get(pk=catalog["road"].pk)
    assert road.list_price == Decimal("3600.00")
    event = Event.objects.get(verb="catalog.product_updated")
    assert event.before["list_price"] == "3474.06" and event.after["list_price"] == "3600.00"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("sku,name,family\nA,B,C\n", "missing columns: list_price, currency, channel_eligibility"),
        (f"{HEADER},colour\n", "unknown columns: colour"),
        (f"{HEADER},sku\n", "repeated columns: sku"),
    ],
)
def test_header_errors_are_clear(world, catalog, text, needle):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        run(world, text)
    assert needle in exc.value.message_dict["csv"][0]
    assert counts() == before


def test_bom_and_semicolons(world, catalog):
    text = (
        "\ufeffsku;name;family;list_price;currency;channel_eligibility\r\n"
        "HM-1;Helmet;Helmets;34,99;USD;both\r\n"
    )
    result = run(world, text)
    assert result.ok and result.created == 1
    assert Product.objects.get(sku="HM-1").list_price == Decimal("34.99")


def test_row_limit(world, catalog, monkeypatch):
    monkeypatch.setattr("catalog.services.MAX_IMPORT_ROWS", 2)
    rows = "".join(f"S-{i},N,Bikes,1,USD,both\n" for i in range(3))
    with pytest.raises(ValidationError) as exc:
        run(world, f"{HEADER}\n{rows}")
    assert "at most" in exc.value.message_dict["csv"][0]
    assert not Product.objects.filter(sku__startswith="S-").exists()


def test_import_needs_catalog_manage(world, catalog):
    before = counts()
    for user in (world.chief, world.marketing, world.admin_a):
        with pytest.raises(PermissionDenied):
            products_import_csv(
                actor=world.actor(user), file_text=f"{HEADER}\nX-1,X,Bikes,1,USD,both\n", dry_run=False
            )
    assert counts() == before


def test_demo_products_file_imports_cleanly(world):
    from demo.seeding import DATA_DIR

    result = run(world, (DATA_DIR / "products.csv").read_text(encoding="utf-8"))
    assert result.written and result.created == 20
    eligibilities = set(Product.objects.values_list("channel_eligibility", flat=True))
    assert eligibilities == {"channel_only", "direct_only", "both"}
