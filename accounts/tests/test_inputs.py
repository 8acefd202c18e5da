"""Page and API go through the same inputs: the same limits, refused with the same codes."""

import json

import pytest

from accounts.models import ApiToken, Membership
from accounts.scopes import ALL_SCOPES
from core.roles import PartnerRole
from core.testing import error_codes

pytestmark = pytest.mark.django_db


def test_an_over_long_token_name_is_refused_alike_on_the_page_and_in_the_api(world, login, api_client):
    tokens = ApiToken.objects.count()
    page = login(world.admin_a).post(
        "/settings/tokens/", {"name": "n" * 101, "expires_in_days": 30, "scopes": list(ALL_SCOPES)}
    )
    assert page.status_code == 200 and b"Keep the name under 100 characters." in page.content
    api = api_client(world.admin_a).post(
        "/api/tokens", json.dumps({"name": "n" * 101}), content_type="application/json"
    )
    assert api.status_code == 422 and error_codes(api) == {"name": "max_length"}
    assert ApiToken.objects.count() == tokens + 1  # only the API client's own token


def test_an_over_long_invitee_name_is_refused_alike_on_the_page_and_in_the_api(world, login, api_client):
    page = login(world.admin_a).post(
        "/my/team/invite/",
        {"email": "new@alpha.test", "full_name": "n" * 151, "role": PartnerRole.REP},
        follow=True,
    )
    assert b"at most 150 characters" in page.content
    api = api_client(world.admin_a).post(
        f"/api/partners/{world.partner_a.public_id}/invitations",
        json.dumps({"email": "new@alpha.test", "full_name": "n" * 151, "role": PartnerRole.REP}),
        content_type="application/json",
    )
    assert api.status_code == 422 and error_codes(api) == {"full_name": "max_length"}


def test_a_member_can_be_deactivated_through_the_api_with_false(world, api_client):
    rep = Membership.objects.get(user=world.rep_a)
    response = api_client(world.admin_a).patch(
        f"/api/members/{rep.public_id}", json.dumps({"is_active": False}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    rep.refresh_from_db()
    assert not rep.is_active
