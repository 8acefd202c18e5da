import pytest

from core.models import Event
from onboarding.models import ChecklistStep, CompletionState, StepCompletion
from onboarding.services import step_complete
from onboarding.tests.helpers import install
from partners.choices import PartnerType

pytestmark = pytest.mark.django_db


def detail(partner) -> str:
    return f"/partners/{partner.public_id}/?tab=onboarding"  # the partner page's onboarding tab


def staff_action(partner, step, action) -> str:
    return f"/partners/{partner.public_id}/onboarding/{step.public_id}/{action}/"


# --- checklist configuration pages ---


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "ops"])
def test_checklist_page_for_staff(world, login, who):
    install()
    response = login(getattr(world, who)).get("/program/checklists/?partner_type=reseller")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Attend the kick-off call" in body
    assert ("/program/checklists/new/" in body) == (who == "ops")


def test_checklist_page_partial_for_htmx(world, login):
    install()
    response = login(world.ops).get(
        "/program/checklists/?partner_type=reseller", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Attend the kick-off call" in body and "<html" not in body


def test_checklist_pages_are_staff_only(world, login):
    step = install().training
    client = login(world.admin_a)
    assert client.get("/program/checklists/").status_code == 403
    assert client.get(f"/program/checklists/{step.public_id}/edit/").status_code == 403


def test_empty_type_offers_the_standard_checklist(world, login):
    client = login(world.ops)
    page = client.get("/program/checklists/?partner_type=agent").content.decode()
    assert "Add the standard checklist" in page
    response = client.post("/program/checklists/defaults/", {"partner_type": "agent"})
    assert response.status_code == 302 and response["Location"] == "/program/checklists/?partner_type=agent"
    assert ChecklistStep.objects.filter(partner_type="agent").count() == 6


def test_ops_adds_and_edits_a_step(world, login):
    client = login(world.ops)
    assert client.get("/program/checklists/new/?partner_type=dealer").status_code == 200
    response = client.post(
        "/program/checklists/new/?partner_type=dealer",
        {
            "title_en": "Stock the showroom",
            "title_ru": "Оформите шоурум",
            "kind": "manual",
            "requires_confirmation": "on",
        },
    )
    assert response.status_code == 302
    step = ChecklistStep.objects.get(partner_type="dealer")
    assert step.requires_confirmation and step.title_ru == "Оформите шоурум"
    response = client.post(
        f"/program/checklists/{step.public_id}/edit/",
        {"title_en": "Stock the showroom floor", "kind": "manual"},
    )
    step.refresh_from_db()
    assert response.status_code == 302 and step.title_en == "Stock the showroom floor"
    assert not step.requires_confirmation


def test_invalid_step_form_changes_nothing(world, login):
    response = login(world.ops).post(
        "/program/checklists/new/?partner_type=dealer",
        {"title_en": "Profile", "kind": "profile", "requires_confirmation": "on"},
    )
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not ChecklistStep.objects.exists()


def test_cam_cannot_change_checklists(world, login):
    checklist = install()
    client = login(world.cam)
    assert (
        client.post(
            "/program/checklists/new/?partner_type=dealer", {"title_en": "X", "kind": "manual"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/program/checklists/{checklist.kickoff.public_id}/move/", {"direction": "up"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/program/checklists/{checklist.kickoff.public_id}/active/", {"active": "0"}).status_code
        == 403
    )
    assert client.post(f"/program/checklists/{checklist.kickoff.public_id}/delete/").status_code == 403
    assert client.post("/program/checklists/defaults/", {"partner_type": "agent"}).status_code == 403
    assert ChecklistStep.objects.count() == 6
    assert list(ChecklistStep.objects.order_by("position")) == checklist.steps
    assert all(s.is_active for s in ChecklistStep.objects.all())


def test_move_deactivate_and_remove(world, login):
    checklist = install()
    client = login(world.ops)
    client.post(f"/program/checklists/{checklist.training.public_id}/move/", {"direction": "up"})
    assert list(ChecklistStep.objects.order_by("position"))[3] == checklist.training
    client.post(f"/program/checklists/{checklist.first_deal.public_id}/active/", {"active": "0"})
    checklist.first_deal.refresh_from_db()
    assert not checklist.first_deal.is_active
    page = client.get("/program/checklists/?partner_type=reseller").content.decode()
    assert "not in use" in page
    client.post(f"/program/checklists/{checklist.first_deal.public_id}/delete/")
    assert not ChecklistStep.objects.filter(pk=checklist.first_deal.pk).exists()


def test_a_step_with_completions_offers_no_remove_button_and_refuses(world, login):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    client = login(world.ops)
    page = client.get("/program/checklists/?partner_type=reseller").content.decode()
    assert f"/program/checklists/{checklist.training.public_id}/delete/" not in page
    response = client.post(f"/program/checklists/{checklist.training.public_id}/delete/", follow=True)
    assert "deactivate it instead" in response.content.decode()
    assert ChecklistStep.objects.filter(pk=checklist.training.pk).exists()


# --- the partner's checklist ---


def test_my_onboarding_page(world, login):
    checklist = install()
    body = login(world.rep_a).get("/my/onboarding/").content.decode()
    assert "Attend the kick-off call" in body and "<progress" in body
    assert f"/my/onboarding/{checklist.training.public_id}/complete/" in body
    assert f"/my/onboarding/{checklist.team.public_id}/complete/" not in body  # automatic
    assert "/my/agreements/" in body and "/my/profile/" in body  # hints for automatic steps
    assert "/onboarding/" in body and "/confirm/" not in body


def test_my_onboarding_is_for_partner_users(world, login):
    assert login(world.cam).get("/my/onboarding/").status_code == 403


def test_partner_marks_a_step_done_with_a_note(world, login):
    checklist = install()
    client = login(world.rep_a)
    response = client.post(
        f"/my/onboarding/{checklist.kickoff.public_id}/complete/", {"note": "Met on Monday."}
    )
    assert response.status_code == 302 and response["Location"].startswith("/my/onboarding/")
    completion = StepCompletion.objects.get()
    assert completion.state == CompletionState.SUBMITTED and completion.note == "Met on Monday."
    page = client.get("/my/onboarding/").content.decode()
    assert "Awaiting confirmation" in page and "Met on Monday." in page


def test_a_staff_note_on_a_completion_is_not_shown_to_the_partner(world, login):
    checklist = install()
    step_complete(
        actor=world.actor(world.cam),
        partner=world.partner_a,
        step=checklist.training,
        note="Internal: they skipped module 3",
    )
    assert "Internal: they skipped module 3" not in login(world.rep_a).get("/my/onboarding/").content.decode()
    assert "Internal: they skipped module 3" in login(world.cam).get(detail(world.partner_a)).content.decode()


def test_completing_twice_from_the_portal_shows_an_error(world, login):
    checklist = install()
    client = login(world.rep_a)
    client.post(f"/my/onboarding/{checklist.training.public_id}/complete/")
    response = client.post(f"/my/onboarding/{checklist.training.public_id}/complete/", follow=True)
    assert "already" in response.content.decode()
    assert StepCompletion.objects.count() == 1


def test_completing_another_types_step_from_the_portal_changes_nothing(world, login):
    dealer = install(PartnerType.DEALER)
    response = login(world.rep_a).post(f"/my/onboarding/{dealer.training.public_id}/complete/", follow=True)
    assert "not on Alpha Systems" in response.content.decode()
    assert not StepCompletion.objects.exists()


# --- the CAM on the partner page ---


def test_partner_page_shows_the_cam_what_to_do(world, login):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    body = login(world.cam).get(detail(world.partner_a)).content.decode()
    assert staff_action(world.partner_a, checklist.kickoff, "confirm") in body
    assert staff_action(world.partner_a, checklist.first_deal, "complete") in body
    assert staff_action(world.partner_a, checklist.training, "reopen") in body
    assert "Done automatically" in body and "Marked done by rep" in body
    marketing = login(world.marketing).get(detail(world.partner_a)).content.decode()
    assert "/confirm/" not in marketing and "Attend the kick-off call" in marketing


def test_cam_confirms_completes_and_reopens(world, login):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    client = login(world.cam)
    response = client.post(staff_action(world.partner_a, checklist.kickoff, "confirm"))
    assert response.status_code == 302 and response["Location"] == detail(world.partner_a) + "#onboarding"
    assert StepCompletion.objects.get(step=checklist.kickoff).state == CompletionState.DONE
    client.post(staff_action(world.partner_a, checklist.first_deal, "complete"))
    assert StepCompletion.objects.get(step=checklist.first_deal).confirmed_by == world.cam
    client.post(staff_action(world.partner_a, checklist.kickoff, "reopen"), {"note": "Call was cancelled."})
    assert not StepCompletion.objects.filter(step=checklist.kickoff).exists()
    assert Event.objects.get(verb="onboarding.step_reopened").note == "Call was cancelled."


def test_staff_action_errors_are_shown(world, login):
    checklist = install()
    response = login(world.cam).post(staff_action(world.partner_a, checklist.kickoff, "confirm"), follow=True)
    assert "Only a step the partner has submitted can be confirmed." in response.content.decode()


@pytest.mark.parametrize("who", ["marketing", "ops"])
def test_staff_without_the_right_get_403(world, login, who):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    client = login(getattr(world, who))
    for action, step in (
        ("confirm", checklist.kickoff),
        ("complete", checklist.training),
        ("reopen", checklist.kickoff),
    ):
        assert client.post(staff_action(world.partner_a, step, action)).status_code == 403
    assert StepCompletion.objects.get().state == CompletionState.SUBMITTED
    assert StepCompletion.objects.count() == 1


def test_partner_users_cannot_use_the_staff_actions(world, login):
    checklist = install()
    response = login(world.admin_a).post(staff_action(world.partner_a, checklist.training, "complete"))
    assert response.status_code == 403 and not StepCompletion.objects.exists()
