"""Competing vendors' pages and API: staff keep the list, a partner admin keeps its own declarations on the
portal (and in the API), staff see them on the partner page and filter the directory by them; nobody reads
another partner's declarations."""

import json

import pytest

from competition.models import CompetingDeclaration, CompetingVendor, CompetitionDisclosure
from competition.services import declaration_create, disclosure_confirm
from core.testing import error_codes, items

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _json(client, method, url, body=None):
    send = getattr(client, method.lower())
    return send(url, json.dumps(body) if body is not None else None, content_type="application/json")


@pytest.fixture
def declared(world, trek, madone, giant):
    """Alpha sells Trek Madone (30 %), Bravo all of Giant."""
    return {
        "a": declaration_create(
            actor=world.actor(world.admin_a),
            data={"vendor_id": trek.public_id, "line_id": madone.public_id, "since": 2019, "share": 30},
        ),
        "b": declaration_create(actor=world.actor(world.admin_b), data={"vendor_id": giant.public_id}),
    }


# --- staff pages -----------------------------------------------------------------------------------------


def test_staff_list_vendor_page_and_editors(world, login, trek, declared, families):
    client = login(world.ops)
    page = client.get("/competition/").content.decode()
    assert "Trek Bicycle Corporation" in page and "Fuel EX, Madone" in page
    assert f"/partners/?competitor={trek.public_id}" in page
    detail = client.get(f"/competition/{trek.public_id}/").content.decode()
    assert "Road Bikes" in detail and "1 partner declares it" in detail

    response = client.post(
        "/competition/new/", {"name": "Specialized", "web_domain": "specialized.com", "is_active": "on"}
    )
    assert response.status_code == 302
    specialized = CompetingVendor.objects.get(name="Specialized")
    response = client.post(
        f"/competition/{specialized.public_id}/lines/new/",
        {"name": "Tarmac", "families": [str(families["road"].public_id)], "is_active": "on"},
    )
    assert response.status_code == 302
    assert list(specialized.lines.get().families.all()) == [families["road"]]
    export = client.get("/competition/export.csv")
    body = b"".join(export.streaming_content).decode()
    assert "Specialized" in body and "Tarmac" in body


def test_a_cam_reads_the_list_but_does_not_change_it(world, login, trek):
    client = login(world.cam)
    assert client.get("/competition/").status_code == 200
    assert client.get("/competition/new/").status_code == 403
    assert client.post(f"/competition/{trek.public_id}/edit/", {"name": "Trek"}).status_code == 403
    assert CompetingVendor.objects.get().name == "Trek Bicycle Corporation"


def test_partners_do_not_open_the_staff_pages(world, login, trek):
    client = login(world.admin_a)
    for url in ("/competition/", f"/competition/{trek.public_id}/", "/competition/new/"):
        assert client.get(url).status_code == 403


def test_the_partner_page_shows_the_declarations(world, login, declared):
    page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert "Competing products" in page and "Trek Bicycle Corporation Madone" in page
    assert "Giant" not in page  # Bravo's
    assert "has not been confirmed" in page


def test_the_directory_filters_by_competing_vendor(world, login, declared, trek, giant):
    client = login(world.cam)

    def names(query):
        response = client.get(f"/partners/?{query}", headers=HX)
        return {p.name for p in response.context["page"].object_list}

    assert names(f"competitor={trek.public_id}") == {"Alpha Systems"}
    assert names(f"competitor={giant.public_id}") == {"Bravo Trading"}
    assert names("competitor=any") == {"Alpha Systems", "Bravo Trading"}
    assert names("competitor=none") == {"Delta Distribution", "Rho Retail"}
    page = client.get("/partners/").content.decode()
    assert 'name="competitor"' in page and "Sells a competing product" in page


def test_the_directory_api_and_export_filter_too(world, api_client, login, declared, trek):
    response = api_client(world.cam).get(f"/api/partners?competitor={trek.public_id}")
    assert response.status_code == 200
    assert [p["name"] for p in items(response)] == ["Alpha Systems"]
    bad = api_client(world.cam).get("/api/partners?competitor=somebody")
    assert bad.status_code == 422
    export = login(world.cam).get("/partners/export.csv?competitor=none")
    assert "Alpha Systems" not in b"".join(export.streaming_content).decode()


