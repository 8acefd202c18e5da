"""Approving an application assigns the partner's CAM by territory, or the reviewer's explicit choice.

Regression (issue 7): approving used to make the approving CAM the partner's CAM regardless of territory.
"""

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Invitation
from accounts.testing import make_partner, make_user
from core.models import Event
from core.roles import StaffRole
from core.testing import snapshot
from partners.models import Partner, Territory
from recruitment.services import application_approve
from recruitment.tests.conftest import submit

pytestmark = pytest.mark.django_db

API = "/api/recruitment/applications"
JSON = "application/json"


@pytest.fixture
def team(world):
    """Katrin holds Germany, Claire holds Europe, Zoe and Aaron both hold Austria; the world's CAM holds
    nothing (and is the one approving)."""
    katrin = make_user("katrin@vendor.test", staff_role=StaffRole.CAM, full_name="Katrin Vogel")
    claire = make_user("claire@vendor.test", staff_role=StaffRole.CAM, full_name="Claire Dubois")
    zoe = make_user("zoe@vendor.test", staff_role=StaffRole.CAM, full_name="Zoe Zimmer")
    aaron = make_user("aaron@vendor.test", staff_role=StaffRole.CAM, full_name="Aaron Auer")
    Territory.objects.create(user=katrin, country="DE")
    Territory.objects.create(user=claire, region="europe")
    Territory.objects.create(user=zoe, country="AT")
    Territory.objects.create(user=aaron, country="AT")
    make_partner("Auer One", cam=aaron)  # Aaron looks after one live partner, Zoe after none
    return katrin, claire, zoe, aaron


def approved(app) -> tuple:
    app.refresh_from_db()
    return app.status, app.partner.cam, app.cam, app.cam_basis


def approval_event(app) -> Event:
    return Event.objects.get(verb="application.approved", target_id=app.pk)


def nothing_changed(app, before, counts):
    return snapshot(app) == before and counts == _counts()


def _counts():
    return (Partner.objects.count(), Event.objects.count(), Invitation.objects.count())


# --- the service ----------------------------------------------------------------------------------------


def test_by_country(world, team):
    katrin = team[0]
    app = submit(country="DE", region="europe")
    application_approve(actor=world.actor(world.cam), application=app)
    assert approved(app) == ("approved", katrin, katrin, "country")
    assert app.cam_reason == "Territory: Germany"
    assert (
        approval_event(app).after.items()
        >= {"cam": "Katrin Vogel", "cam_reason": "Territory: Germany"}.items()
    )


def test_by_region(world, team):
    claire = team[1]
    app = submit(country="NL", region="europe")
    application_approve(actor=world.actor(world.chief), application=app)
    assert approved(app) == ("approved", claire, claire, "region")
    assert approval_event(app).after["cam_reason"] == "Territory: Europe"


def test_no_territory_leaves_the_partner_unassigned(world, team):
    app = submit(country="BR", region="latin_america")
    application_approve(actor=world.actor(world.cam), application=app)
    assert approved(app) == ("approved", None, None, "none")
    event = approval_event(app)
    assert event.after["cam"] is None and event.after["cam_reason"] == "No territory covers Brazil"


def test_the_approving_cam_is_never_assigned_for_approving(world, team):
    katrin = team[0]
    app = submit(country="DE", region="europe")
    application_approve(actor=world.actor(katrin), application=app)  # Katrin holds Germany anyway
    assert approved(app)[1] == katrin
    other = submit(
        country="BR", region="latin_america", web_domain="other.example", contact_email="o@o.example"
    )
    application_approve(actor=world.actor(katrin), application=other)
    assert approved(other)[1] is None


def test_least_loaded_cam_of_several(world, team):
    zoe, aaron = team[2], team[3]
    app = submit(country="AT", region="europe")
    application_approve(actor=world.actor(world.cam), application=app)
    assert approved(app)[1] == zoe  # no live partners yet, Aaron has one
    # Now one each (Zoe's new partner is onboarding, which counts): the name decides, Aaron before Zoe.
    second = submit(country="AT", region="europe", web_domain="second.example", contact_email="s@s.example")
    application_approve(actor=world.actor(world.cam), application=second)
    assert approved(second)[1] == aaron


