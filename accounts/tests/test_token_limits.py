"""API tokens expire and may be narrowed to areas of the API (read or write); they never reach further
than their user's role, and the browser session is not affected by any of it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.api_auth import ApiTokenError, TokenAuth
from accounts.models import ApiToken
from accounts.scopes import ALL_SCOPES, API_AREAS
from accounts.services import api_token_create
from config.api import api
from core.actor import build_actor
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def token_for(user, *, scopes=None, days=None) -> tuple[ApiToken, Client]:
    token, raw = api_token_create(
        actor=build_actor(user), name="limited", scopes=scopes, expires_in_days=days
    )
    return token, Client(headers={"Authorization": f"Bearer {raw}"})


# --- expiry --------------------------------------------------------------------------------------


def test_a_token_expires_after_the_chosen_days(world, login):
    before = timezone.now()
    page = login(world.admin_a).post(
        "/settings/tokens/", {"name": "Monthly", "expires_in_days": 30, "scopes": list(ALL_SCOPES)}
    )
    assert page.status_code == 200 and b"knl_" in page.content
    token = ApiToken.objects.get()
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)
    event = Event.objects.get(verb="token.created")
    assert event.after["expires_at"].startswith(token.expires_at.date().isoformat())
    assert event.after["scopes"] == "all"


def test_the_default_lifetime_is_90_days(world, api_client):
    created = api_client(world.admin_a).post("/api/tokens", {"name": "CI"}, content_type="application/json")
    assert created.status_code == 201
    token = ApiToken.objects.get(public_id=created.json()["id"])
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert created.json()["state"] == "active" and created.json()["scopes"] == list(ALL_SCOPES)


def test_an_expired_token_is_refused_with_a_clear_message(world):
    token, client = token_for(world.admin_a)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    before = snapshot(token)
    response = client.get("/api/me")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] and "Settings" in response.json()["detail"]
    assert client.get("/api/partners").status_code == 401
    assert snapshot(token) == before  # not even last use is recorded


def test_a_revoked_token_says_so(world):
    token, client = token_for(world.admin_a)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    response = client.get("/api/me")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_last_use_is_recorded_at_most_once_a_minute(world):
    token, client = token_for(world.rep_a)
    assert client.get("/api/me").status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    assert client.get("/api/me").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


@pytest.mark.parametrize("days", [0, -1, 366, 100000])
def test_a_lifetime_outside_the_limit_is_refused(world, api_client, days):
    client = api_client(world.admin_a)
    tokens, events = ApiToken.objects.count(), Event.objects.count()
    response = client.post(
        "/api/tokens", {"name": "long", "expires_in_days": days}, content_type="application/json"
    )
    assert response.status_code == 422
    page = Client()
    page.force_login(world.admin_a)
    form = page.post(
        "/settings/tokens/", {"name": "long", "expires_in_days": days, "scopes": list(ALL_SCOPES)}
    )
    assert form.status_code == 200 and b'value="knl_' not in form.content
    assert ApiToken.objects.count() == tokens and Event.objects.count() == events


def test_the_maximum_lifetime_is_a_setting(world, login, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    client = login(world.admin_a)
    page = client.get("/settings/tokens/")
    assert b'<option value="30" selected>' in page.content
    assert b'value="90"' not in page.content and b'value="365"' not in page.content
    with pytest.raises(ValidationError) as refused:
        api_token_create(actor=build_actor(world.admin_a), name="long", expires_in_days=90)
    assert "expires_in_days" in refused.value.message_dict
    token, _raw = api_token_create(actor=build_actor(world.admin_a), name="default")
    assert token.expires_at <= timezone.now() + timedelta(days=30)


# --- scopes --------------------------------------------------------------------------------------


def test_read_scope_reads_but_does_not_write(world):
    _token, client = token_for(world.admin_a, scopes=["partners:read"])
    assert client.get("/api/partners").status_code == 200
    assert client.get(f"/api/partners/{world.partner_a.public_id}").status_code == 200
    before = snapshot(world.partner_a)
    response = client.patch(
        f"/api/partners/{world.partner_a.public_id}", {"city": "Hamburg"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This API token may not change Partners."
    assert snapshot(world.partner_a) == before


def test_write_scope_writes_and_reads(world):
    _token, client = token_for(world.admin_a, scopes=["partners:write"])
    assert client.get("/api/partners").status_code == 200
    response = client.patch(
        f"/api/partners/{world.partner_a.public_id}", {"city": "Hamburg"}, content_type="application/json"
    )
    assert response.status_code == 200
    world.partner_a.refresh_from_db()
    assert world.partner_a.city == "Hamburg"


def test_a_narrowed_token_is_refused_on_another_area(world):
    _token, client = token_for(world.admin_a, scopes=["deals:write"])
    assert client.get("/api/deals/registrations").status_code == 200
    for path in ("/api/partners", "/api/me", "/api/notifications", "/api/catalog/products", "/api/tokens"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.json()["detail"].startswith("This API token may not read "), path
    tokens = ApiToken.objects.count()
    assert client.post("/api/tokens", {"name": "wider"}, content_type="application/json").status_code == 403
    assert ApiToken.objects.count() == tokens


def test_scopes_never_grant_more_than_the_role(world):
    """A partner rep's unrestricted token still meets the rep's limits, exactly like the rep's session."""
    _token, token_client = token_for(world.rep_a)
    session = Client()
    session.force_login(world.rep_a)
    for method, path, body in [
        ("get", "/api/direct/accounts", None),
        ("get", f"/api/partners/{world.partner_b.public_id}", None),
        ("post", "/api/partners", {"name": "Rogue"}),
        ("post", f"/api/partners/{world.partner_a.public_id}/status", {"status": "suspended"}),
    ]:
        by_token = getattr(token_client, method)(path, body, content_type="application/json")
        by_session = getattr(session, method)(path, body, content_type="application/json")
        assert by_token.status_code == by_session.status_code, path
        assert by_token.status_code in (403, 404, 422), path


