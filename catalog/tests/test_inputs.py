"""One input per write action: the page and the API refuse the same values with the same codes."""

import pytest

from catalog.models import Product
from core.testing import error_codes

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _page_codes(response, form="form") -> dict[str, str]:
    return {field: errors[0].code for field, errors in response.context[form].errors.as_data().items()}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("sku", "x" * 41, "max_length"),
        ("sku", "has space", "invalid"),
        ("sku", "rb-150", "unique"),
        ("channel_eligibility", "sometimes", "invalid_choice"),
        ("list_price", "-1", "invalid"),
    ],
)
def test_product_page_and_api_refuse_alike(world, catalog, login, api_client, field, value, code):
    family = str(catalog["parts"].public_id)
    base = {
        "sku": "HM-1",
        "name": "Helmet",
        "list_price": "1",
        "currency": "USD",
        "channel_eligibility": "both",
    }
    before = Product.objects.count()
    page = login(world.ops).post("/catalog/new/", base | {"family": family, field: value})
    assert page.status_code == 200 and _page_codes(page) == {field: code}
    api = api_client(world.ops).post(
        "/api/catalog/products", base | {"family_id": family, field: value}, content_type=JSON
    )
    assert api.status_code == 422 and error_codes(api) == {field: code}
    assert Product.objects.count() == before


def test_family_name_refused_alike(world, catalog, login, api_client):
    page = login(world.ops).post("/catalog/families/", {"name": "x" * 121})
    assert _page_codes(page, "family_form") == {"name": "max_length"}
    api = api_client(world.ops).post("/api/catalog/families", {"name": "x" * 121}, content_type=JSON)
    assert api.status_code == 422 and error_codes(api) == {"name": "max_length"}


def test_patch_can_set_a_flag_false(world, catalog, api_client):
    road = catalog["road"]
    response = api_client(world.ops).patch(
        f"/api/catalog/products/{road.public_id}", {"is_active": False}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    road.refresh_from_db()
    assert not road.is_active and road.name == "Road-150"


def test_a_new_product_is_active_unless_said_otherwise(world, catalog, api_client):
    body = {"sku": "HM-1", "name": "Helmet", "family_id": str(catalog["parts"].public_id), "list_price": "1"}
    response = api_client(world.ops).post("/api/catalog/products", body, content_type=JSON)
    assert response.status_code == 201 and response.json()["is_active"] is True
