"""Signing in through allauth: email + password, throttling, password reset, closed signup."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOO_MANY = b"Too many failed login attempts"
WRONG = b"The email address and/or password you specified are not correct."


def configured_limit(action: str, per: str) -> int:
    """The amount of e.g. the '5/5m/key' part of ACCOUNT_RATE_LIMITS[action]."""
    for part in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _period, *scope = part.strip().split("/")
        if scope == [per]:
            return int(amount)
    raise AssertionError(f"no per-{per} limit configured for {action}")


def signed_in_user_id(client: Client):
    return client.session.get("_auth_user_id")


def test_login_with_email_and_password(world):
    client = Client()
    page = client.get(LOGIN)
    assert page.status_code == 200 and b'name="login"' in page.content
    response = client.post(LOGIN, {"login": "Admin@Alpha.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(world.admin_a.pk)
    assert client.get("/")["Location"] == "/my/"


def test_staff_login_lands_on_the_dashboard(world):
    client = Client()
    client.post(LOGIN, {"login": "cam@vendor.test", "password": PASSWORD})
    assert client.get("/")["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_does_not_sign_in(world):
    client = Client()
    response = client.post(LOGIN, {"login": "admin@alpha.test", "password": "not-the-password"})
    assert response.status_code == 200
    assert WRONG in response.content
    assert signed_in_user_id(client) is None


def test_a_deactivated_user_cannot_sign_in(world):
    User.objects.filter(pk=world.rep_a.pk).update(is_active=False)
    client = Client()
    client.post(LOGIN, {"login": "rep@alpha.test", "password": PASSWORD})
    assert signed_in_user_id(client) is None
    assert client.get("/my/").status_code == 302  # sent to the login page


def test_repeated_failures_lock_the_account_even_for_the_right_password(world):
    per_key = configured_limit("login_failed", "key")
    client = Client()
    for _ in range(per_key):
        response = client.post(LOGIN, {"login": "rep@alpha.test", "password": "guess"})
        assert WRONG in response.content
    locked = client.post(LOGIN, {"login": "rep@alpha.test", "password": PASSWORD})
    assert locked.status_code == 200
    assert TOO_MANY in locked.content
    assert signed_in_user_id(client) is None
    # the limit is per account: another person signs in fine from the same address
    other = Client()
    assert other.post(LOGIN, {"login": "admin@alpha.test", "password": PASSWORD}).status_code == 302
    assert signed_in_user_id(other) == str(world.admin_a.pk)


def test_repeated_failures_from_one_address_are_throttled(world):
    per_ip = configured_limit("login_failed", "ip")
    emails = [f"nobody{i}@example.test" for i in range(per_ip)]
    client = Client(REMOTE_ADDR="203.0.113.7")
    for email in emails:  # one attempt per account: no account reaches its own limit
        assert WRONG in client.post(LOGIN, {"login": email, "password": "guess"}).content
    blocked = client.post(LOGIN, {"login": "admin@alpha.test", "password": PASSWORD})
    assert TOO_MANY in blocked.content
    assert signed_in_user_id(client) is None
    # another address is not affected
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert elsewhere.post(LOGIN, {"login": "admin@alpha.test", "password": PASSWORD}).status_code == 302


def test_password_reset_sends_an_email_and_the_link_sets_a_new_password(world):
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "rep@alpha.test"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rep@alpha.test"]
    assert message.subject.startswith("[Kanal] ")
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "brand-New-passw0rd-7"
    done = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    world.rep_a.refresh_from_db()
    assert world.rep_a.check_password(new_password)
    assert not world.rep_a.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_creates_no_account(world):
    users = User.objects.count()
    Client().post("/accounts/password/reset/", {"email": "stranger@example.test"})
    assert User.objects.count() == users
    # no reset link goes out for an address without an account
    assert not any("/accounts/password/reset/key/" in m.body for m in mail.outbox)


def test_signup_is_closed(world):
    users = User.objects.count()
    client = Client()
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert b"Sign Up Closed" in page.content
    assert b'name="password1"' not in page.content
    client.post(
        "/accounts/signup/",
        {"email": "eve@example.test", "password1": "eve-Passw0rd-123", "password2": "eve-Passw0rd-123"},
    )
    assert User.objects.count() == users
    assert not User.objects.filter(email="eve@example.test").exists()
    assert signed_in_user_id(client) is None