def test_the_session_is_not_limited_by_the_users_narrowed_tokens(world):
    token_for(world.admin_a, scopes=["deals:read"])
    session = Client()
    session.force_login(world.admin_a)
    assert session.get("/api/partners").status_code == 200
    assert session.get("/api/me").status_code == 200
    response = session.patch(
        f"/api/partners/{world.partner_a.public_id}", {"city": "Hamburg"}, content_type="application/json"
    )
    assert response.status_code == 200


def test_scopes_are_chosen_on_the_page_and_shown_there(world, login):
    client = login(world.admin_a)
    page = client.post(
        "/settings/tokens/",
        {"name": "Deals feed", "expires_in_days": 90, "scopes": ["deals:read", "catalog:write"]},
    )
    assert page.status_code == 200 and b"knl_" in page.content
    token = ApiToken.objects.get()
    assert token.scopes == ["catalog:read", "catalog:write", "deals:read"]
    listing = client.get("/settings/tokens/").content.decode()
    assert "Deal registrations: read only" in listing
    assert "Product catalogue: read and write" in listing
    # the form offers a read and a change box per area, all ticked by default
    assert listing.count('type="checkbox" name="scopes"') == len(ALL_SCOPES)
    assert listing.count("checked") == len(ALL_SCOPES)


def test_a_token_with_every_box_ticked_reaches_every_area(world, login):
    client = login(world.admin_a)
    client.post("/settings/tokens/", {"name": "All", "expires_in_days": 90, "scopes": list(ALL_SCOPES)})
    assert ApiToken.objects.get().scopes is None
    assert "All areas, read and write" in client.get("/settings/tokens/").content.decode()


def test_a_token_without_any_scope_is_refused(world, login, api_client):
    client = login(world.admin_a)
    page = client.post("/settings/tokens/", {"name": "Nothing", "expires_in_days": 90})
    assert page.status_code == 200 and b'value="knl_' not in page.content
    assert b"Choose at least one area" in page.content
    api = api_client(world.admin_a)
    tokens, events = ApiToken.objects.count(), Event.objects.count()
    for scopes in ([], ["deals:admin"], ["everything"]):
        response = api.post("/api/tokens", {"name": "x", "scopes": scopes}, content_type="application/json")
        assert response.status_code == 422, scopes
    assert ApiToken.objects.count() == tokens and Event.objects.count() == events


