"""Catalogue services: validation, permissions (a refusal changes nothing) and events."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Product, ProductFamily
from catalog.services import family_create, family_update, product_create, product_deactivate, product_update
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def counts():
    return (Product.objects.count(), ProductFamily.objects.count(), Event.objects.count())


def data(fam, **extra):
    return {
        "sku": "NEW-1",
        "name": "New bike",
        "family": fam,
        "list_price": "1 234,50",
        "currency": "eur",
        "channel_eligibility": "channel_only",
    } | extra


def test_ops_creates_a_product_with_an_event(world, catalog):
    product = product_create(actor=world.actor(world.ops), data=data(catalog["bikes"]))
    assert product.list_price == Decimal("1234.50")
    assert product.currency == "EUR"
    assert product.is_active
    event = Event.objects.get(verb="catalog.product_created")
    assert event.actor == world.ops
    assert event.after["list_price"] == "1234.50"
    assert event.after["family"] == "Bikes"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", ""),
        ("sku", "has space"),
        ("sku", "x" * 41),
        ("sku", "rb-150"),  # taken, case-insensitively
        ("name", "  "),
        ("family", None),
        ("list_price", "abc"),
        ("list_price", "-5"),
        ("list_price", 12.5),
        ("list_price", ""),
        ("currency", "XXX"),
        ("channel_eligibility", "sometimes"),
    ],
)
def test_product_create_validation(world, catalog, field, value):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        product_create(actor=world.actor(world.ops), data=data(catalog["bikes"], **{field: value}))
    assert field in exc.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a", "rep_a"])
def test_only_ops_writes_the_catalogue(world, catalog, who):
    actor = world.actor(getattr(world, who))
    road = catalog["road"]
    before, row = counts(), snapshot(road)
    with pytest.raises(PermissionDenied):
        product_create(actor=actor, data=data(catalog["bikes"]))
    with pytest.raises(PermissionDenied):
        product_update(actor=actor, product=road, data={"list_price": "1.00"})
    with pytest.raises(PermissionDenied):
        product_deactivate(actor=actor, product=road)
    with pytest.raises(PermissionDenied):
        family_create(actor=actor, data={"name": "Sneaky"})
    with pytest.raises(PermissionDenied):
        family_update(actor=actor, family=catalog["bikes"], data={"name": "Sneaky"})
    assert counts() == before
    assert snapshot(road) == row


def test_product_update_records_before_and_after_prices_as_strings(world, catalog):
    road = catalog["road"]
    product_update(
        actor=world.actor(world.ops), product=road, data={"list_price": "3500", "family": catalog["parts"]}
    )
    road.refresh_from_db()
    assert road.list_price == Decimal("3500.00")
    event = Event.objects.get(verb="catalog.product_updated")
    assert event.before == {"list_price": "3474.06", "family": "Bikes"}
    assert event.after == {"list_price": "3500.00", "family": "Components"}


def test_product_update_without_change_records_nothing(world, catalog):
    product_update(actor=world.actor(world.ops), product=catalog["road"], data={"list_price": "3474.06"})
    assert not Event.objects.exists()


def test_product_update_refuses_a_taken_sku(world, catalog):
    row = snapshot(catalog["road"])
    with pytest.raises(ValidationError) as exc:
        product_update(actor=world.actor(world.ops), product=catalog["road"], data={"sku": "tb-2000"})
    assert "sku" in exc.value.message_dict
    assert snapshot(catalog["road"]) == row


def test_product_deactivate(world, catalog):
    product_deactivate(actor=world.actor(world.ops), product=catalog["road"])
    catalog["road"].refresh_from_db()
    assert not catalog["road"].is_active
    event = Event.objects.get(verb="catalog.product_deactivated")
    assert event.before == {"is_active": True} and event.after == {"is_active": False}


def test_family_create_and_update(world, catalog):
    ops = world.actor(world.ops)
    family = family_create(actor=ops, data={"name": " Helmets ", "description": "Safety"})
    assert family.name == "Helmets"
    family_update(actor=ops, family=family, data={"description": "Safety first"})
    assert Event.objects.filter(verb__startswith="catalog.family_").count() == 2
    for bad in ("", "bikes"):
        before = counts()
        with pytest.raises(ValidationError) as exc:
            family_create(actor=ops, data={"name": bad})
        assert "name" in exc.value.message_dict
        assert counts() == before
