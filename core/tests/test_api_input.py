"""Input every API operation refuses before it reaches a service or the database."""

import json

import pytest

from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def test_nul_characters_are_refused_with_422(world, api_client):
    # PostgreSQL text cannot hold NUL: without the check these were 500s there.
    client = api_client(world.ops)
    before = snapshot(world.partner_a)
    for url in ("/api/partners?q=a%00b", "/api/events?q=%00", "/api/recruitment/applications?q=%00"):
        response = client.get(url)
        assert response.status_code == 422, url
    response = client.patch(
        f"/api/partners/{world.partner_a.public_id}",
        json.dumps({"city": "Ber\x00lin", "verticals": ["retail\x00"]}),
        content_type="application/json",
    )
    assert response.status_code == 400  # like any body ninja cannot parse
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_ordinary_text_still_passes(world, api_client):
    response = api_client(world.ops).patch(
        f"/api/partners/{world.partner_a.public_id}",
        json.dumps({"city": "Köln"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["city"] == "Köln"
