"""Offboarding's pages and API: the list (page, export, API: one FilterSet), starting one, the checklist with
its buttons, the partner page's panel; partner users reach none of it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.testing import make_partner
from core.testing import error_codes, items
from health.testing import registration
from offboarding.models import Offboarding
from offboarding.services import offboarding_start

pytestmark = pytest.mark.django_db


def _start(world, partner, days=30):
    return offboarding_start(
        actor=world.actor(world.cam),
        partner=partner,
        data={"reason": "Wound down", "access_ends_on": timezone.localdate() + timedelta(days=days)},
    )


def test_starting_from_the_page_then_working_the_checklist(world, login):
    registration(world.partner_a, status="submitted", customer="Submitted Co")
    client = login(world.cam)
    partner_page = client.get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert f"/offboarding/start/{world.partner_a.public_id}/" in partner_page
    url = f"/offboarding/start/{world.partner_a.public_id}/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": "", "access_ends_on": "2000-01-01"})
    assert refused.status_code == 200 and not Offboarding.objects.exists()
    assert "Access cannot end in the past." in refused.content.decode()
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    started = client.post(url, {"reason": "No sales in a year", "access_ends_on": due})
    offboarding = Offboarding.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/offboarding/{offboarding.public_id}/"
    assert client.get(url)["Location"] == f"/offboarding/{offboarding.public_id}/"  # one at a time
    page = client.get(f"/offboarding/{offboarding.public_id}/").content.decode()
    assert "Open registrations: 1" in page and "Close the open registrations" in page
    client.post(f"/offboarding/{offboarding.public_id}/steps/registrations/run/")
    page = client.get(f"/offboarding/{offboarding.public_id}/").content.decode()
    assert "No open registration" in page and "5 of 6 steps done" in page
    partner_page = client.get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert "The wind-down checklist" in partner_page and "5 of 6 steps done" in partner_page


def test_the_list_export_and_api_show_the_same_wind_downs(world, login, api_client):
    _start(world, world.partner_a)
    _start(world, world.partner_b, days=5)
    client = login(world.chief)
    page = client.get("/offboarding/").content.decode()
    assert "Alpha Systems" in page and "Bravo Trading" in page
    export = b"".join(client.get("/offboarding/export/", {"q": "bravo"}).streaming_content).decode()
    assert "Bravo Trading" in export and "Alpha Systems" not in export
    found = items(api_client(world.chief).get("/api/offboarding", {"sort": "access"}))
    assert [o["partner_name"] for o in found] == ["Bravo Trading", "Alpha Systems"]
    assert found[0]["steps_total"] == 6
    assert items(api_client(world.chief).get("/api/offboarding", {"status": "completed"})) == []


def test_the_api_starts_a_wind_down_runs_and_marks_steps_and_refuses_bad_input(world, api_client):
    api = api_client(world.cam)
    bad = api.post(
        "/api/offboarding",
        {"partner": str(world.partner_a.public_id), "reason": "Bye", "access_ends_on": "2000-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and error_codes(bad) == {"access_ends_on": "access_date_past"}
    unknown = api.post(
        "/api/offboarding",
        {"partner": "00000000-0000-0000-0000-000000000000", "reason": "Bye", "access_ends_on": "2099-01-01"},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and error_codes(unknown) == {"partner": "unknown_id"}
    assert not Offboarding.objects.exists()
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    made = api.post(
        "/api/offboarding",
        {"partner": str(world.partner_a.public_id), "reason": "Bye", "access_ends_on": due},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    steps = {s["key"]: s for s in body["steps"]}
    assert steps["access"]["actions"] == ["run"] and steps["claims"]["done"] is True
    assert body["actions"] == ["cancel"]
    again = api.post(
        "/api/offboarding",
        {"partner": str(world.partner_a.public_id), "reason": "Bye", "access_ends_on": due},
        content_type="application/json",
    )
    assert again.status_code == 422 and error_codes(again) == {
        "partner": "unknown_id"
    }  # winding down already
    refused = api.post(f"/api/offboarding/{body['id']}/steps/access/done", content_type="application/json")
    assert refused.status_code == 422 and error_codes(refused) == {"step": "step_not_ready"}
    ran = api.post(f"/api/offboarding/{body['id']}/steps/access/run")
    assert ran.status_code == 200 and ran.json()["offboarding"]["status"] == "completed"
    assert api.post(f"/api/offboarding/{body['id']}/steps/sleep/run").status_code == 422


def test_partner_users_reach_no_offboarding(world, login, api_client):
    offboarding = _start(world, world.partner_a)
    for user in (world.admin_a, world.rep_a):
        client = login(user)
        assert client.get("/offboarding/").status_code == 403
        assert client.get(f"/offboarding/{offboarding.public_id}/").status_code == 403
        api = api_client(user)
        assert api.get("/api/offboarding").status_code == 403
        assert api.get(f"/api/offboarding/{offboarding.public_id}").status_code == 403


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("path", ["/offboarding/", "/offboarding/export/", "api:/api/offboarding"])
def test_the_list_has_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.chief) if path.startswith("api:") else login(world.chief)
    path = path.removeprefix("api:")
    for i in range(2):
        _start(world, make_partner(f"Leaving {i}"))
    _queries(client, path)
    few = _queries(client, path)
    for i in range(6):
        _start(world, make_partner(f"Also leaving {i}"))
    assert _queries(client, path) == few
