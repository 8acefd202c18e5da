import json

import pytest

from core.models import Event
from core.testing import error_fields, items, snapshot
from onboarding.models import ChecklistStep, CompletionState, StepCompletion
from onboarding.services import step_complete
from onboarding.tests.helpers import install
from partners.choices import PartnerType

pytestmark = pytest.mark.django_db

BASE = "/api/onboarding"


def send(client, method, path, payload=None):
    return client.generic(method, BASE + path, json.dumps(payload or {}), content_type="application/json")


def step_path(partner, step, action):
    return f"/partners/{partner.public_id}/steps/{step.public_id}/{action}"


# --- checklists ---


def test_list_steps_of_a_type(world, api_client):
    checklist = install()
    install(PartnerType.DEALER)
    ChecklistStep.objects.filter(pk=checklist.first_deal.pk).update(is_active=False)
    client = api_client(world.rep_a)
    rows = items(client.get(BASE + "/checklists?partner_type=reseller"))
    assert [r["kind"] for r in rows] == ["agreement", "profile", "team", "manual", "manual"]
    everything = items(client.get(BASE + "/checklists?partner_type=reseller&include_inactive=true"))
    assert len(everything) == 6 and everything[-1]["is_active"] is False
    assert len(items(client.get(BASE + "/checklists"))) == 11
    assert client.get(BASE + "/checklists?partner_type=spaceship").status_code == 422


def test_ops_creates_a_step(world, api_client):
    install()
    response = send(
        api_client(world.ops),
        "POST",
        "/checklists",
        {"partner_type": "reseller", "title_en": "Certify a technician", "requires_confirmation": True},
    )
    assert response.status_code == 201
    assert response.json()["position"] == 7 and response.json()["requires_confirmation"] is True


def test_create_step_422_and_403_change_nothing(world, api_client):
    bad = send(api_client(world.ops), "POST", "/checklists", {"partner_type": "reseller", "title_en": ""})
    assert bad.status_code == 422 and "title_en" in error_fields(bad)
    bad_type = send(api_client(world.ops), "POST", "/checklists", {"partner_type": "ufo", "title_en": "X"})
    assert bad_type.status_code == 422
    refused = send(
        api_client(world.cam), "POST", "/checklists", {"partner_type": "reseller", "title_en": "X"}
    )
    assert refused.status_code == 403
    assert not ChecklistStep.objects.exists()
    assert not Event.objects.filter(verb="checklist_step.created").exists()


