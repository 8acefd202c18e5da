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