def test_override_is_recorded_as_the_reviewers_choice(world, team):
    claire = team[1]
    app = submit(country="DE", region="europe")
    application_approve(actor=world.actor(world.chief), application=app, cam=claire)
    assert approved(app) == ("approved", claire, claire, "chosen")
    assert app.cam_reason == "Chosen by Chief Channel"
    event = approval_event(app)
    assert event.after["cam"] == "Claire Dubois" and event.after["cam_reason"] == "Chosen by Chief Channel"


@pytest.mark.parametrize("who", ["marketing", "ops", "inactive_cam"])
def test_refused_override_changes_nothing(world, team, who, django_capture_on_commit_callbacks):
    if who == "inactive_cam":
        choice = team[0]
        choice.is_active = False
        choice.save()
    else:
        choice = getattr(world, who)
    app = submit(country="DE", region="europe")
    before, counts = snapshot(app), _counts()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as exc:
        application_approve(actor=world.actor(world.cam), application=app, cam=choice)
    assert "cam" in exc.value.message_dict
    assert nothing_changed(app, before, counts) and not callbacks and not mail.outbox


# --- the page -------------------------------------------------------------------------------------------


def page(app) -> str:
    return f"/recruitment/applications/{app.public_id}/"


def test_reviewer_sees_who_will_be_assigned_and_why(world, team, login):
    client = login(world.cam)
    body = client.get(page(submit(country="DE", region="europe"))).content.decode()
    assert "Katrin Vogel" in body and "Territory: Germany" in body
    assert "By territory: Katrin Vogel" in body  # the default of the override select
    body = client.get(
        page(submit(country="NL", region="europe", web_domain="nl.example", contact_email="n@nl.example"))
    ).content.decode()
    assert "Claire Dubois" in body and "Territory: Europe" in body
    body = client.get(
        page(
            submit(country="BR", region="latin_america", web_domain="b.example", contact_email="b@b.example")
        )
    ).content.decode()
    assert "No territory covers Brazil" in body and "By territory: nobody" in body
    body = client.get(
        page(submit(country="AT", region="europe", web_domain="a.example", contact_email="a@a.example"))
    ).content.decode()
    assert "Zoe Zimmer" in body and "of 2 managers" in body


def test_approve_through_the_page_by_territory(world, team, login):
    katrin = team[0]
    app = submit(country="DE", region="europe")
    response = login(world.cam).post(page(app) + "approve/", {"cam_id": ""}, follow=True)
    assert response.status_code == 200
    assert approved(app) == ("approved", katrin, katrin, "country")
    body = response.content.decode()
    assert "Channel account manager: Katrin Vogel (Territory: Germany)" in body
    assert "Territory: Germany" in body  # the decision box keeps showing why


def test_approve_through_the_page_without_territory(world, team, login):
    app = submit(country="BR", region="latin_america")
    response = login(world.cam).post(page(app) + "approve/", follow=True)
    assert approved(app) == ("approved", None, None, "none")
    assert "No territory covers Brazil: the partner has no channel account manager yet." in (
        response.content.decode()
    )


def test_override_through_the_page(world, team, login):
    claire = team[1]
    app = submit(country="DE", region="europe")
    response = login(world.cam).post(page(app) + "approve/", {"cam_id": str(claire.public_id)}, follow=True)
    assert approved(app) == ("approved", claire, claire, "chosen")
    assert "Chosen by Cam Manager" in response.content.decode()


@pytest.mark.parametrize("who", ["ops", "inactive_cam", "admin_a", "unknown"])
def test_refused_override_through_the_page_changes_nothing(world, team, login, who):
    if who == "inactive_cam":
        choice = team[0]
        choice.is_active = False
        choice.save()
        value = str(choice.public_id)
    elif who == "unknown":
        value = "00000000-0000-0000-0000-000000000000"
    else:
        value = str(getattr(world, who).public_id)
    app = submit(country="DE", region="europe")
    before, counts = snapshot(app), _counts()
    mail.outbox.clear()
    response = login(world.cam).post(page(app) + "approve/", {"cam_id": value}, follow=True)
    assert "Choose an active channel account manager." in response.content.decode()
    assert nothing_changed(app, before, counts) and not mail.outbox


