"""schemathesis against /api/openapi.json, as a partner admin and as the channel chief (`make apicheck`).

Marked `apicheck`: excluded from the default `make test` run (it takes minutes), run by `make apicheck`
and by CI on PostgreSQL. See config/apicheck.py for what is checked and how."""

import pytest

from accounts.services import api_token_create
from config.apicheck import PATHS, run_apicheck, seed_objects

pytestmark = [pytest.mark.apicheck, pytest.mark.django_db]


@pytest.mark.parametrize("persona", ["admin_a", "chief"])
def test_the_api_keeps_its_schema(world, persona):
    ids = seed_objects(world)
    user = getattr(world, persona)
    _token, raw = api_token_create(actor=world.actor(user), name="apicheck")
    report = run_apicheck(token=raw, ids=ids)
    assert report.examples >= report.operations
    if not PATHS:  # the whole API
        assert report.operations >= 60
        assert len(report.succeeded) >= (15 if persona == "admin_a" else 40), sorted(report.succeeded)
    assert not report.failures, f"{len(report.failures)} operations failed:\n\n" + "\n\n".join(
        report.failures
    )
