"""Who may do what next with a partner's checklist step: `allowed_actions` drives the buttons, the API's
`actions` and the services' checks alike."""

import json

import pytest

from core.models import Event
from core.testing import error_codes
from onboarding.models import StepCompletion
from onboarding.rules import allowed_actions
from onboarding.services import step_complete, step_confirm
from onboarding.tests.helpers import install
from partners.choices import PartnerStatus, PartnerType

pytestmark = pytest.mark.django_db

BASE = "/api/onboarding"


def _post(client, partner, step, action):
    path = f"{BASE}/partners/{partner.public_id}/steps/{step.public_id}/{action}"
    return client.post(path, json.dumps({}), content_type="application/json")


def _actions(client, partner, step) -> list[str]:
    body = client.get(f"{BASE}/partners/{partner.public_id}/progress").json()
    return next(s["actions"] for s in body["steps"] if s["step_id"] == str(step.public_id))


def test_actions_follow_the_state_and_the_role(world, api_client):
    checklist = install()
    rep, cam, dist = api_client(world.rep_a), api_client(world.cam), api_client(world.admin_b)
    kickoff, profile = checklist.kickoff, checklist.profile
    assert _actions(rep, world.partner_a, kickoff) == ["complete"]
    assert _actions(cam, world.partner_a, kickoff) == ["complete"]
    assert _actions(rep, world.partner_a, profile) == [] and _actions(cam, world.partner_a, profile) == []
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=kickoff)
    assert _actions(rep, world.partner_a, kickoff) == []  # waits for the CAM
    assert _actions(cam, world.partner_a, kickoff) == ["confirm", "reopen"]
    step_confirm(actor=world.actor(world.cam), partner=world.partner_a, step=kickoff)
    assert _actions(cam, world.partner_a, kickoff) == ["reopen"]
    assert dist.get(f"{BASE}/partners/{world.partner_a.public_id}/progress").status_code == 404


def test_a_distributor_sees_no_actions_on_its_resellers_steps(world, api_client):
    retail = install(PartnerType.RETAILER)
    for step in retail.manual:
        assert _actions(api_client(world.dist_admin), world.reseller, step) == []
        assert _actions(api_client(world.reseller_admin), world.reseller, step) == ["complete"]


def test_an_offboarded_partner_offers_nothing_to_complete(world, api_client):
    checklist = install()
    world.partner_a.status = PartnerStatus.OFFBOARDED
    world.partner_a.save()
    cam = api_client(world.cam)
    assert _actions(cam, world.partner_a, checklist.training) == []
    events = Event.objects.count()
    refused = _post(cam, world.partner_a, checklist.training, "complete")
    assert refused.status_code == 422 and error_codes(refused) == {None: "offboarded"}
    assert not StepCompletion.objects.exists() and Event.objects.count() == events


def test_refusals_carry_stable_codes(world, api_client):
    checklist = install()
    cam, rep = api_client(world.cam), api_client(world.rep_a)
    assert error_codes(_post(cam, world.partner_a, checklist.kickoff, "confirm")) == {None: "not_submitted"}
    assert error_codes(_post(cam, world.partner_a, checklist.kickoff, "reopen")) == {None: "not_done"}
    assert error_codes(_post(rep, world.partner_a, checklist.profile, "complete")) == {
        "step": "automatic_step"
    }
    assert _post(rep, world.partner_a, checklist.training, "complete").status_code == 200
    again = _post(rep, world.partner_a, checklist.training, "complete")
    assert again.status_code == 422 and error_codes(again) == {None: "already_marked"}
    assert StepCompletion.objects.count() == 1


def test_the_pages_show_only_the_allowed_buttons(world, login):
    checklist = install()
    staff_page = f"/partners/{world.partner_a.public_id}/?tab=onboarding"
    body = login(world.cam).get(staff_page).content.decode()
    assert "Mark done" in body and "/confirm/" not in body and "/reopen/" not in body
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    body = login(world.cam).get(staff_page).content.decode()
    assert "/confirm/" in body and "Send back" in body
    mine = login(world.rep_a).get("/my/onboarding/").content.decode()
    assert mine.count('name="note"') == 2  # training and first deal; the kickoff waits for the CAM
    assert "Waiting for your channel account manager to confirm." in mine


def test_allowed_actions_is_the_services_check(world):
    checklist = install()
    rep = world.actor(world.rep_a)
    assert allowed_actions(rep, world.partner_a, checklist.kickoff, None) == ["complete"]
    assert allowed_actions(rep, world.partner_b, checklist.kickoff, None) == []
    assert allowed_actions(world.actor(world.marketing), world.partner_a, checklist.kickoff, None) == []
