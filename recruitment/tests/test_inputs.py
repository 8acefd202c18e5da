"""One input per write action: the page and the API refuse the same values with the same codes."""

import json

import pytest
from django.test import Client

from core.inputs import InputInvalid
from core.testing import error_codes
from recruitment.inputs import ApplicationInput, ProspectInput
from recruitment.models import Application, Prospect
from recruitment.tests.conftest import application_data

pytestmark = pytest.mark.django_db


def _post_json(client, url, body, method="POST"):
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def test_an_over_long_motivation_is_refused_alike_on_the_page_and_in_the_api():
    data = application_data(motivation="x" * 5001)
    form = ApplicationInput(data)
    assert not form.is_valid() and form.errors.as_data()["motivation"][0].code == "max_length"
    page = Client().post("/recruitment/apply/", data)
    assert page.status_code == 200 and 'class="errorlist"' in page.content.decode()
    api = _post_json(Client(), "/api/recruitment/applications", data)
    assert api.status_code == 422 and error_codes(api) == {"motivation": "max_length"}
    assert not Application.objects.exists()


def test_an_over_long_company_name_is_refused_alike_on_the_page_and_in_the_api(world, login, api_client):
    body = {"company_name": "x" * 201, "partner_type": "dealer", "source": "referral"}
    with pytest.raises(InputInvalid) as refused:
        ProspectInput.from_api(body).cleaned()
    assert [e.code for e in refused.value.error_dict["company_name"]] == ["max_length"]
    page = login(world.cam).post("/recruitment/prospects/new/", body)
    assert page.status_code == 200 and "at most 200 characters" in page.content.decode()
    api = _post_json(api_client(world.cam), "/api/recruitment/prospects", body)
    assert api.status_code == 422 and error_codes(api) == {"company_name": "max_length"}
    assert not Prospect.objects.exists()


def test_the_api_documents_the_inputs_limits_and_choices():
    from config.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    prospect = schemas["ProspectCreateIn"]
    assert prospect["properties"]["company_name"]["maxLength"] == 200
    assert "dealer" in prospect["properties"]["partner_type"]["enum"]
    assert prospect["additionalProperties"] is False
    assert set(prospect["required"]) == {"company_name", "partner_type", "source"}
    assert schemas["ApplicationIn"]["properties"]["motivation"]["maxLength"] == 5000
    assert schemas["StageIn"]["required"] == ["stage"]


def test_a_stage_move_without_a_stage_is_refused(world, api_client, make_prospect):
    prospect = make_prospect()
    url = f"/api/recruitment/prospects/{prospect.public_id}/stage"
    response = _post_json(api_client(world.cam), url, {"next_step": "Call"})
    assert response.status_code == 422 and error_codes(response) == {"stage": "required"}
