"""A partner's price list shows its own prices: the list price less its program tier's discount, on the
catalogue page, the product page and the API; staff preview a partner's prices; a partner never sees
another's."""

from decimal import Decimal

import pytest

from catalog.pricing import net_price
from programs.models import PartnerProgram, ProgramTier
from programs.services import membership_join

pytestmark = pytest.mark.django_db


@pytest.fixture
def gold_a(world, catalog):
    """Gold takes 12.5 % off list prices; partner A is gold, partner B in no program (list prices)."""
    program = PartnerProgram.objects.get(is_default=True)
    ProgramTier.objects.filter(program=program, tier="gold").update(catalog_discount=Decimal("12.5"))
    return membership_join(
        actor=world.actor(world.ops), program=program, partner=world.partner_a, tier="gold"
    )


def test_net_price_rounds_half_up_to_the_cent():
    assert net_price(Decimal("3474.06"), Decimal("12.5")) == Decimal("3039.80")  # 3039.8025
    assert net_price(Decimal("0.05"), Decimal("50")) == Decimal("0.03")  # 0.025
    assert net_price(Decimal("1208.24"), Decimal("0")) == Decimal("1208.24")


def test_the_partner_catalogue_shows_its_own_prices(world, login, catalog, gold_a):
    body = login(world.rep_a).get("/catalog/partner/").content.decode()
    assert "Your price" in body and "3039.80 USD" in body and "1057.21 USD" in body  # 1208.24 less 12.5 %
    assert "12.50 % discount of your tier" in body
    other = login(world.rep_b).get("/catalog/partner/").content.decode()
    assert "3039.80" not in other and "3474.06 USD" in other  # B: list prices, its discount is 0


def test_the_product_page_shows_the_partners_price(world, login, catalog, gold_a):
    body = login(world.rep_a).get(f"/catalog/{catalog['road'].public_id}/").content.decode()
    assert "3474.06 USD" in body and "3039.80 USD" in body and "Your discount" in body
    assert login(world.rep_a).get(f"/catalog/{catalog['direct'].public_id}/").status_code == 404


def test_the_api_answers_the_partners_own_price(world, api_client, catalog, gold_a):
    rows = {p["sku"]: p for p in api_client(world.rep_a).get("/api/catalog/products").json()["items"]}
    assert rows["RB-150"]["price"] == "3039.80" and rows["RB-150"]["discount"] == "12.50"
    one = api_client(world.rep_a).get(f"/api/catalog/products/{catalog['road'].public_id}").json()
    assert one["price"] == "3039.80"
    # A partner naming another partner gets its own prices, not the other's.
    sneaky = api_client(world.rep_b).get(
        f"/api/catalog/products/{catalog['road'].public_id}?price_for={world.partner_a.public_id}"
    )
    assert sneaky.json()["price"] == "3474.06"
    listed = api_client(world.rep_b).get(f"/api/catalog/products?price_for={world.partner_a.public_id}")
    assert {p["price"] for p in listed.json()["items"]} == {"3474.06", "1208.24"}


def test_staff_preview_a_partners_prices(world, login, api_client, catalog, gold_a):
    page = login(world.cam).get(f"/catalog/?price_for={world.partner_a.public_id}").content.decode()
    assert "Price for Alpha Systems" in page and "3039.80 USD" in page
    plain = login(world.cam).get("/catalog/").content.decode()
    assert "Price for" not in plain
    rows = api_client(world.cam).get(f"/api/catalog/products?price_for={world.partner_a.public_id}").json()
    assert {p["sku"]: p["price"] for p in rows["items"]}["RB-150"] == "3039.80"
    assert api_client(world.cam).get("/api/catalog/products").json()["items"][0]["price"] is None
    detail = (
        login(world.cam)
        .get(f"/catalog/{catalog['road'].public_id}/?price_for={world.partner_a.public_id}")
        .content.decode()
    )
    assert "Price for Alpha Systems" in detail and "3039.80 USD" in detail
    bad = api_client(world.cam).get("/api/catalog/products?price_for=00000000-0000-0000-0000-000000000000")
    assert bad.status_code == 422
