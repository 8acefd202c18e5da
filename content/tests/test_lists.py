"""The library's lists keep the same number of queries however many rows they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import ActivityKind, AssetActivity
from content.services import asset_create, asset_publish, version_add

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _assets(world, library, n):
    ops = world.actor(world.ops)
    for i in range(n):
        asset = asset_create(
            actor=ops,
            data={
                "kind": "document",
                "title_en": f"Budget sheet {i}",
                "category": library["category"].public_id,
                "products": [library["road"].public_id],
                "tags": ["budget"],
                "language": "en",
                "file": pdf(),
            },
        )
        version_add(actor=ops, asset=asset, data={"language": "ru", "file": pdf()})
        asset_publish(actor=ops, asset=asset)
        AssetActivity.objects.create(
            asset=asset, kind=ActivityKind.VIEW, partner=world.partner_a, user=world.rep_a
        )


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("rep_a", "/library/"),
        ("rep_a", "/library/?q=budget&new=yes"),
        ("cam", "/library/?sort=-updated"),
        ("cam", "/library/export/"),
        ("cam", "/library/activity/"),
        ("cam", "/library/activity/export/"),
        ("rep_a", "/api/library/assets"),
        ("cam", "/api/library/assets?tag=budget"),
        ("cam", "/api/library/activity"),
    ],
)
def test_lists_have_a_constant_query_budget(world, library, login, api_client, user, path):
    person = getattr(world, user)
    client = api_client(person) if path.startswith("/api/") else login(person)
    _assets(world, library, 1)
    _queries(client, path)  # the first request does its own bookkeeping
    few = _queries(client, path)
    _assets(world, library, 8)
    assert _queries(client, path) == few
