"""The accounts lists in the one list shape: the team (page, export, API) and your API tokens (page, API)."""

import csv
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership
from accounts.services import api_token_create, api_token_revoke
from accounts.testing import make_member
from core.actor import build_actor
from core.listing import PAGE_SIZE
from core.roles import PartnerRole
from core.testing import error_fields, items

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _csv_emails(response) -> list[str]:
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return sorted(r["email"] for r in csv.DictReader(io.StringIO(body)))


def _xlsx_text(response) -> str:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = zipfile.ZipFile(io.BytesIO(response.content))
    names = book.namelist()
    shared = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    return shared + book.read("xl/worksheets/sheet1.xml").decode()


def _add_members(partner, count, start=0, role=PartnerRole.REP):
    return [make_member(partner, f"person{i:02d}@alpha.test", role=role) for i in range(start, start + count)]


# --- the team ----------------------------------------------------------------------------------------------


def test_the_team_filters_and_sorts(world, login):
    _add_members(world.partner_a, 3)
    Membership.objects.filter(user__email="person01@alpha.test").update(is_active=False)
    client = login(world.admin_a)

    def emails(query):
        response = client.get(f"/my/team/{query}", headers=HX)
        assert b"<html" not in response.content
        return [m.user.email for m in response.context["page"].object_list]

    assert emails("?q=person0") == ["person00@alpha.test", "person02@alpha.test", "person01@alpha.test"]
    assert emails("?state=deactivated") == ["person01@alpha.test"]
    assert emails("?role=admin") == ["admin@alpha.test"]
    assert emails("?q=person&sort=-email") == [
        "person02@alpha.test",
        "person01@alpha.test",
        "person00@alpha.test",
    ]
    # a wrong value is dropped on the page; the other filters still apply
    assert emails("?role=bogus&state=deactivated") == ["person01@alpha.test"]
    assert "admin@bravo.test" not in client.get("/my/team/?q=admin").content.decode()


def test_the_team_export_holds_exactly_the_filtered_rows_of_every_page(world, login):
    _add_members(world.partner_a, 30)
    _add_members(world.partner_a, 2, start=40, role=PartnerRole.ADMIN)
    make_member(world.partner_b, "person99@bravo.test")
    client = login(world.rep_a)
    fragment = client.get("/my/team/?q=person&role=rep", headers=HX).content.decode()
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="(/my/team/export/\?[^"]*)"', fragment)]
    assert len(links) == 2, fragment
    assert "q=person" in links[0] and "role=rep" in links[0] and "format=xlsx" in links[1]

    expected = sorted(f"person{i:02d}@alpha.test" for i in range(30))
    assert _csv_emails(client.get(links[0])) == expected
    sheet = _xlsx_text(client.get(links[1]))
    assert all(email in sheet for email in expected)
    assert "person40@alpha.test" not in sheet and "bravo" not in sheet
    assert len(client.get("/my/team/?q=person&role=rep").context["page"].object_list) == PAGE_SIZE
    # every member of the partner, nobody else's
    everyone = _csv_emails(client.get("/my/team/export/"))
    assert len(everyone) == 32 + 2 and "person99@bravo.test" not in everyone


def test_staff_cannot_use_the_partner_team_export(world, login):
    assert login(world.cam).get("/my/team/export/").status_code in (302, 403)


@pytest.mark.parametrize(
    "path",
    ["/my/team/", "/my/team/?sort=-role&state=active", "/my/team/export/", "/my/team/export/?format=xlsx"],
)
def test_the_team_page_and_export_have_a_constant_query_budget(world, login, path):
    client = login(world.admin_a)
    _add_members(world.partner_a, 1)
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    _add_members(world.partner_a, 12, start=1)
    assert _queries(client, path) == few


@pytest.mark.parametrize("user", ["cam", "admin_a"])
def test_the_members_api_filters_and_has_a_constant_query_budget(world, api_client, user):
    client = api_client(getattr(world, user))
    path = f"/api/partners/{world.partner_a.public_id}/members"
    _add_members(world.partner_a, 1)
    _queries(client, path)
    few = _queries(client, path)
    _add_members(world.partner_a, 12, start=1)
    assert _queries(client, path) == few
    assert {m["email"] for m in items(client.get(f"{path}?q=person0&sort=email&limit=100"))} == {
        f"person{i:02d}@alpha.test" for i in range(10)
    }
    assert [m["email"] for m in items(client.get(f"{path}?role=admin"))] == ["admin@alpha.test"]


def test_the_members_api_refuses_wrong_filters(world, api_client):
    client = api_client(world.cam)
    path = f"/api/partners/{world.partner_a.public_id}/members"
    for query in ("role=bogus", "state=gone", "sort=bogus", "limit=0"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, query
        assert error_fields(response) == {query.split("=")[0]}, query


# --- API tokens --------------------------------------------------------------------------------------------


def _tokens(user, count, start=0):
    return [
        api_token_create(actor=build_actor(user), name=f"token {i:02d}")[0]
        for i in range(start, start + count)
    ]


def test_the_token_list_filters_by_state_and_name(world, login, api_client):
    active, revoked, expired = _tokens(world.admin_a, 3)
    api_token_revoke(actor=build_actor(world.admin_a), token=revoked)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    _tokens(world.admin_b, 1, start=50)
    client = login(world.admin_a)

    def names(query):
        response = client.get(f"/settings/tokens/{query}", headers=HX)
        assert b"<html" not in response.content
        return sorted(t.name for t in response.context["page"].object_list)

    assert names("") == ["token 00", "token 01", "token 02"]
    assert names("?state=active") == ["token 00"]
    assert names("?state=revoked") == ["token 01"]
    assert names("?state=expired") == ["token 02"]
    assert names("?q=02") == ["token 02"]
    api = api_client(world.admin_a)
    assert [t["name"] for t in items(api.get("/api/tokens?state=revoked"))] == ["token 01"]
    assert {t["name"] for t in items(api.get("/api/tokens"))} >= {"token 00", "token 02"}
    assert api.get("/api/tokens?state=bogus").status_code == 422


@pytest.mark.parametrize("path", ["/settings/tokens/", "/settings/tokens/?sort=-expires", "/api/tokens"])
def test_the_token_lists_have_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.admin_a) if path.startswith("/api") else login(world.admin_a)
    _tokens(world.admin_a, 1)
    _queries(client, path)
    few = _queries(client, path)
    _tokens(world.admin_a, 12, start=1)
    assert _queries(client, path) == few
