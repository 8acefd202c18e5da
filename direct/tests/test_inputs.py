"""One input per write action: the page and the API refuse the same values with the same codes."""

import pytest

from core.testing import error_codes
from direct.models import DirectAccount, DirectDeal

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _page_codes(response) -> dict[str, str]:
    form = response.context["form"]
    return {field: errors[0].code for field, errors in form.errors.as_data().items()}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "x" * 201, "max_length"),
        ("segment", "huge", "invalid_choice"),
        ("web_domain", "not a domain", "invalid"),
        ("annual_revenue", "-5", "invalid"),
    ],
)
def test_account_page_and_api_refuse_alike(world, login, api_client, field, value, code):
    page = login(world.ops).post("/direct/new/", {"name": "Northwind", "currency": "USD", field: value})
    assert page.status_code == 200 and _page_codes(page) == {field: code}
    api = api_client(world.ops).post(
        "/api/direct/accounts", {"name": "Northwind", field: value}, content_type=JSON
    )
    assert api.status_code == 422 and error_codes(api) == {field: code}
    assert not DirectAccount.objects.exists()


def test_employees_limit_is_the_same_on_the_page_and_in_the_api(world, login, api_client, account):
    data = {"name": "Contoso Ltd", "currency": "GBP", "employees": "10000001"}
    page = login(world.ops).post(f"/direct/{account.public_id}/edit/", data)
    assert _page_codes(page) == {"employees": "max_value"}
    api = api_client(world.ops).patch(
        f"/api/direct/accounts/{account.public_id}", {"employees": 10_000_001}, content_type=JSON
    )
    assert api.status_code == 422 and set(error_codes(api)) == {"employees"}


def test_deal_page_and_api_refuse_alike(world, login, api_client, account):
    page = login(world.ops).post(
        f"/direct/{account.public_id}/deals/new/",
        {"name": "Fleet", "amount": "1", "currency": "USD", "stage": "dreaming"},
    )
    assert _page_codes(page) == {"stage": "invalid_choice"}
    body = {"account_id": str(account.public_id), "name": "Fleet", "amount": "1", "stage": "dreaming"}
    api = api_client(world.ops).post("/api/direct/deals", body, content_type=JSON)
    assert api.status_code == 422 and error_codes(api) == {"stage": "invalid_choice"}
    long_name = api_client(world.ops).post(
        "/api/direct/deals", body | {"stage": "proposal", "name": "x" * 201}, content_type=JSON
    )
    assert error_codes(long_name) == {"name": "max_length"}
    assert not DirectDeal.objects.exists()


def test_api_owner_by_email_and_a_flag_set_false(world, api_client, account):
    client = api_client(world.ops)
    url = f"/api/direct/accounts/{account.public_id}"
    changed = client.patch(
        url, {"owner_email": "CHIEF@vendor.test", "is_named_account": False}, content_type=JSON
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["owner_email"] == world.chief.email and changed.json()["is_named_account"] is False
    assert set(error_codes(client.patch(url, {"owner_email": "nobody@vendor.test"}, content_type=JSON))) == {
        "owner"
    }


def test_empty_import_is_refused_alike(world, login, api_client):
    page = login(world.ops).post("/direct/import/", {"csv": "  "})
    assert _page_codes(page) == {"csv": "required"}
    api = api_client(world.ops).post("/api/direct/accounts/import", {"csv": "  "}, content_type=JSON)
    # The API's schema declares the text non-blank (so schemathesis knows the limit): "blank", as for every
    # required text in the API.
    assert api.status_code == 422 and error_codes(api) == {"csv": "blank"}
