"""The versions list in the one list shape: filters, constant query budgets, exports of every filtered row."""

import re
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import items

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/engagement/versions/",
        "/engagement/versions/?status=retired&sort=-published",
        "/engagement/versions/export/",
        "/engagement/versions/export/?format=xlsx",
        "/api/engagement/versions",
        "/api/engagement/versions?status=retired",
    ],
)
def test_the_versions_lists_have_a_constant_query_budget(world, login, api_client, make_ruleset, path):
    client = api_client(world.chief) if path.startswith("/api/") else login(world.chief)
    make_ruleset(status="retired", published_by=world.chief, notes="First")
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    for i in range(12):
        make_ruleset(status="retired", published_by=world.cam if i % 2 else world.chief, notes=f"N{i}")
    assert _queries(client, path) == few


def test_the_versions_export_holds_every_filtered_row_across_pages(world, login, make_ruleset):
    for i in range(30):  # more than one page of 25
        make_ruleset(status="retired", notes=f"Old rules {i:02d}")
    make_ruleset(status="published", notes="Old rules, but current")
    make_ruleset(status="retired", notes="Something else")
    client = login(world.chief)
    fragment = client.get("/engagement/versions/?status=retired&q=old", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and "Old rules 29" in html and "Old rules 04" not in html  # newest first
    links = [
        u.replace("&amp;", "&") for u in re.findall(r'href="(/engagement/versions/export/\?[^"]*)"', html)
    ]
    assert len(links) == 2 and all("status=retired" in link and "q=old" in link for link in links)
    body = b"".join(client.get(links[0]).streaming_content).decode()
    notes = sorted(line.split(",")[-1] for line in body.splitlines()[1:])
    assert notes == [f"Old rules {i:02d}" for i in range(30)]
    response = client.get(links[1])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<row ") == 31 and "current" not in sheet and "Something else" not in sheet


def test_the_versions_api_filters_and_refuses_unknown_values(world, api_client, make_ruleset):
    make_ruleset(status="retired", notes="Old")
    make_ruleset(status="published", notes="Current")
    client = api_client(world.chief)
    assert [v["notes"] for v in items(client.get("/api/engagement/versions?status=published"))] == ["Current"]
    assert [v["notes"] for v in items(client.get("/api/engagement/versions?sort=version"))] == [
        "Old",
        "Current",
    ]
    assert client.get("/api/engagement/versions?status=gone").status_code == 422
    assert client.get("/api/engagement/versions?sort=notes").status_code == 422


def test_partner_users_cannot_export_the_versions(world, login):
    assert login(world.admin_a).get("/engagement/versions/export/").status_code == 403
