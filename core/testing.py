"""Test helpers that know no domain app: `snapshot` for "nothing changed" assertions and the `login`
fixture. The personas (`world`, `api_client`, `make_user`, …) live in `accounts/testing.py`, the app that
owns users and memberships; both modules are pytest plugins (see the root `conftest.py`).
"""

from __future__ import annotations

import pytest
from django.test import Client


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
