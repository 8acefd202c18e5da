"""One input per write action: the page and the API refuse the same value with the same code."""

import pytest

from core.inputs import InputInvalid
from core.models import Event
from core.testing import error_codes, snapshot
from partners.choices import PartnerType
from partners.services import partner_update

pytestmark = pytest.mark.django_db

JSON = "application/json"
TOO_LONG = "x" * 201  # Partner.name holds 200


def _page_codes(response) -> dict[str, str]:
    return {field: errors[0].code for field, errors in response.context["form"].errors.as_data().items()}


def _edit_data(partner, **changes) -> dict:
    data = {
        "name": partner.name,
        "partner_type": partner.partner_type,
        "tier": partner.tier,
        "country": partner.country.code,
        "region": partner.region,
    }
    return data | changes


def test_an_over_long_name_is_refused_alike_on_the_page_and_in_the_api(world, login, api_client):
    before = snapshot(world.partner_a)
    page = login(world.ops).post(
        f"/partners/{world.partner_a.public_id}/edit/", _edit_data(world.partner_a, name=TOO_LONG)
    )
    assert page.status_code == 200 and _page_codes(page) == {"name": "max_length"}
    api = api_client(world.ops).patch(
        f"/api/partners/{world.partner_a.public_id}", {"name": TOO_LONG}, content_type=JSON
    )
    assert api.status_code == 422 and error_codes(api) == {"name": "max_length"}
    with pytest.raises(InputInvalid) as refused:
        partner_update(actor=world.actor(world.ops), partner=world.partner_a, data={"name": TOO_LONG})
    assert refused.value.error_dict["name"][0].code == "max_length"
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_a_bad_tax_id_is_refused_alike_in_the_portal_and_in_the_api(world, login, api_client):
    before = snapshot(world.partner_a)
    page = login(world.admin_a).post("/my/profile/", {"name": world.partner_a.name, "tax_id": "DE<123>"})
    assert page.status_code == 200 and _page_codes(page) == {"tax_id": "invalid"}
    api = api_client(world.admin_a).patch(
        f"/api/partners/{world.partner_a.public_id}", {"tax_id": "DE<123>"}, content_type=JSON
    )
    assert api.status_code == 422 and error_codes(api) == {"tax_id": "invalid"}
    assert snapshot(world.partner_a) == before


def test_the_staff_page_and_the_api_share_the_two_tier_rule(world, login, api_client):
    page = login(world.ops).post(
        f"/partners/{world.reseller.public_id}/edit/",
        _edit_data(world.reseller, partner_type=PartnerType.DISTRIBUTOR, parent=world.distributor.public_id),
    )
    assert page.status_code == 200 and set(page.context["form"].errors) == {"parent"}
    api = api_client(world.ops).patch(
        f"/api/partners/{world.reseller.public_id}", {"partner_type": "distributor"}, content_type=JSON
    )
    assert error_codes(api) == {"parent": "distributor_under_distributor"}
    message = api.json()["errors"][0]["message"]
    assert (
        message == "A distributor cannot sit under another distributor." and message in page.content.decode()
    )
    kept = api_client(world.ops).patch(
        f"/api/partners/{world.distributor.public_id}", {"partner_type": "dealer"}, content_type=JSON
    )
    assert error_codes(kept) == {"partner_type": "has_resellers"}


def test_the_manager_is_chosen_among_the_same_people_on_the_page_and_in_the_api(world, login, api_client):
    before = snapshot(world.partner_a)
    page = login(world.ops).post(
        f"/partners/{world.partner_a.public_id}/edit/", _edit_data(world.partner_a, cam=world.ops.public_id)
    )
    assert _page_codes(page) == {"cam": "unknown_id"}
    api = api_client(world.ops).patch(
        f"/api/partners/{world.partner_a.public_id}", {"cam_email": world.ops.email}, content_type=JSON
    )
    assert error_codes(api) == {"cam": "unknown_id"}
    nobody = api_client(world.ops).patch(
        f"/api/partners/{world.partner_a.public_id}", {"cam_email": "nobody@nowhere.test"}, content_type=JSON
    )
    assert error_codes(nobody) == {"cam": "unknown_manager"}
    assert snapshot(world.partner_a) == before


def test_null_is_refused_where_the_model_stores_none(world, api_client):
    client = api_client(world.ops)
    for field in ("legal_name", "verticals", "size"):
        response = client.patch(
            f"/api/partners/{world.partner_a.public_id}", {field: None}, content_type=JSON
        )
        assert response.status_code == 422 and error_codes(response) == {field: "null"}, field
    created = client.post(
        "/api/partners", {"name": "Nova", "partner_type": "dealer", "city": None}, content_type=JSON
    )
    assert error_codes(created) == {"city": "null"}
    cleared = client.patch(
        f"/api/partners/{world.reseller.public_id}", {"distributor_id": None}, content_type=JSON
    )
    assert cleared.status_code == 200 and cleared.json()["distributor_id"] is None


def test_an_unknown_country_is_refused_alike_on_the_territory_page_and_in_the_api(world, login, api_client):
    page = login(world.ops).post(
        f"/partners/territories/{world.cam.public_id}/", {"regions": [], "countries": ["XX"]}
    )
    assert _page_codes(page) == {"countries": "invalid_choice"}
    api = api_client(world.ops).put(
        f"/api/territories/{world.cam.public_id}", {"regions": [], "countries": ["XX"]}, content_type=JSON
    )
    assert api.status_code == 422 and error_codes(api) == {"countries.0": "invalid_choice"}
