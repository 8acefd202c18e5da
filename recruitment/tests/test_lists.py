"""The review queue and the prospect list: one FilterSet and one Table each, on the page, in the API and in
the exports; each costs the same number of queries however many rows it shows."""

import re
import zipfile
from io import BytesIO

import pytest

from recruitment.models import Prospect
from recruitment.services import application_reject
from recruitment.tests.conftest import submit

pytestmark = pytest.mark.django_db

API = "/api/recruitment"


def _application(world, i: int, *, rejected: bool = False, **overrides):
    application = submit(
        company_name=overrides.pop("company_name", f"Company {i:02d}"),
        web_domain=f"company{i}.example",
        ip=f"192.0.2.{i % 250}",
        **overrides,
    )
    if rejected:
        application_reject(actor=world.actor(world.cam), application=application, reason="No")
    return application


def _prospect(world, i: int, **overrides):
    fields = {
        "company_name": f"Prospect {i:02d}",
        "partner_type": "dealer",
        "source": "referral",
        "owner": world.cam if i % 2 else world.chief,
    }
    return Prospect.objects.create(**(fields | overrides))


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _csv(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode().splitlines()


def _xlsx(response) -> list[str]:
    """The company names (column B) of the sheet's data rows."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    cells = re.findall(r'<c r="B(\d+)"[^>]*>(.*?)</c>', sheet)
    assert cells[0][0] == "1"
    return sorted(re.sub(r"<[^>]+>", "", text) for row, text in cells[1:])


# --- query budgets ----------------------------------------------------------------------------------------


APPLICATION_PATHS = [
    "/recruitment/applications/",
    "/recruitment/applications/?status=all&sort=-received",
    "/recruitment/applications/export/?status=all",
    "/recruitment/applications/export/?status=all&format=xlsx",
    f"{API}/applications?status=all",
]


@pytest.mark.parametrize("path", APPLICATION_PATHS)
def test_application_lists_have_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.cam) if path.startswith(API) else login(world.cam)
    _application(world, 0)
    _application(world, 1, rejected=True)
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    for i in range(2, 14):
        _application(world, i, rejected=bool(i % 2))
    assert _queries(client, path) == few


PROSPECT_PATHS = [
    "/recruitment/prospects/",
    "/recruitment/prospects/?stage=all&sort=-fit_score",
    "/recruitment/prospects/?view=board",
    "/recruitment/prospects/export/?stage=all",
    "/recruitment/prospects/export/?format=xlsx",
    f"{API}/prospects?stage=all",
]


@pytest.mark.parametrize("path", PROSPECT_PATHS)
def test_prospect_lists_have_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.cam) if path.startswith(API) else login(world.cam)
    _prospect(world, 0)
    _prospect(world, 1, owner=None)
    _queries(client, path)
    few = _queries(client, path)
    for i in range(2, 14):
        _prospect(world, i, stage="contacted" if i % 3 else "lost")
    assert _queries(client, path) == few


# --- exports follow the filters on screen, every page -----------------------------------------------------


def test_the_application_export_holds_exactly_the_filtered_rows_of_every_page(world, login):
    for i in range(30):
        _application(world, i, region="europe" if i % 3 else "apac")
    _application(world, 40, company_name="Other Europe", rejected=True)
    client = login(world.cam)
    fragment = client.get("/recruitment/applications/?region=europe", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    links = [
        u.replace("&amp;", "&") for u in re.findall(r'href="(/recruitment/applications/export/[^"]*)"', html)
    ]
    assert len(links) == 2 and all("region=europe" in u for u in links), html
    expected = sorted(f"Company {i:02d}" for i in range(30) if i % 3)  # 20 of the 31 rows
    lines = _csv(client.get(links[0]))
    assert lines[0].startswith("id,company_name,")
    assert sorted(line.split(",")[1] for line in lines[1:]) == expected
    assert links[1].endswith("format=xlsx")
    assert _xlsx(client.get(links[1])) == expected


def test_the_application_export_holds_more_rows_than_one_page(world, login):
    for i in range(27):
        _application(world, i)
    client = login(world.marketing)
    page = client.get("/recruitment/applications/").content.decode()
    assert "Page 1 of 2" in page
    lines = _csv(client.get("/recruitment/applications/export/"))
    assert len(lines) == 1 + 27
    names = _xlsx(client.get("/recruitment/applications/export/?format=xlsx"))
    assert names == [f"Company {i:02d}" for i in range(27)]


def test_the_prospect_export_holds_exactly_the_filtered_rows_of_every_page(world, login):
    for i in range(30):
        _prospect(world, i, source="referral" if i % 5 else "outreach")
    _prospect(world, 40, company_name="Lost Referral", stage="lost")
    client = login(world.cam)
    fragment = client.get("/recruitment/prospects/?source=referral", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    links = [
        u.replace("&amp;", "&") for u in re.findall(r'href="(/recruitment/prospects/export/[^"]*)"', html)
    ]
    assert len(links) == 2 and all("source=referral" in u for u in links), html
    expected = sorted(f"Prospect {i:02d}" for i in range(30) if i % 5)  # 24 open referrals
    lines = _csv(client.get(links[0]))
    assert sorted(line.split(",")[1] for line in lines[1:]) == expected
    assert _xlsx(client.get(links[1])) == expected
    every = _csv(client.get("/recruitment/prospects/export/?stage=all"))
    assert len(every) == 1 + 31  # more than one page of 25


def test_partner_users_cannot_export(world, login):
    _application(world, 0)
    client = login(world.rep_a)
    assert client.get("/recruitment/applications/export/").status_code in (302, 403)
    assert client.get("/recruitment/prospects/export/").status_code in (302, 403)


# --- the API lists the same FilterSet ---------------------------------------------------------------------


def test_the_api_refuses_unknown_filter_values(world, api_client):
    client = api_client(world.cam)
    for query in ("status=bogus", "sort=oldest", "sort=fit", "region=mars", "partner_type=x"):
        response = client.get(f"{API}/applications?{query}")
        assert response.status_code == 422, query
    for query in ("stage=bogus", "owner=yours", "sort=-bogus", "source=x"):
        response = client.get(f"{API}/prospects?{query}")
        assert response.status_code == 422, query


def test_the_api_filters_like_the_page(world, api_client):
    _application(world, 0, region="apac")
    _application(world, 1, rejected=True)
    _prospect(world, 0, stage="lost")
    _prospect(world, 1)
    client = api_client(world.cam)
    body = client.get(f"{API}/applications").json()
    assert body["count"] == 1 and body["items"][0]["company_name"] == "Company 00"
    assert client.get(f"{API}/applications?status=all").json()["count"] == 2
    assert (
        client.get(f"{API}/applications?status=rejected").json()["items"][0]["company_name"] == "Company 01"
    )
    body = client.get(f"{API}/prospects").json()
    assert [p["company_name"] for p in body["items"]] == ["Prospect 01"]
    names = [p["company_name"] for p in client.get(f"{API}/prospects?stage=all&owner=mine").json()["items"]]
    assert names == ["Prospect 01"]  # the cam owns the odd ones
    names = [
        p["company_name"] for p in client.get(f"{API}/prospects?stage=all&sort=-company").json()["items"]
    ]
    assert names == ["Prospect 01", "Prospect 00"]
    for i in range(2, 5):
        _application(world, i, rejected=i == 3)
    high = _application(world, 9, company_name="High Fit")
    type(high).objects.exclude(pk=high.pk).update(fit_score=10)
    type(high).objects.filter(pk=high.pk).update(fit_score=90)
    ranked = [a["company_name"] for a in client.get(f"{API}/applications").json()["items"]]
    assert ranked[0] == "High Fit"  # unsorted: best fit first
    lowest = [a["company_name"] for a in client.get(f"{API}/applications?sort=fit_score").json()["items"]]
    assert lowest[-1] == "High Fit"


def test_a_refused_value_on_a_page_falls_back_to_the_default(world, login):
    _application(world, 0)
    _application(world, 1, rejected=True)
    _prospect(world, 0)
    _prospect(world, 1, stage="lost")
    client = login(world.cam)
    body = client.get("/recruitment/applications/?status=bogus").content.decode()
    assert "Company 00" in body and "Company 01" not in body  # awaiting review, as with no status
    body = client.get("/recruitment/prospects/?stage=bogus").content.decode()
    assert "Prospect 00" in body and "Prospect 01" not in body  # open stages
    board = client.get("/recruitment/prospects/?view=board&stage=open").content.decode()
    assert '<input type="hidden" name="view" value="board">' in board and 'name="stage"' not in board
    assert "Prospect 01" in board  # the board shows every stage
