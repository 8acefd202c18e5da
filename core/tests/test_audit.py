import pytest

from core.events import record_event
from core.testing import items
from partners.services import partner_update

pytestmark = pytest.mark.django_db


def test_staff_audit_log_filters_and_paginates(world, login):
    partner_update(actor=world.actor(world.ops), partner=world.partner_a, data={"city": "Hamburg"})
    partner_update(actor=world.actor(world.ops), partner=world.partner_b, data={"city": "Chicago"})
    client = login(world.chief)
    everything = client.get("/audit/")
    assert everything.status_code == 200 and "Chicago" in everything.content.decode()
    page = client.get("/audit/?q=Alpha").content.decode()
    assert "Alpha Systems" in page and "Hamburg" in page and "Chicago" not in page
    fragment = client.get("/audit/?verb=partner.updated", headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"Chicago" in fragment.content
    bad = client.get("/audit/?date_from=2026-12-01&date_to=2026-01-01")
    assert "The end date is before the start date." in bad.content.decode()


def test_partner_users_cannot_open_the_audit_log(world, login):
    assert login(world.admin_a).get("/audit/").status_code == 403


def test_events_api_is_scoped_and_hides_staff_notes(world, api_client):
    record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_b,
        partner=world.partner_b,
        note="Bravo internal",
    )
    record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        note="Alpha internal",
    )
    mine = items(api_client(world.admin_a).get("/api/events?verb=partner.status_changed"))
    assert {e["target"] for e in mine} == {"Alpha Systems"}
    assert all(e["note"] == "" for e in mine)
    everything = items(api_client(world.chief).get("/api/events?verb=partner.status_changed"))
    assert {e["note"] for e in everything} == {"Bravo internal", "Alpha internal"}
    bad = api_client(world.chief).get("/api/events?limit=0")
    assert bad.status_code == 422


# --- one way to list, filter, page and export ----------------------------------------------------------


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _change_city(world, partner, i):
    partner_update(actor=world.actor(world.ops), partner=partner, data={"city": f"City {i:02d}"})


@pytest.mark.parametrize(
    "path",
    [
        "/audit/",
        "/audit/?sort=-actor&verb=partner.updated",
        "/audit/export/",
        "/audit/export/?format=xlsx",
        "/api/events",
    ],
)
def test_the_audit_lists_have_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.chief) if path.startswith("/api/") else login(world.chief)
    _change_city(world, world.partner_a, 0)
    _queries(client, path)  # the session's first request does its own bookkeeping
    few = _queries(client, path)
    for i in range(12):
        _change_city(world, world.partner_a if i % 2 else world.partner_b, i + 1)
    assert _queries(client, path) == few


def test_the_audit_export_holds_every_filtered_row_across_pages(world, login):
    import re
    import zipfile
    from io import BytesIO

    for i in range(60):  # more than two pages of 25
        _change_city(world, world.partner_a, i)
    _change_city(world, world.partner_b, 99)
    client = login(world.chief)
    fragment = client.get("/audit/?q=Alpha&verb=partner.updated", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="(/audit/export/\?[^"]*)"', html)]
    assert len(links) == 2 and all("q=Alpha" in link and "verb=partner.updated" in link for link in links)
    body = b"".join(client.get(links[0]).streaming_content).decode()
    rows = body.splitlines()[1:]
    assert len(rows) == 60 and all("Alpha Systems" in row for row in rows)
    assert "City 99" not in body
    response = client.get(links[1])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<row ") == 61  # the heading and the 60 rows (strings are inline: constant memory)
    # object, partner and the sentence ("… updated the profile of Alpha Systems")
    assert sheet.count("Alpha Systems") == 180 and "City 99" not in sheet


def test_partner_users_cannot_export_the_audit_log(world, login):
    assert login(world.admin_a).get("/audit/export/").status_code == 403


def test_the_events_api_refuses_unknown_filter_values(world, api_client):
    client = api_client(world.chief)
    assert client.get("/api/events?verb=no.such_verb").status_code == 422
    assert client.get("/api/events?sort=nothing").status_code == 422
    bad = client.get("/api/events?date_from=2026-12-01&date_to=2026-01-01")
    assert bad.status_code == 422 and "date_to" in bad.content.decode()
    assert client.get("/api/events?sort=-occurred").status_code == 200


def test_api_events_carry_the_sentence_in_the_readers_language(world, api_client):
    from partners.services import partner_change_status

    partner_change_status(actor=world.actor(world.chief), partner=world.partner_a, to_status="at_risk")
    client = api_client(world.chief)
    events = client.get(f"/api/partners/{world.partner_a.public_id}/events").json()["items"]
    # Flagging at risk also opens the CAM's risk review (health): the status change is among the newest.
    english = next(e for e in events if e["verb"] == "partner.status_changed")
    assert english["text"] == "Chief Channel changed the status of Alpha Systems from Active to At risk"
    russian = client.get("/api/events?verb=partner.status_changed", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert "В зоне риска" in russian["items"][0]["text"]
