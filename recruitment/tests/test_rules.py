"""Who may do what next: `allowed_actions` drives the pages' buttons, the API's `actions` and the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.testing import snapshot
from recruitment.errors import RecruitmentErrorCode as E
from recruitment.models import Application, Prospect
from recruitment.rules import allowed_actions
from recruitment.services import (
    application_approve,
    application_reject,
    prospect_convert,
    prospect_move_stage,
    prospect_update,
)
from recruitment.tests.conftest import submit

pytestmark = pytest.mark.django_db

API = "/api/recruitment"
JSON = "application/json"


def _codes(response) -> list[str]:
    assert response.status_code == 422, response.content
    return [e["code"] for e in response.json()["errors"]]


def _complete(make_prospect, **overrides) -> Prospect:
    return make_prospect(region="europe", **overrides)


# --- applications -----------------------------------------------------------------------------------------


def test_application_actions_follow_the_status_and_the_role(world):
    application = submit()
    assert allowed_actions(world.actor(world.cam), application) == ["approve", "reject"]
    assert allowed_actions(world.actor(world.marketing), application) == []
    application_reject(actor=world.actor(world.cam), application=application, reason="No")
    application.refresh_from_db()
    assert allowed_actions(world.actor(world.cam), application) == []


def test_the_application_page_offers_only_allowed_decisions(world, login):
    application = submit()
    url = f"/recruitment/applications/{application.public_id}/"
    page = login(world.cam).get(url).content.decode()
    assert "/approve/" in page and "/reject/" in page
    page = login(world.marketing).get(url).content.decode()
    assert "/approve/" not in page and "/reject/" not in page
    application_reject(actor=world.actor(world.cam), application=application, reason="No")
    page = login(world.cam).get(url).content.decode()
    assert "/approve/" not in page and "/reject/" not in page


def test_the_api_lists_application_actions(world, api_client):
    application = submit()
    url = f"{API}/applications/{application.public_id}"
    assert api_client(world.cam).get(url).json()["actions"] == ["approve", "reject"]
    assert api_client(world.marketing).get(url).json()["actions"] == []


def test_deciding_twice_is_refused_with_a_code_and_changes_nothing(world, api_client):
    application = submit()
    application_reject(actor=world.actor(world.cam), application=application, reason="No")
    application.refresh_from_db()
    before = snapshot(application)
    client = api_client(world.cam)
    url = f"{API}/applications/{application.public_id}"
    assert _codes(client.post(f"{url}/approve", {}, content_type=JSON)) == [E.ALREADY_DECIDED]
    assert _codes(client.post(f"{url}/reject", {"reason": "Again"}, content_type=JSON)) == [E.ALREADY_DECIDED]
    with pytest.raises(ValidationError) as exc:
        application_approve(actor=world.actor(world.chief), application=application)
    assert exc.value.code == E.ALREADY_DECIDED
    assert snapshot(application) == before


def test_rejecting_without_a_reason_has_a_code(world, api_client):
    application = submit()
    response = api_client(world.cam).post(
        f"{API}/applications/{application.public_id}/reject", {"reason": " "}, content_type=JSON
    )
    assert response.status_code == 422
    assert Application.objects.get(pk=application.pk).status == "submitted"


# --- prospects --------------------------------------------------------------------------------------------


def test_prospect_actions_follow_the_stage_the_fields_and_the_role(world, make_prospect):
    cam = world.actor(world.cam)
    prospect = _complete(make_prospect)
    assert allowed_actions(cam, prospect) == ["edit", "move", "convert"]
    assert allowed_actions(world.actor(world.marketing), prospect) == []
    bare = Prospect.objects.create(company_name="Bare", partner_type="dealer", source="referral")
    assert allowed_actions(cam, bare) == ["edit", "move"]  # converting needs the fields of an application
    lost = _complete(make_prospect, company_name="Lost Co", stage="lost")
    assert allowed_actions(cam, lost) == ["edit", "move"]  # reopen first
    converted = _complete(make_prospect, company_name="Done Co", stage="converted")
    assert allowed_actions(cam, converted) == []


def test_the_prospect_page_offers_only_allowed_actions(world, login, make_prospect):
    prospect = _complete(make_prospect)
    url = f"/recruitment/prospects/{prospect.public_id}/"
    page = login(world.cam).get(url).content.decode()
    assert f"{url}edit/" in page and f"{url}stage/" in page and f"{url}convert/" in page
    page = login(world.marketing).get(url).content.decode()
    assert f"{url}edit/" not in page and f"{url}stage/" not in page and f"{url}convert/" not in page
    bare = Prospect.objects.create(company_name="Bare", partner_type="dealer", source="referral")
    page = login(world.cam).get(f"/recruitment/prospects/{bare.public_id}/").content.decode()
    assert "/convert/" not in page and "To convert, first fill in:" in page
    prospect.stage = "converted"
    prospect.save()
    page = login(world.cam).get(url).content.decode()
    assert f"{url}edit/" not in page and f"{url}stage/" not in page and f"{url}convert/" not in page


def test_the_api_lists_prospect_actions(world, api_client, make_prospect):
    prospect = _complete(make_prospect)
    url = f"{API}/prospects/{prospect.public_id}"
    assert api_client(world.cam).get(url).json()["actions"] == ["edit", "move", "convert"]
    assert api_client(world.marketing).get(url).json()["actions"] == []
    moved = api_client(world.cam).post(f"{url}/stage", {"stage": "lost"}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["actions"] == ["edit", "move"]


def test_refused_prospect_steps_have_codes_and_change_nothing(world, api_client, make_prospect):
    client = api_client(world.cam)
    lost = _complete(make_prospect, stage="lost")
    url = f"{API}/prospects/{lost.public_id}"
    before = snapshot(lost)
    assert _codes(client.post(f"{url}/convert")) == [E.LOST]
    assert _codes(client.post(f"{url}/stage", {"stage": "qualified"}, content_type=JSON)) == [
        E.INVALID_TRANSITION
    ]
    assert _codes(client.post(f"{url}/stage", {"stage": "converted"}, content_type=JSON)) == [
        E.CONVERT_BY_ACTION
    ]
    assert snapshot(lost) == before
    bare = Prospect.objects.create(company_name="Bare", partner_type="dealer", source="referral")
    assert _codes(client.post(f"{API}/prospects/{bare.public_id}/convert")) == [E.INCOMPLETE]
    done = _complete(make_prospect, company_name="Done Co", stage="converted")
    before = snapshot(done)
    done_url = f"{API}/prospects/{done.public_id}"
    assert _codes(client.post(f"{done_url}/convert")) == [E.CONVERTED]
    assert _codes(client.patch(done_url, {"city": "Riga"}, content_type=JSON)) == [E.CONVERTED]
    assert snapshot(done) == before and not Application.objects.exists()


def test_services_check_the_role_on_the_locked_row(world, make_prospect):
    prospect = _complete(make_prospect)
    marketing = world.actor(world.marketing)
    before = snapshot(prospect)
    for call in (
        lambda: prospect_convert(actor=marketing, prospect=prospect),
        lambda: prospect_move_stage(actor=marketing, prospect=prospect, stage="lost"),
        lambda: prospect_update(actor=marketing, prospect=prospect, data={"city": "Riga"}),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(prospect) == before
