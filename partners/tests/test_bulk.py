"""The partner directory's bulk actions: assign a CAM and change the status of several partners, each by the
partner's own rules, with what was refused and why; export the chosen rows; the same through the API."""

import uuid

import pytest
from django.contrib.messages import get_messages

from accounts.testing import make_user
from core.roles import StaffRole
from core.testing import snapshot
from partners.choices import PartnerStatus

pytestmark = pytest.mark.django_db

BULK = "/partners/bulk/"


def _texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_directory_offers_the_actions_and_a_box_per_row(world, login):
    client = login(world.chief)
    html = client.get("/partners/").content.decode()
    assert f'name="id" value="{world.partner_a.public_id}" form="bulk-form"' in html
    # Each action's input is fetched into its menu when it opens: the list page builds no form for it.
    assert f'hx-get="{BULK}?form=assign_cam"' in html and f'hx-get="{BULK}?form=change_status"' in html
    assert 'name="assign_cam-cam"' not in html
    menu = client.get(BULK, {"form": "assign_cam"}).content.decode()
    assert 'name="assign_cam-cam"' in menu and 'value="assign_cam"' in menu  # asked once, for every row
    assert 'value="change_status"' in client.get(BULK, {"form": "change_status"}).content.decode()


def test_a_menu_is_only_for_an_action_offered(world, login):
    assert login(world.chief).get(BULK, {"form": "fly"}).status_code == 404
    assert login(world.chief).get(BULK).status_code == 404
    assert login(world.admin_a).get(BULK, {"form": "assign_cam"}).status_code == 403


def test_assigning_a_cam_to_several(world, login):
    new_cam = make_user("second-cam@vendor.test", staff_role=StaffRole.CAM, full_name="Second Cam")
    ids = [world.partner_a.public_id, world.partner_b.public_id]
    response = login(world.chief).post(
        BULK, {"action": "assign_cam", "id": ids, "assign_cam-cam": new_cam.public_id}
    )
    assert response.status_code == 302
    for partner in (world.partner_a, world.partner_b):
        partner.refresh_from_db()
        assert partner.cam_id == new_cam.pk
    assert "2 partners assigned." in _texts(response)


def test_a_cam_who_is_not_one_is_refused_and_nothing_changes(world, login):
    before = snapshot(world.partner_a)
    response = login(world.chief).post(
        BULK,
        {"action": "assign_cam", "id": [world.partner_a.public_id], "assign_cam-cam": world.ops.public_id},
    )
    assert snapshot(world.partner_a) == before
    assert any("channel account manager" in t for t in _texts(response))


def test_changing_status_follows_the_lifecycle_per_partner(world, login):
    world.partner_b.status = PartnerStatus.ONBOARDING
    world.partner_b.save()
    response = login(world.chief).post(
        BULK,
        {
            "action": "change_status",
            "id": [world.partner_a.public_id, world.partner_b.public_id],
            "change_status-status": PartnerStatus.AT_RISK,
        },
    )
    world.partner_a.refresh_from_db()
    world.partner_b.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.AT_RISK  # active -> at risk is a step of the lifecycle
    assert world.partner_b.status == PartnerStatus.ONBOARDING  # onboarding -> at risk is not
    texts = _texts(response)
    assert "1 partner changed status." in texts
    assert any(t.startswith(world.partner_b.name) and "cannot move" in t for t in texts), texts


def test_offboarding_needs_a_note_for_each(world, login):
    response = login(world.chief).post(
        BULK,
        {"action": "change_status", "id": [world.partner_a.public_id], "change_status-status": "offboarded"},
    )
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.ACTIVE
    assert any("Say why the partner is offboarded." in t for t in _texts(response))


def test_a_role_without_the_permission_is_refused(world, login):
    before = snapshot(world.partner_a)
    response = login(world.marketing).post(
        BULK,
        {"action": "change_status", "id": [world.partner_a.public_id], "change_status-status": "at_risk"},
    )
    assert response.status_code == 403
    assert snapshot(world.partner_a) == before


def test_partner_users_cannot_reach_the_bulk_action(world, login):
    before = snapshot(world.partner_b)
    response = login(world.admin_a).post(
        BULK,
        {"action": "change_status", "id": [world.partner_b.public_id], "change_status-status": "at_risk"},
    )
    assert response.status_code in (302, 403, 404)
    assert snapshot(world.partner_b) == before


def test_export_selected(world, login):
    response = login(world.cam).post(BULK, {"action": "export", "id": [world.partner_b.public_id]})
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert world.partner_b.name in body
    assert world.partner_a.name not in body


def test_the_api_assigns_and_reports_each(world, api_client):
    missing = uuid.uuid4()
    response = api_client(world.chief).post(
        "/api/partners/bulk",
        {
            "action": "assign_cam",
            "ids": [str(world.partner_a.public_id), str(missing)],
            "cam": str(world.chief.public_id),
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "done": [str(world.partner_a.public_id)],
        "refused": [{"id": str(missing), "code": "not_found", "message": "Not found."}],
    }
    world.partner_a.refresh_from_db()
    assert world.partner_a.cam_id == world.chief.pk


def test_the_api_refuses_too_many_or_no_ids(world, api_client):
    client = api_client(world.chief)
    empty = client.post(
        "/api/partners/bulk",
        {"action": "change_status", "ids": [], "status": "at_risk"},
        content_type="application/json",
    )
    assert empty.status_code == 422
    many = client.post(
        "/api/partners/bulk",
        {"action": "change_status", "ids": [str(uuid.uuid4()) for _ in range(501)], "status": "at_risk"},
        content_type="application/json",
    )
    assert many.status_code == 422


def test_a_partner_token_sees_no_other_partner_through_the_api(world, api_client):
    before = snapshot(world.partner_b)
    response = api_client(world.admin_a).post(
        "/api/partners/bulk",
        {"action": "change_status", "ids": [str(world.partner_b.public_id)], "status": "at_risk"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert snapshot(world.partner_b) == before