def test_ops_patches_a_step(world, api_client):
    step = install().training
    response = send(
        api_client(world.ops),
        "PATCH",
        f"/checklists/{step.public_id}",
        {"title_ru": "Обучение", "is_active": False},
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    step.refresh_from_db()
    assert step.title_ru == "Обучение" and step.title_en == "Complete sales onboarding training"


def test_patch_step_422_403_404(world, api_client):
    step = install().training
    before = snapshot(step)
    path = f"/checklists/{step.public_id}"
    assert send(api_client(world.ops), "PATCH", path, {"title_en": ""}).status_code == 422
    assert send(api_client(world.admin_a), "PATCH", path, {"title_en": "X"}).status_code == 403
    missing = "/checklists/00000000-0000-0000-0000-000000000000"
    assert send(api_client(world.ops), "PATCH", missing, {"title_en": "X"}).status_code == 404
    assert snapshot(step) == before and not Event.objects.filter(verb="checklist_step.updated").exists()


# --- progress ---


def test_progress_of_own_partner(world, api_client):
    checklist = install()
    step_complete(
        actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff, note="Booked"
    )
    response = api_client(world.rep_a).get(f"{BASE}/partners/{world.partner_a.public_id}/progress")
    body = response.json()
    assert response.status_code == 200 and body["total"] == 6 and body["done"] == 1 and body["percent"] == 16
    kickoff = next(s for s in body["steps"] if s["step_id"] == str(checklist.kickoff.public_id))
    assert kickoff["state"] == "submitted" and kickoff["completed_by"] == "rep@alpha.test"
    assert kickoff["note"] == "Booked"


def test_progress_scoping(world, api_client):
    install()
    install(PartnerType.RETAILER)

    def status(user, partner):
        return api_client(user).get(f"{BASE}/partners/{partner.public_id}/progress").status_code

    assert status(world.admin_a, world.partner_b) == 404
    assert status(world.dist_admin, world.reseller) == 200
    assert status(world.reseller_admin, world.distributor) == 404
    assert status(world.marketing, world.partner_b) == 200


# --- actions ---


def test_partner_completes_its_own_step(world, api_client):
    checklist = install()
    path = step_path(world.partner_a, checklist.training, "complete")
    response = send(api_client(world.rep_a), "POST", path, {"note": "Done on Friday"})
    assert response.status_code == 200
    training = next(s for s in response.json()["steps"] if s["step_id"] == str(checklist.training.public_id))
    assert training["state"] == "done" and training["note"] == "Done on Friday"
    again = send(api_client(world.rep_a), "POST", step_path(world.partner_a, checklist.training, "complete"))
    assert again.status_code == 422 and StepCompletion.objects.count() == 1


def test_a_staff_note_on_a_completion_stays_internal(world, api_client):
    checklist = install()
    path = step_path(world.partner_a, checklist.training, "complete")
    done = send(api_client(world.cam), "POST", path, {"note": "Internal: they skipped module 3"})
    assert done.status_code == 200
    progress = f"{BASE}/partners/{world.partner_a.public_id}/progress"

    def training_note(user):
        steps = api_client(user).get(progress).json()["steps"]
        return next(s for s in steps if s["step_id"] == str(checklist.training.public_id))["note"]

    assert training_note(world.chief) == "Internal: they skipped module 3"
    assert training_note(world.admin_a) == ""


def test_complete_without_body(world, api_client):
    checklist = install()
    url = BASE + step_path(world.partner_a, checklist.training, "complete")
    response = api_client(world.rep_a).post(url, content_type="application/json")  # empty body
    assert response.status_code == 200


def test_complete_422_for_automatic_or_foreign_type_steps(world, api_client):
    checklist = install()
    dealer = install(PartnerType.DEALER)
    client = api_client(world.admin_a)
    assert send(client, "POST", step_path(world.partner_a, checklist.profile, "complete")).status_code == 422
    assert send(client, "POST", step_path(world.partner_a, dealer.training, "complete")).status_code == 422
    assert not StepCompletion.objects.exists()


def test_complete_404_for_another_partner(world, api_client):
    checklist = install()
    path = step_path(world.partner_b, checklist.training, "complete")
    response = send(api_client(world.admin_a), "POST", path)
    assert response.status_code == 404 and not StepCompletion.objects.exists()


def test_distributor_cannot_complete_reseller_steps(world, api_client):
    retail = install(PartnerType.RETAILER)
    path = step_path(world.reseller, retail.training, "complete")
    response = send(api_client(world.dist_admin), "POST", path)
    assert response.status_code == 403
    assert not StepCompletion.objects.exists() and not Event.objects.filter(partner=world.reseller).exists()


def test_cam_confirms_and_reopens(world, api_client):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    cam = api_client(world.cam)
    confirmed = send(cam, "POST", step_path(world.partner_a, checklist.kickoff, "confirm"))
    assert confirmed.status_code == 200
    kickoff = next(s for s in confirmed.json()["steps"] if s["step_id"] == str(checklist.kickoff.public_id))
    assert kickoff["state"] == "done" and kickoff["confirmed_by"] == "cam@vendor.test"
    reopened = send(cam, "POST", step_path(world.partner_a, checklist.kickoff, "reopen"), {"note": "No-show"})
    assert reopened.status_code == 200 and not StepCompletion.objects.exists()


def test_confirm_and_reopen_422_when_nothing_to_do(world, api_client):
    checklist = install()
    cam = api_client(world.cam)
    assert send(cam, "POST", step_path(world.partner_a, checklist.kickoff, "confirm")).status_code == 422
    assert send(cam, "POST", step_path(world.partner_a, checklist.kickoff, "reopen")).status_code == 422
    assert not StepCompletion.objects.exists() and not Event.objects.filter(partner=world.partner_a).exists()


@pytest.mark.parametrize("who", ["admin_a", "rep_a", "marketing", "ops"])
def test_confirm_and_reopen_403(world, api_client, who):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    before = snapshot(StepCompletion.objects.get())
    client = api_client(getattr(world, who))
    assert send(client, "POST", step_path(world.partner_a, checklist.kickoff, "confirm")).status_code == 403
    assert send(client, "POST", step_path(world.partner_a, checklist.kickoff, "reopen")).status_code == 403
    assert snapshot(StepCompletion.objects.get()) == before
    assert StepCompletion.objects.get().state == CompletionState.SUBMITTED


def test_confirm_404_for_another_partner_as_partner_user(world, api_client):
    checklist = install()
    step_complete(actor=world.actor(world.rep_b), partner=world.partner_b, step=checklist.kickoff)
    path = step_path(world.partner_b, checklist.kickoff, "confirm")
    response = send(api_client(world.admin_a), "POST", path)
    assert response.status_code == 404
    assert StepCompletion.objects.get().state == CompletionState.SUBMITTED


def test_api_needs_authentication(world, client):
    install()
    assert client.get(BASE + "/checklists").status_code == 401
    assert client.get(f"{BASE}/partners/{world.partner_a.public_id}/progress").status_code == 401