# --- the API --------------------------------------------------------------------------------------------


def approve(client, app, body=None):
    return client.post(f"{API}/{app.public_id}/approve", json.dumps(body or {}), content_type=JSON)


def test_api_shows_the_proposal_and_assigns_by_territory(world, team, api_client):
    katrin = team[0]
    app = submit(country="DE", region="europe")
    client = api_client(world.cam)
    detail = client.get(f"{API}/{app.public_id}").json()
    assert detail["cam_proposal"] == {
        "cam_id": str(katrin.public_id),
        "cam_email": "katrin@vendor.test",
        "cam_name": "Katrin Vogel",
        "basis": "country",
        "reason": "Territory: Germany",
    }
    assert detail["cam_id"] is None and detail["cam_basis"] == ""
    response = approve(client, app)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cam_id"] == str(katrin.public_id) and body["cam_email"] == "katrin@vendor.test"
    assert body["cam_basis"] == "country" and body["cam_reason"] == "Territory: Germany"
    assert approved(app) == ("approved", katrin, katrin, "country")
    detail = client.get(f"{API}/{app.public_id}").json()
    assert detail["cam_proposal"] is None and detail["cam_email"] == "katrin@vendor.test"
    listed = client.get(f"{API}?status=all").json()["items"]
    assert [a["cam_reason"] for a in listed] == ["Territory: Germany"]


def test_api_no_territory_and_an_empty_body(world, team, api_client):
    app = submit(country="BR", region="latin_america")
    response = api_client(world.cam).generic("POST", f"{API}/{app.public_id}/approve", b"")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cam_id"] is None and body["cam_basis"] == "none"
    assert body["cam_reason"] == "No territory covers Brazil"


def test_override_through_the_api(world, team, api_client):
    claire = team[1]
    app = submit(country="DE", region="europe")
    response = approve(api_client(world.chief), app, {"cam_id": str(claire.public_id)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cam_email"] == "claire@vendor.test" and body["cam_basis"] == "chosen"
    assert body["cam_reason"] == "Chosen by Chief Channel"
    assert approval_event(app).after["cam_reason"] == "Chosen by Chief Channel"


@pytest.mark.parametrize("who", ["ops", "inactive_cam", "admin_a", "unknown", "not_a_uuid"])
def test_refused_override_through_the_api_changes_nothing(world, team, api_client, who):
    if who == "inactive_cam":
        choice = team[0]
        choice.is_active = False
        choice.save()
        value = str(choice.public_id)
    elif who == "unknown":
        value = "00000000-0000-0000-0000-000000000000"
    elif who == "not_a_uuid":
        value = "katrin@vendor.test"
    else:
        value = str(getattr(world, who).public_id)
    app, client = submit(country="DE", region="europe"), api_client(world.cam)
    before, counts = snapshot(app), _counts()
    response = approve(client, app, {"cam_id": value})
    assert response.status_code == 422 and "cam_id" in response.content.decode()
    assert nothing_changed(app, before, counts)


def test_api_refuses_unknown_fields_and_the_override_needs_review_rights(world, team, api_client):
    app = submit(country="DE", region="europe")
    cam, marketing, partner_admin = (api_client(u) for u in (world.cam, world.marketing, world.admin_a))
    before, counts = snapshot(app), _counts()
    assert approve(cam, app, {"cam": "katrin@vendor.test"}).status_code == 422
    # Marketing may not approve: 403 before the chosen CAM is even looked up.
    response = approve(marketing, app, {"cam_id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 403
    assert approve(partner_admin, app, {"cam_id": str(team[0].public_id)}).status_code == 404
    assert nothing_changed(app, before, counts)
