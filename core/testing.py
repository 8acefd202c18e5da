"""Test helpers that know no domain app: `snapshot` for "nothing changed" assertions and the `login`
fixture. The personas (`world`, `api_client`, `make_user`, …) live in `accounts/testing.py`, the app that
owns users and memberships; both modules are pytest plugins (see the root `conftest.py`).
"""

from __future__ import annotations

import pytest
from django.test import Client

# Settings every test runs with (conftest.py applies them per test; the session-wide demo seeding too).
TEST_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    "KANAL_REQUIRE_STAFF_MFA": False,
    # A list cell reading a field its column does not name fails the test (core.listing.page_rows).
    "KANAL_STRICT_FETCH": True,
    # Production-strength hashing costs ~0.7 s per password here; tests create many users.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


def snapshot(instance) -> dict:
    """All concrete field values of a row, re-read from the database: for 'nothing changed' assertions."""
    fresh = type(instance).objects.get(pk=instance.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def error_fields(response) -> set[str | None]:
    """The fields a 422 answer names (`errors` is a list of {field, code, message})."""
    return {error["field"] for error in response.json()["errors"]}


def error_codes(response) -> dict[str | None, str]:
    """field -> code of a 422 answer (the first code per field)."""
    codes: dict[str | None, str] = {}
    for error in response.json()["errors"]:
        codes.setdefault(error["field"], error["code"])
    return codes


def items(response) -> list[dict]:
    """The items of a paginated API list ({"items": [...], "count": N})."""
    assert response.status_code == 200, response.content
    return response.json()["items"]
