"""allowed_actions: the one rule behind the partner page's buttons, the API's `actions` and the service."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.testing import error_codes, snapshot
from partners import rules
from partners.choices import PartnerStatus
from partners.errors import PartnerErrorCode
from partners.rules import PartnerAction, allowed_actions, refusal, require_action

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _set_status(partner, status):
    partner.status = status
    partner.save(update_fields=["status"])
    return partner


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PartnerStatus.PROSPECT, ["mark_applicant", "offboard"]),
        (PartnerStatus.APPLICANT, ["start_onboarding", "offboard"]),
        (PartnerStatus.ACTIVE, ["flag_at_risk", "offboard"]),
        (PartnerStatus.AT_RISK, ["activate", "offboard"]),
        (PartnerStatus.OFFBOARDED, ["start_onboarding"]),
    ],
)
def test_allowed_actions_follow_the_lifecycle(world, status, expected):
    partner = _set_status(world.partner_a, status)
    assert allowed_actions(world.actor(world.cam), partner) == expected


def test_roles_without_status_changes_get_no_actions(world):
    for user in (world.marketing, world.ops, world.admin_a):
        assert allowed_actions(world.actor(user), world.partner_a) == [], user
        assert isinstance(
            refusal(world.actor(user), world.partner_a, PartnerAction.OFFBOARD), PermissionDenied
        )
        with pytest.raises(PermissionDenied):
            require_action(world.actor(user), world.partner_a, PartnerAction.OFFBOARD)


def test_a_refused_step_has_a_stable_code(world):
    with pytest.raises(ValidationError) as caught:
        require_action(world.actor(world.cam), world.partner_a, PartnerAction.MARK_APPLICANT)
    assert caught.value.error_dict["status"][0].code == PartnerErrorCode.INVALID_TRANSITION


def test_a_guard_another_app_adds_hides_the_step(world):
    def no_activation(*, actor, partner, to_status):
        if to_status == PartnerStatus.ACTIVE:
            raise ValidationError({"status": ValidationError("Not yet.", code="not_yet")})

    partner = _set_status(world.partner_a, PartnerStatus.AT_RISK)
    rules.register_transition_guard(no_activation)
    try:
        assert allowed_actions(world.actor(world.cam), partner) == ["offboard"]
    finally:
        rules._guards.remove(no_activation)
    assert allowed_actions(world.actor(world.cam), partner) == ["activate", "offboard"]


def test_the_page_shows_only_the_allowed_buttons(world, login):
    page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert 'name="status" value="at_risk"' in page
    # A live partner is offboarded through the wind-down checklist its panel starts, not in one click.
    assert f"/offboarding/start/{world.partner_a.public_id}/" in page
    for hidden in ("applicant", "onboarding", "active", "prospect", "offboarded"):
        assert f'name="status" value="{hidden}"' not in page
    marketing = login(world.marketing).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert 'name="status"' not in marketing and "Lifecycle" not in marketing


def test_a_button_changes_the_status(world, login):
    client = login(world.cam)
    response = client.post(
        f"/partners/{world.partner_a.public_id}/status/", {"status": "at_risk", "note": "quiet"}
    )
    assert response.status_code in (200, 302)
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.AT_RISK
    page = client.get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert 'name="status" value="active"' in page and 'name="status" value="at_risk"' not in page


def test_the_api_detail_lists_the_actions(world, api_client):
    path = f"/api/partners/{world.partner_a.public_id}"
    assert api_client(world.cam).get(path).json()["actions"] == ["flag_at_risk", "offboard"]
    assert api_client(world.admin_a).get(path).json()["actions"] == []
    changed = api_client(world.cam).post(f"{path}/status", {"status": "at_risk"}, content_type=JSON).json()
    assert changed["status"] == "at_risk" and changed["actions"] == ["activate", "offboard"]


def test_the_api_refuses_a_step_not_offered_with_its_code(world, api_client):
    before = snapshot(world.partner_a)
    response = api_client(world.cam).post(
        f"/api/partners/{world.partner_a.public_id}/status", {"status": "applicant"}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_codes(response) == {"status": PartnerErrorCode.INVALID_TRANSITION}
    offboard = api_client(world.cam).post(
        f"/api/partners/{world.partner_a.public_id}/status", {"status": "offboarded"}, content_type=JSON
    )
    assert error_codes(offboard) == {"note": PartnerErrorCode.NOTE_REQUIRED}
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.status_changed").exists()