def test_the_api_creates_and_lists_scoped_tokens(world, api_client):
    client = api_client(world.cam)
    created = client.post(
        "/api/tokens",
        {"name": "Pipeline", "scopes": ["deals:read", "direct:read"], "expires_in_days": 30},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["scopes"] == ["direct:read", "deals:read"]
    listed = {t["name"]: t for t in client.get("/api/tokens").json()["items"]}
    assert listed["Pipeline"]["scopes"] == ["direct:read", "deals:read"]
    assert listed["test"]["scopes"] == list(ALL_SCOPES)
    assert listed["Pipeline"]["expires_at"] == body["expires_at"]
    narrowed = Client(headers={"Authorization": f"Bearer {body['token']}"})
    assert narrowed.get("/api/deals/registrations").status_code == 200
    assert narrowed.get("/api/direct/accounts").status_code == 200
    assert narrowed.get("/api/partners").status_code == 403


def test_a_token_cannot_create_a_wider_or_longer_lived_token(world):
    parent, client = token_for(world.admin_a, scopes=["accounts:write", "deals:read"], days=30)
    tokens, events = ApiToken.objects.count(), Event.objects.count()
    wider = client.post(
        "/api/tokens", {"name": "wider", "scopes": ["partners:read"]}, content_type="application/json"
    )
    assert wider.status_code == 422
    longer = client.post(
        "/api/tokens", {"name": "longer", "expires_in_days": 90}, content_type="application/json"
    )
    assert longer.status_code == 422
    assert ApiToken.objects.count() == tokens and Event.objects.count() == events

    child = client.post("/api/tokens", {"name": "child"}, content_type="application/json")
    assert child.status_code == 201
    token = ApiToken.objects.get(public_id=child.json()["id"])
    assert token.scopes == parent.scopes and token.expires_at <= parent.expires_at
    narrower = client.post(
        "/api/tokens", {"name": "narrower", "scopes": ["deals:read"]}, content_type="application/json"
    )
    assert narrower.status_code == 201


def test_the_schema_lists_scopes_and_limits(world):
    schema = api.get_openapi_schema()["components"]["schemas"]
    token_in = schema["TokenIn"]["properties"]
    scope_schema = schema["TokenScope"]
    assert scope_schema["enum"] == list(ALL_SCOPES)
    assert token_in["expires_in_days"]["anyOf"][0]["maximum"] == 365
    assert token_in["name"]["maxLength"] == 100
    assert schema["TokenOut"]["properties"]["state"]["$ref"].endswith("TokenState")


def test_every_authenticated_endpoint_takes_its_area_from_its_router():
    """The area comes from the mount in config.api, so no endpoint is left outside every area."""
    mounted = set()
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                if not operation.auth_callbacks:
                    continue  # a public endpoint (auth=None)
                token_auth = [cb for cb in operation.auth_callbacks if isinstance(cb, TokenAuth)]
                assert len(token_auth) == 1, operation.view_func.__qualname__
                assert token_auth[0].area in API_AREAS, operation.view_func.__qualname__
                mounted.add(token_auth[0].area)
    assert mounted == set(API_AREAS)


def test_an_endpoint_outside_every_area_takes_unrestricted_tokens_only(world, rf):
    _restricted, restricted_raw = api_token_create(
        actor=build_actor(world.admin_a), name="r", scopes=["deals:read"]
    )
    _full, full_raw = api_token_create(actor=build_actor(world.admin_a), name="f")
    auth = TokenAuth(area=None)
    assert auth.authenticate(rf.get("/api/anything"), full_raw) == world.admin_a
    with pytest.raises(ApiTokenError) as refused:
        auth.authenticate(rf.get("/api/anything"), restricted_raw)
    assert refused.value.status_code == 403 and refused.value.code == "token_scope"
