"""Accounts that accepted an invitation before acceptance recorded their address as verified get it recorded
by migration 0005, so that staff among them can enrol two-factor authentication."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.testing import PASSWORD, make_user

BEFORE = [("accounts", "0004_api_token_expiry_and_scopes")]


@pytest.mark.django_db(transaction=True)
def test_invited_addresses_are_recorded_as_verified(settings):
    staff = make_user("old.cam@vendor.test", staff_role="cam")
    moved = make_user("moved@vendor.test", staff_role="ops")
    uninvited = make_user("admin@vendor.test", staff_role="chief")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Invitation = old.get_model("accounts", "Invitation")
        for n, (user, email) in enumerate(
            [(staff, "old.cam@vendor.test"), (moved, "moved.before@vendor.test")]
        ):
            Invitation.objects.create(
                email=email,
                staff_role="cam",
                token_hash=f"{n}" * 64,
                expires_at=timezone.now(),
                accepted_at=timezone.now(),
                accepted_user_id=user.pk,
            )
        # a password reset recorded the address as unverified, which blocks enrolment
        EmailAddress.objects.create(user=staff, email=staff.email, verified=False, primary=False)
        EmailAddress.objects.create(user=uninvited, email=uninvited.email, verified=False, primary=False)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert EmailAddress.objects.get(user=staff).verified
    assert not EmailAddress.objects.filter(user=moved).exists()  # invited at another address
    assert not EmailAddress.objects.get(user=uninvited).verified  # nothing proved this one

    settings.KANAL_REQUIRE_STAFF_MFA = True
    client = Client()
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    form = client.get(reverse("mfa_activate_totp"))
    assert form.status_code == 200 and b'name="code"' in form.content