def test_partner_users_have_no_competitor_filter(world, api_client, declared, trek):
    response = api_client(world.dist_admin).get(f"/api/partners?competitor={trek.public_id}")
    # staff-only: not a filter for a partner user (the parameter is ignored or refused, never applied)
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert {p["name"] for p in items(response)} == {"Delta Distribution", "Rho Retail"}


# --- the partner portal ------------------------------------------------------------------------------------


def test_admin_keeps_the_declarations_on_the_portal(world, login, trek, madone, fuel):
    client = login(world.admin_a)
    profile = client.get("/my/profile/").content.decode()
    assert "Competing products" in profile and "/competition/mine/" in profile
    assert client.get("/competition/mine/").status_code == 200
    response = client.post(
        "/competition/mine/new/",
        {"vendor_id": str(trek.public_id), "line_id": str(fuel.public_id), "since": "2021", "share": "15"},
    )
    assert response.status_code == 302
    declaration = CompetingDeclaration.objects.get(partner=world.partner_a)
    response = client.post(
        f"/competition/mine/{declaration.public_id}/",
        {"vendor_id": str(trek.public_id), "line_id": str(madone.public_id), "since": "2021", "share": "20"},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert (declaration.line, declaration.share) == (madone, 20)
    assert client.post("/competition/mine/confirm/").status_code == 302
    assert CompetitionDisclosure.objects.filter(partner=world.partner_a).exists()
    mine = client.get("/competition/mine/").content.decode()
    assert "Confirmed as complete on" in mine and "Trek Bicycle Corporation Madone" in mine
    assert client.post(f"/competition/mine/{declaration.public_id}/remove/").status_code == 302
    assert not CompetingDeclaration.objects.exists()


def test_a_bad_declaration_on_the_page_shows_the_error_and_saves_nothing(world, login, trek, giant, madone):
    response = login(world.admin_a).post(
        "/competition/mine/new/", {"vendor_id": str(giant.public_id), "line_id": str(madone.public_id)}
    )
    assert response.status_code == 200
    assert "is not a product line of Giant" in response.content.decode()
    assert not CompetingDeclaration.objects.exists()


def test_a_rep_reads_but_does_not_change(world, login, declared, trek):
    client = login(world.rep_a)
    page = client.get("/competition/mine/").content.decode()
    assert "Trek Bicycle Corporation Madone" in page and "Only a partner admin can change the list." in page
    assert client.get("/competition/mine/new/").status_code == 302  # back to the list, with why
    assert client.post("/competition/mine/new/", {"vendor_id": str(trek.public_id)}).status_code == 403
    assert client.post(f"/competition/mine/{declared['a'].public_id}/remove/").status_code == 403
    assert client.post("/competition/mine/confirm/").status_code == 403
    assert CompetingDeclaration.objects.count() == 2 and not CompetitionDisclosure.objects.exists()


def test_another_partner_never_reaches_a_declaration(world, login, declared):
    client = login(world.admin_b)
    theirs = declared["a"].public_id
    assert client.get(f"/competition/mine/{theirs}/").status_code == 404
    assert client.post(f"/competition/mine/{theirs}/remove/").status_code == 404
    page = client.get("/competition/mine/").content.decode()
    assert "Madone" not in page and "Giant (all products)" in page


# --- the API -----------------------------------------------------------------------------------------------


def test_api_vendors_for_staff_and_partners(world, api_client, trek, declared):
    staff = items(api_client(world.cam).get("/api/competition/vendors"))
    trek_out = next(v for v in staff if v["name"] == "Trek Bicycle Corporation")
    assert trek_out["partners"] == 1 and {line["name"] for line in trek_out["lines"]} == {"Madone", "Fuel EX"}
    assert trek_out["lines"][0]["families"]
    partner = items(api_client(world.rep_a).get("/api/competition/vendors"))
    assert {v["partners"] for v in partner} == {None} and all(v["actions"] == [] for v in partner)


def test_api_staff_keep_the_list(world, api_client, families):
    client = api_client(world.marketing)
    created = _json(client, "POST", "/api/competition/vendors", {"name": "Cannondale"})
    assert created.status_code == 201, created.content
    vendor_id = created.json()["id"]
    line = _json(
        client,
        "POST",
        f"/api/competition/vendors/{vendor_id}/lines",
        {"name": "SuperSix", "families": [str(families["road"].public_id)]},
    )
    assert line.status_code == 201 and line.json()["families"][0]["name"] == "Road Bikes"
    patched = _json(client, "PATCH", f"/api/competition/lines/{line.json()['id']}", {"is_active": False})
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    clash = _json(client, "POST", "/api/competition/vendors", {"name": "CANNONDALE Inc."})
    assert clash.status_code == 422 and error_codes(clash) == {"name": "name_taken"}
    refused = _json(api_client(world.cam), "POST", "/api/competition/vendors", {"name": "Scott"})
    assert refused.status_code == 403
    assert CompetingVendor.objects.count() == 1


def test_api_declarations_crud_by_the_admin(world, api_client, trek, madone):
    client = api_client(world.admin_a)
    created = _json(
        client, "POST", "/api/competition/declarations", {"vendor_id": str(trek.public_id), "share": 60}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["label"] == "Trek Bicycle Corporation (all products)" and body["actions"] == [
        "edit",
        "delete",
    ]
    url = f"/api/competition/declarations/{body['id']}"
    patched = _json(client, "PATCH", url, {"line_id": str(madone.public_id)})
    assert patched.status_code == 200 and patched.json()["line_name"] == "Madone"
    again = _json(
        client,
        "POST",
        "/api/competition/declarations",
        {"vendor_id": str(trek.public_id), "line_id": str(madone.public_id)},
    )
    assert again.status_code == 422 and error_codes(again) == {"line_id": "already_declared"}
    confirmed = _json(client, "POST", "/api/competition/disclosure")
    assert (
        confirmed.status_code == 200
        and confirmed.json()["disclosed_at"]
        and confirmed.json()["competing_count"] == 1
    )
    assert _json(client, "DELETE", url).status_code == 204
    assert not CompetingDeclaration.objects.exists()


def test_api_refuses_reps_staff_and_other_partners(world, api_client, declared, trek):
    url = f"/api/competition/declarations/{declared['a'].public_id}"
    assert _json(api_client(world.rep_a), "PATCH", url, {"share": 99}).status_code == 403
    assert _json(api_client(world.cam), "DELETE", url).status_code == 403
    assert _json(api_client(world.admin_b), "PATCH", url, {"share": 99}).status_code == 404
    assert _json(api_client(world.admin_b), "GET", url).status_code == 404
    assert _json(api_client(world.rep_a), "POST", "/api/competition/disclosure").status_code == 403
    assert CompetingDeclaration.objects.get(pk=declared["a"].pk).share == 30


def test_api_lists_only_what_the_reader_may_see(world, api_client, declared):
    mine = items(api_client(world.rep_b).get("/api/competition/declarations"))
    assert [d["label"] for d in mine] == ["Giant (all products)"]
    everyone = items(api_client(world.chief).get("/api/competition/declarations"))
    assert len(everyone) == 2
    only_alpha = items(
        api_client(world.chief).get(f"/api/competition/declarations?partner={world.partner_a.public_id}")
    )
    assert [d["partner_name"] for d in only_alpha] == ["Alpha Systems"]
    summary = api_client(world.cam).get(f"/api/competition/partners/{world.partner_b.public_id}")
    assert summary.status_code == 200 and summary.json()["competing_count"] == 1
    assert summary.json()["disclosed_at"] is None
    assert (
        api_client(world.admin_a).get(f"/api/competition/partners/{world.partner_b.public_id}").status_code
        == 404
    )
    disclosure_confirm(actor=world.actor(world.admin_b))
    own = api_client(world.rep_b).get(f"/api/competition/partners/{world.partner_b.public_id}").json()
    assert own["disclosed_at"] is not None and own["declarations"][0]["vendor_name"] == "Giant"
