"""Staff two-factor enforcement (KANAL_REQUIRE_STAFF_MFA) and the TOTP login step."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from accounts.testing import PASSWORD
from core.actor import build_actor
from core.models import Event

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture
def require_mfa(settings):
    settings.KANAL_REQUIRE_STAFF_MFA = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def wrong_code(secret: str) -> str:
    return "111111" if current_code(secret) == "000000" else "000000"


def reauthenticated(client: Client) -> Client:
    """allauth asks for the password again before a TOTP authenticator may be activated."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def enrol(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("path", ["/dashboard/", "/partners/", "/staff/", "/settings/tokens/", "/"])
def test_staff_without_totp_is_sent_to_activation(world, login, require_mfa, path):
    response = login(world.ops).get(path)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_staff_without_totp_can_reach_the_activation_page_and_sign_out(world, login, require_mfa):
    client = login(world.cam)
    # the exempt /accounts/ pages work: allauth first asks for the password again, then shows the form
    assert client.get(ACTIVATE)["Location"].startswith("/accounts/reauthenticate/")
    reauthenticated(client)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert b'name="code"' in page.content
    assert client.post("/accounts/logout/").status_code == 302


def test_partner_users_are_not_asked_for_totp(world, login, require_mfa):
    for user in (world.admin_a, world.rep_b):
        response = login(user).get("/my/")
        assert response.status_code == 200


def test_staff_with_totp_passes(world, login, require_mfa):
    enrol(world.cam)
    client = login(world.cam)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/partners/").status_code == 200


def test_without_the_setting_staff_pass_without_totp(world, login, settings):
    settings.KANAL_REQUIRE_STAFF_MFA = False
    assert login(world.cam).get("/dashboard/").status_code == 200


def test_activating_totp_through_allauth_lifts_the_block(world, login, require_mfa):
    client = reauthenticated(login(world.chief))
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(ACTIVATE, {"code": current_code(secret)})
    assert response.status_code == 302, response.content
    assert Authenticator.objects.filter(user=world.chief, type=Authenticator.Type.TOTP).exists()
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_code_does_not_activate(world, login, require_mfa):
    client = reauthenticated(login(world.chief))
    client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": wrong_code(client.session[SECRET_SESSION_KEY])})
    assert not Authenticator.objects.filter(user=world.chief).exists()
    assert client.get("/dashboard/")["Location"] == ACTIVATE


def test_staff_without_totp_cannot_use_the_api_through_the_browser_session(world, login, require_mfa):
    """The API is exempt from the redirect for token clients, but a session must not bypass enrolment."""
    client = login(world.ops)
    response = client.get("/api/partners")
    assert response.status_code == 403
    create = client.post("/api/tokens", {"name": "sneaky"}, content_type="application/json")
    assert create.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_staff_token_is_no_way_around_enrolment(world, api_client, settings):
    settings.KANAL_REQUIRE_STAFF_MFA = False
    token_client = api_client(world.ops)  # minted before the policy applied
    settings.KANAL_REQUIRE_STAFF_MFA = True
    assert not Authenticator.objects.filter(user=world.ops).exists()
    tokens, events = ApiToken.objects.count(), Event.objects.count()

    refused = token_client.get("/api/me")
    assert refused.status_code == 403
    assert "two-factor" in refused.json()["detail"]
    assert token_client.get("/api/partners").status_code == 403
    minted = token_client.post("/api/tokens", {"name": "another"}, content_type="application/json")
    assert minted.status_code == 403
    assert "two-factor" in minted.json()["detail"]
    assert ApiToken.objects.count() == tokens and Event.objects.count() == events
    assert ApiToken.objects.get(user=world.ops).last_used_at is None  # a refused call is no use

    enrol(world.ops)  # enrolling makes the existing token work again
    assert token_client.get("/api/me").json()["email"] == "ops@vendor.test"
    assert (
        token_client.post("/api/tokens", {"name": "another"}, content_type="application/json").status_code
        == 201
    )


def test_staff_without_totp_cannot_create_a_token_anywhere(world, login, require_mfa):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=build_actor(world.cam), name="CRM sync")
    page = login(world.cam).post("/settings/tokens/", {"name": "CRM sync", "expires_in_days": 90})
    assert page.status_code == 302 and page["Location"] == ACTIVATE
    assert not ApiToken.objects.exists()
    assert not Event.objects.exists()


def test_partner_tokens_are_not_asked_for_totp(world, api_client, require_mfa):
    client = api_client(world.admin_a)
    assert client.get("/api/me").status_code == 200
    assert client.post("/api/tokens", {"name": "second"}, content_type="application/json").status_code == 201


def test_enrolled_staff_use_the_api_through_the_session(world, login, require_mfa):
    enrol(world.ops)
    assert login(world.ops).get("/api/me").json()["email"] == "ops@vendor.test"


def test_login_of_an_enrolled_user_asks_for_the_code(world):
    secret = enrol(world.cam)
    client = Client()
    response = client.post("/accounts/login/", {"login": "cam@vendor.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone does not sign in

    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(world.cam.pk)


# --- an invited staff member enrols ---------------------------------------------------------------------


def _invited_staff(world, email="new.cam@vendor.test"):
    """A staff member who accepted their invitation (the link went to `email`) and signed out again."""
    from accounts.services import invitation_create_for_staff
    from core.roles import StaffRole

    _invitation, token = invitation_create_for_staff(
        actor=world.actor(world.ops), email=email, role=StaffRole.CAM
    )
    client = Client()
    accepted = client.post(
        f"/invitations/{token}/",
        {"full_name": "New Cam", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert accepted.status_code == 302, accepted.content
    client.post("/accounts/logout/")
    return User.objects.get(email=email)


def test_accepting_an_invitation_verifies_its_address(world):
    user = _invited_staff(world)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)


@pytest.mark.parametrize("detour", ["password_reset", "email_page", None])
def test_an_invited_staff_member_signs_in_enrols_totp_and_reaches_the_app(world, require_mfa, detour):
    """allauth lets nobody with an unverified address enrol (MFA_ALLOW_UNVERIFIED_EMAIL stays off), and asking
    for a password reset or opening allauth's email page records the address when it is not recorded yet: as
    unverified, unless the invitation already recorded it as verified."""
    user = _invited_staff(world)
    client = Client()
    if detour == "password_reset":
        assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    signed_in = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    if detour == "email_page":
        assert client.get("/accounts/email/").status_code == 200
    assert not EmailAddress.objects.filter(user=user, verified=False).exists()

    assert client.get("/dashboard/")["Location"] == ACTIVATE
    assert client.get(ACTIVATE)["Location"].startswith("/accounts/reauthenticate/")  # allauth's own step
    form = reauthenticated(client).get(ACTIVATE)
    assert form.status_code == 200 and b'name="code"' in form.content
    done = client.post(ACTIVATE, {"code": current_code(client.session[SECRET_SESSION_KEY])})
    assert done.status_code == 302, done.content
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/me").json()["email"] == user.email
