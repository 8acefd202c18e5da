"""The API input contract, once for every operation: what probing found answering 500 or taking bad input.

Every refusal is 422 (413 for an oversize body) with {"detail", "errors": [{field, code, message}]} and
changes nothing.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken, Invitation
from catalog.models import Product, ProductFamily
from config.api import api
from core.models import Event
from core.testing import error_codes, items, snapshot
from deals.models import DealRegistration

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client, method: str, url: str, body) -> object:
    """`body` as JSON text (str) or a value json.dumps writes (keeping "\\ud800" escaped, as clients do)."""
    text = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method.lower())(url, text, content_type=JSON)


def assert_refused(response, status: int = 422) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"] == body["errors"][0]["message"] or body["errors"][0].get("row")
    for error in body["errors"]:
        assert set(error) >= {"field", "code", "message"} and error["code"] and error["message"]
    return body


@pytest.fixture
def product(db):
    family = ProductFamily.objects.create(name="Road bikes")
    return Product.objects.create(sku="RB-1", name="Road", family=family, list_price="1000.00")


def registration_body(product, **line):
    return {
        "customer_name": "Contoso",
        "customer_domain": "contoso.example",
        "expected_close_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "lines": [{"product_id": str(product.public_id), "quantity": 1} | line],
    }


# --- text PostgreSQL cannot store ---------------------------------------------------------------------------


def test_nul_characters_are_refused_with_422(world, api_client):
    # PostgreSQL text cannot hold NUL: without the check these were 500s there.
    client = api_client(world.ops)
    before = snapshot(world.partner_a)
    for url in ("/api/partners?q=a%00b", "/api/events?q=%00", "/api/recruitment/applications?q=%00"):
        assert error_codes(client.get(url)) == {"q": "invalid"}, url
    response = send(
        client, "PATCH", f"/api/partners/{world.partner_a.public_id}", {"city": "Ber\x00lin", "verticals": []}
    )
    assert error_codes(response) == {"city": "invalid"}
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"city": "Ber\ud800lin"},
        {"verticals": ["\udfff"]},
        {"city\ud800": "Berlin"},  # in a key too
        {"description": {"nested\ud800": 1}},
    ],
)
def test_a_lone_surrogate_in_a_partner_profile_is_422(world, api_client, body):
    before = snapshot(world.partner_a)
    response = send(api_client(world.admin_a), "PATCH", f"/api/partners/{world.partner_a.public_id}", body)
    assert_refused(response)
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_a_lone_surrogate_anywhere_is_422_and_stores_nothing(world, api_client, product):
    admin = api_client(world.admin_a)
    tokens, invitations = ApiToken.objects.count(), Invitation.objects.count()
    response = send(admin, "POST", "/api/tokens", {"name": "CRM \ud800"})
    assert error_codes(response) == {"name": "invalid"}
    invite = {"email": "new@alpha.test", "role": "rep", "full_name": "\ud83d"}
    response = send(admin, "POST", f"/api/partners/{world.partner_a.public_id}/invitations", invite)
    assert error_codes(response) == {"full_name": "invalid"}
    body = registration_body(product) | {"notes": "x\udc00"}
    assert error_codes(send(admin, "POST", "/api/deals/registrations", body)) == {"notes": "invalid"}
    body = registration_body(product, unit_price="1\ud800")
    assert error_codes(send(admin, "POST", "/api/deals/registrations", body)) == {
        "lines.0.unit_price": "invalid"
    }
    assert (ApiToken.objects.count(), Invitation.objects.count()) == (tokens, invitations)
    assert not DealRegistration.objects.exists()


def test_ordinary_text_still_passes(world, api_client):
    response = send(
        api_client(world.ops), "PATCH", f"/api/partners/{world.partner_a.public_id}", {"city": "Köln 🚲"}
    )
    assert response.status_code == 200 and response.json()["city"] == "Köln 🚲"


# --- bodies that are not an object, not JSON, too large -----------------------------------------------------


@pytest.mark.parametrize("text", ["[1, 2]", "null", '"x"', "5", "true", "{not json", "\xff"])
def test_a_body_that_is_not_a_json_object_is_422(world, api_client, product, text):
    client = api_client(world.rep_a)
    response = assert_refused(send(client, "POST", "/api/deals/registrations", text))
    assert response["errors"][0]["field"] is None
    assert response["errors"][0]["code"] in {"not_an_object", "invalid_json"}
    before = snapshot(world.partner_a)
    assert_refused(send(api_client(world.ops), "PATCH", f"/api/partners/{world.partner_a.public_id}", text))
    assert snapshot(world.partner_a) == before
    assert not DealRegistration.objects.exists()


def test_an_oversize_body_is_a_clear_413(world, api_client, settings, login):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = snapshot(world.partner_a)
    url = f"/api/partners/{world.partner_a.public_id}"
    body = {"description": "x" * 5_000}
    response = send(api_client(world.ops), "PATCH", url, body)
    assert assert_refused(response, 413)["errors"][0]["code"] == "too_large"
    # the browser session checks CSRF first, which reads the body too
    response = send(login(world.ops), "POST", f"{url}/status", {"status": "at_risk", "note": "x" * 5_000})
    assert assert_refused(response, 413)["errors"][0]["code"] == "too_large"
    assert snapshot(world.partner_a) == before


# --- fields and types ---------------------------------------------------------------------------------------


def test_unknown_fields_are_refused(world, api_client):
    before = snapshot(world.partner_a)
    url = f"/api/partners/{world.partner_a.public_id}"
    response = send(api_client(world.ops), "PATCH", url, {"city": "Munich", "citty": "Munich"})
    assert error_codes(response) == {"citty": "unknown_field"}
    response = send(api_client(world.ops), "POST", f"{url}/status", {"status": "at_risk", "reason": "x"})
    assert error_codes(response) == {"reason": "unknown_field"}
    assert snapshot(world.partner_a) == before


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ({"weight_region": True}, {"weight_region": "invalid"}),  # true is not a number
        ({"weight_region": "30"}, {"weight_region": "invalid"}),  # nor is text
        ({"weight_region": 30.0}, {"weight_region": "invalid"}),
        ({"weight_region": 2**40}, {"weight_region": "max_value"}),
        ({"weight_region": -1}, {"weight_region": "min_value"}),
        ({"regions": "europe"}, {"regions": "invalid"}),
        ({"regions": [1]}, {"regions.0": "invalid_choice"}),
        ({"regions": None}, {"regions": "null"}),
    ],
)
def test_no_type_juggling(world, api_client, body, codes):
    valid = {
        "regions": ["europe"],
        "verticals": [],
        "partner_types": [],
        "sizes": [],
        "weight_region": 40,
        "weight_verticals": 30,
        "weight_type": 20,
        "weight_size": 10,
    }
    response = send(api_client(world.chief), "PUT", "/api/recruitment/targets", valid | body)
    assert error_codes(response) == codes
    assert send(api_client(world.chief), "PUT", "/api/recruitment/targets", valid).status_code == 200


def test_text_and_flags_keep_their_types(world, api_client):
    url = f"/api/partners/{world.partner_a.public_id}"
    client = api_client(world.ops)
    assert error_codes(send(client, "PATCH", url, {"city": 5})) == {"city": "invalid"}
    assert error_codes(send(client, "PATCH", url, {"partner_type": 1})) == {"partner_type": "invalid_choice"}
    assert error_codes(send(client, "PATCH", url, {"distributor_id": 7})) == {"distributor_id": "invalid"}
    response = send(
        client,
        "POST",
        "/api/onboarding/checklists",
        {"partner_type": "dealer", "title_en": "T", "requires_confirmation": "yes"},
    )
    assert error_codes(response) == {"requires_confirmation": "invalid"}


def test_a_quantity_of_true_is_refused(world, api_client, product):
    response = send(
        api_client(world.rep_a), "POST", "/api/deals/registrations", registration_body(product, quantity=True)
    )
    assert error_codes(response) == {"lines.0.quantity": "invalid"}
    assert not DealRegistration.objects.exists()


def test_nested_fields_are_named_as_sent(world, api_client, product):
    response = send(
        api_client(world.rep_a),
        "POST",
        "/api/deals/registrations",
        registration_body(product, quantity="many"),
    )
    assert error_codes(response) == {"lines.0.quantity": "invalid"}


def test_messages_are_translated(world, api_client):
    url = f"/api/partners/{world.partner_a.public_id}"
    response = api_client(world.ops).patch(
        url, json.dumps({"citty": "x"}), content_type=JSON, headers={"accept-language": "ru"}
    )
    assert error_codes(response) == {"citty": "unknown_field"}
    assert response.json()["detail"] == "Это поле здесь не принимается."


# --- amounts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e28", "1E+30", "1e400", "NaN", "Infinity", "-Infinity", "1e-2"])
def test_exponent_amounts_are_refused_through_the_api(world, api_client, product, amount):
    response = send(
        api_client(world.rep_a),
        "POST",
        "/api/deals/registrations",
        registration_body(product, unit_price=amount),
    )
    body = assert_refused(response)
    assert error_codes(response) == {"lines": "invalid"} or error_codes(response) == {
        "lines.0.unit_price": "invalid"
    }
    if "e" in amount.lower() and amount[0].isdigit():
        assert "exponent" in body["detail"]
    assert not DealRegistration.objects.exists()
    family = product.family
    catalog = {"sku": "X-1", "name": "X", "family_id": str(family.public_id), "list_price": amount}
    assert error_codes(send(api_client(world.ops), "POST", "/api/catalog/products", catalog)) == {
        "list_price": "invalid"
    }
    assert Product.objects.count() == 1


@pytest.mark.parametrize("amount", ["1e28", "1E+30", "1e400", "NaN", "Infinity"])
def test_exponent_amounts_are_refused_in_the_deal_form(world, login, product, amount):
    close = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = login(world.rep_a).post(
        "/deals/new/",
        {
            "customer_name": "Fabrikam",
            "customer_domain": "fabrikam.example",
            "customer_country": "US",
            "currency": "USD",
            "stage": "qualification",
            "expected_close_date": close,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product_id": str(product.public_id),
            "lines-0-quantity": "1",
            "lines-0-unit_price": amount,
        },
    )
    assert response.status_code == 200
    assert "Enter an amount" in response.content.decode() or "exponent" in response.content.decode()
    assert not DealRegistration.objects.exists()


# --- lists --------------------------------------------------------------------------------------------------


def _list_urls():
    """Every paginated list without a path id, from the published schema."""
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        paginated = get and any(p["name"] == "offset" for p in get.get("parameters", []))
        if paginated and "{" not in path:
            yield path


def test_every_list_refuses_bad_paging_with_422(world, api_client):
    client = api_client(world.chief)
    urls = list(_list_urls())
    assert len(urls) >= 15
    for url in urls:
        for query in (
            "offset=9223372036854775808",
            "offset=-1",
            "limit=0",
            "limit=501",
            "limit=x",
            "offset=1e3",
        ):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 422, (url, query, response.content)
            assert set(error_codes(response)) == {query.split("=")[0]}, (url, query)


def test_the_deal_registration_list_refuses_a_huge_offset(world, api_client):
    response = api_client(world.rep_a).get("/api/deals/registrations?offset=9223372036854775808")
    assert error_codes(response) == {"offset": "max_value"}


def test_lists_answer_items_and_count(world, api_client):
    response = api_client(world.chief).get("/api/partners?limit=1&offset=1")
    assert response.json()["count"] == 4 and len(items(response)) == 1
    assert api_client(world.chief).get("/api/partners?limit=500").status_code == 200
