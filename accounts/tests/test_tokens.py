"""Personal API tokens: created on a page (shown once, stored hashed), used as Bearer, revoked.
Plus the browser-session API auth and its CSRF check."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client

from accounts.models import ApiToken, User, hash_secret
from accounts.scopes import ALL_SCOPES
from accounts.services import api_token_create, api_token_revoke
from core.actor import build_actor
from core.models import Event
from core.testing import items, snapshot

pytestmark = pytest.mark.django_db


def create_on_page(client: Client, name="CRM sync", **fields) -> str:
    """Submit the form as a browser does with its defaults: 90 days, every box ticked."""
    data = {"name": name, "expires_in_days": 90, "scopes": list(ALL_SCOPES)} | fields
    response = client.post("/settings/tokens/", data)
    assert response.status_code == 200
    match = re.search(rb'value="(knl_[\w-]+)"', response.content)
    assert match, "the new token is shown once"
    return match.group(1).decode()


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def raw_value_is_stored_anywhere(raw: str) -> bool:
    """Search every text column of the token and event tables for the raw token."""
    for model in (ApiToken, Event):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            for row in cursor.fetchall():
                if any(isinstance(value, str) and raw in value for value in row):
                    return True
    return False


def test_token_is_shown_once_and_only_its_hash_is_stored(world, login):
    client = login(world.admin_a)
    raw = create_on_page(client)
    token = ApiToken.objects.get()
    assert token.user == world.admin_a and token.name == "CRM sync"
    assert token.token_hash == hash_secret(raw)
    assert token.prefix == raw[:12] and len(raw) > 30
    assert not raw_value_is_stored_anywhere(raw)
    event = Event.objects.get(verb="token.created")
    assert event.actor == world.admin_a and event.partner == world.partner_a

    listing = client.get("/settings/tokens/")
    assert raw.encode() not in listing.content
    assert token.prefix.encode() in listing.content


def test_a_token_needs_a_name(world, login):
    response = login(world.admin_a).post("/settings/tokens/", {"name": "   "})
    assert response.status_code == 200
    assert b"knl_" not in response.content
    assert not ApiToken.objects.exists()
    assert not Event.objects.exists()


def test_the_token_authenticates_as_its_owner(world, login):
    raw = create_on_page(login(world.admin_a))
    response = bearer(raw).get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "admin@alpha.test"
    assert body["partner_id"] == str(world.partner_a.public_id) and body["partner_role"] == "admin"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_refused(world, login):
    client = login(world.admin_a)
    raw = create_on_page(client)
    token = ApiToken.objects.get()
    response = client.post(f"/settings/tokens/{token.public_id}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/settings/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Event.objects.filter(verb="token.revoked", actor=world.admin_a).count() == 1
    assert bearer(raw).get("/api/me").status_code == 401
    # revoking twice records nothing more
    client.post(f"/settings/tokens/{token.public_id}/revoke/")
    assert Event.objects.filter(verb="token.revoked").count() == 1


def test_another_users_token_cannot_be_revoked(world, login):
    token, raw = api_token_create(actor=build_actor(world.admin_b), name="theirs")
    before = snapshot(token)
    events = Event.objects.count()
    assert login(world.admin_a).post(f"/settings/tokens/{token.public_id}/revoke/").status_code == 404
    assert login(world.ops).post(f"/settings/tokens/{token.public_id}/revoke/").status_code == 404
    mine = bearer(create_on_page(login(world.admin_a)))
    assert mine.post(f"/api/tokens/{token.public_id}/revoke").status_code == 404
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=build_actor(world.admin_a), token=token)
    assert snapshot(token) == before
    assert Event.objects.filter(verb="token.revoked").count() == 0
    assert Event.objects.count() == events + 1  # only the token.created of admin A's own token
    assert bearer(raw).get("/api/me").status_code == 200


def test_tokens_page_lists_only_ones_own_tokens(world, login):
    api_token_create(actor=build_actor(world.admin_b), name="Bravo ERP")
    page = login(world.admin_a).get("/settings/tokens/")
    assert page.status_code == 200
    assert b"Bravo ERP" not in page.content
    assert b"No tokens yet." in page.content


@pytest.mark.parametrize(
    "header",
    [
        "Bearer knl_this-is-not-a-real-token-at-all-000000",
        "Bearer not-even-our-prefix",
        "Bearer ",
        "Token knl_whatever",
    ],
)
def test_a_bad_token_is_401(world, header):
    response = Client(headers={"Authorization": header}).get("/api/me")
    assert response.status_code == 401


def test_no_credentials_is_401(world):
    assert Client().get("/api/me").status_code == 401
    assert Client().get("/api/partners").status_code == 401


def test_the_tokens_of_a_deactivated_user_fail(world, api_client):
    client = api_client(world.rep_a)
    assert client.get("/api/me").status_code == 200
    User.objects.filter(pk=world.rep_a.pk).update(is_active=False)
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/partners").status_code == 401


def test_a_token_of_a_deactivated_member_sees_no_partner_data(world, api_client):
    client = api_client(world.rep_a)
    world.rep_a.memberships.update(is_active=False)
    me = client.get("/api/me").json()
    assert me["partner_id"] is None
    assert client.get("/api/partners").json() == {"items": [], "count": 0}
    assert client.get(f"/api/partners/{world.partner_a.public_id}").status_code == 404


def test_tokens_through_the_api_show_the_raw_value_once(world, api_client):
    client = api_client(world.cam)
    created = client.post("/api/tokens", {"name": "Reporting"}, content_type="application/json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("knl_")
    listed = items(client.get("/api/tokens"))
    assert {t["name"] for t in listed} == {"test", "Reporting"}
    assert all("token" not in t for t in listed)
    assert bearer(raw).get("/api/me").json()["email"] == "cam@vendor.test"


# --- session auth on the API --------------------------------------------------------------------


def test_session_api_get_works_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    assert client.get("/api/me").json()["email"] == "admin@alpha.test"


def test_session_api_post_requires_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    refused = client.post("/api/tokens", {"name": "no csrf"}, content_type="application/json")
    assert refused.status_code == 403
    assert not ApiToken.objects.exists()
    assert not Event.objects.exists()

    client.get("/settings/tokens/")  # sets the CSRF cookie like a browser page load
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/tokens", {"name": "with csrf"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    assert ApiToken.objects.get().name == "with csrf"


def test_session_api_patch_requires_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    before = snapshot(world.partner_a)
    response = client.patch(
        f"/api/partners/{world.partner_a.public_id}", {"city": "Hacked"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert snapshot(world.partner_a) == before


def test_token_auth_needs_no_csrf(world, api_client):
    client = api_client(world.admin_a)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/tokens", {"name": "second"}, content_type="application/json")
    assert response.status_code == 201
