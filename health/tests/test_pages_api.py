"""Health's pages and API: the at-risk list (page, export, API: one FilterSet), a review's page and its
forms, a partner's health for staff and for itself, the settings; isolation and refusals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.testing import make_partner
from core.testing import error_codes, items, snapshot
from health.models import HealthScore, HealthSettings, RiskReview
from health.selectors import forget_settings
from health.services import health_evaluate
from health.testing import backdate, days_ago, registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.fixture
def flagged(world):
    """Partners A and B active for long, with nothing going on: the evaluation flags both."""
    for partner in (world.partner_a, world.partner_b):
        backdate(partner, activated_at=days_ago(400))
    registration(world.partner_a, submitted=5)
    health_evaluate(actor=world.actor(world.ops))
    return RiskReview.objects.get(partner=world.partner_a)


def test_the_at_risk_list_page_export_and_api_show_the_same_reviews(world, login, api_client, flagged):
    client = login(world.cam)
    page = client.get("/health/").content.decode()
    assert "Alpha Systems" in page and "Bravo Trading" in page
    only_a = client.get("/health/", {"q": "alpha"}).content.decode()
    assert "Alpha Systems" in only_a and "Bravo Trading" not in only_a
    export = b"".join(client.get("/health/export/", {"q": "alpha"}).streaming_content).decode()
    assert "Alpha Systems" in export and "Bravo Trading" not in export
    found = items(api_client(world.cam).get("/api/health/reviews", {"q": "alpha"}))
    assert [r["partner_name"] for r in found] == ["Alpha Systems"]
    assert found[0]["reasons"][0]["key"] == "logins" and found[0]["status"] == "open"
    awaiting = items(api_client(world.cam).get("/api/health/reviews", {"phase": "awaiting", "mine": "yes"}))
    assert len(awaiting) == 2  # the world's CAM holds both
    assert items(api_client(world.cam).get("/api/health/reviews", {"status": "recovered"})) == []
    bad = api_client(world.cam).get("/api/health/reviews", {"status": "sleeping"})
    assert bad.status_code == 422


def test_the_cams_home_card_counts_what_the_list_shows(world, login, flagged):
    home = login(world.cam).get("/dashboard/").content.decode()
    assert "awaiting a recovery plan" in home and "/health/?phase=awaiting&amp;mine=yes" in home


def test_a_review_page_records_the_plan_and_refuses_a_bad_one(world, login, flagged):
    client = login(world.cam)
    url = f"/health/reviews/{flagged.public_id}/"
    page = client.get(url).content.decode()
    assert "Record the plan" in page and "Logins: 0" in page
    before = snapshot(flagged)
    refused = client.post(url + "plan/", {"actions": "Call", "due": "2000-01-01"})
    assert refused.status_code == 200 and "The due date cannot be in the past." in refused.content.decode()
    assert snapshot(flagged) == before
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    saved = client.post(url + "plan/", {"actions": "Joint webinar", "due": due, "note": "Agreed"})
    assert saved.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.status, flagged.plan_actions) == ("planned", "Joint webinar")
    assert "Change the plan" in client.get(url).content.decode()
    assert "Set active again" not in client.get(url).content.decode()  # no evaluation since the flag
    client.post(url + "recover/")
    flagged.refresh_from_db()
    assert flagged.status == "planned"  # refused: the rules said why on the page


def test_a_partner_reads_its_own_health_and_never_another_partners(world, login, api_client, flagged):
    mine = login(world.rep_a).get("/my/health/")
    assert mine.status_code == 200
    body = mine.content.decode()
    assert "Signals" in body and "People who signed in: 0 of 2" in body and "Bravo" not in body
    assert login(world.admin_a).get(f"/health/partners/{world.partner_a.public_id}/").status_code == 403
    api = api_client(world.admin_a)
    own = api.get(f"/api/health/partners/{world.partner_a.public_id}")
    assert (
        own.status_code == 200
        and own.json()["latest"]["score"] == HealthScore.objects.get(partner=world.partner_a).score
    )
    assert api.get(f"/api/health/partners/{world.partner_b.public_id}").status_code == 404
    assert api.get(f"/api/health/partners/{world.partner_b.public_id}/history").status_code == 404
    assert items(api.get(f"/api/health/partners/{world.partner_a.public_id}/history"))[0]["below"] is True
    assert api.get("/api/health/reviews").status_code == 403
    assert api.get(f"/api/health/reviews/{flagged.public_id}").status_code == 403
    assert api.post("/api/health/evaluations").status_code == 403


def test_staff_read_a_partners_health_with_every_signal_and_its_history(world, login, flagged):
    HealthScore.objects.filter(partner=world.partner_a).update(day=timezone.localdate() - timedelta(days=7))
    health_evaluate(actor=world.actor(world.ops), flag=False)
    page = login(world.marketing).get(f"/health/partners/{world.partner_a.public_id}/").content.decode()
    assert "Registrations submitted: 1 (full marks at 3)" in page
    assert "Open the risk review" in page and 'data-chart="health-trend"' in page
    partner_page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert "Every signal and the history" in partner_page


def test_the_api_records_a_plan_refuses_bad_input_and_evaluates(world, api_client, flagged):
    api = api_client(world.cam)
    before = snapshot(flagged)
    bad = api.post(
        f"/api/health/reviews/{flagged.public_id}/plan",
        {"actions": "Call", "due": (timezone.localdate() - timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 422 and error_codes(bad) == {"due": "due_in_past"}
    assert snapshot(flagged) == before
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    done = api.post(
        f"/api/health/reviews/{flagged.public_id}/plan",
        {"actions": "Call", "due": due, "note": ""},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "planned"
    assert done.json()["actions"] == ["plan"]  # recovering waits for an evaluation after the flag
    refused = api.post(f"/api/health/reviews/{flagged.public_id}/recover", content_type="application/json")
    assert refused.status_code == 422 and error_codes(refused) == {"status": "not_recovered"}
    assert api.post("/api/health/evaluations").status_code == 403  # a CAM does not run it
    ran = api_client(world.ops).post("/api/health/evaluations")
    assert ran.status_code == 200 and ran.json()["evaluated"] >= 2 and ran.json()["flagged"] == 0


def test_settings_page_and_api_for_ops_read_only_for_the_others(world, login, api_client):
    ops = login(world.ops)
    assert ops.post("/health/settings/", _settings_form(threshold="55")).status_code == 302
    assert HealthSettings.objects.get().threshold == 55
    refused = ops.post("/health/settings/", _settings_form(threshold="0"))
    assert refused.status_code == 200 and HealthSettings.objects.get().threshold == 55
    cam = login(world.cam)
    assert cam.get("/health/settings/").status_code == 200
    assert cam.post("/health/settings/", _settings_form(threshold="10")).status_code == 403
    patched = api_client(world.ops).patch(
        "/api/health/settings", {"weight_logins": 30}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["weights"]["logins"] == 30
    zero = api_client(world.ops).patch(
        "/api/health/settings",
        {f"weight_{key}": 0 for key in patched.json()["weights"]},
        content_type="application/json",
    )
    assert zero.status_code == 422 and error_codes(zero) == {None: "no_weight"}
    assert HealthSettings.objects.get().weight_logins == 30
    assert (
        api_client(world.cam)
        .patch("/api/health/settings", {"threshold": 5}, content_type="application/json")
        .status_code
        == 403
    )


def test_evaluate_now_flags_from_the_page(world, login):
    backdate(world.partner_a, activated_at=days_ago(400))
    response = login(world.ops).post("/health/evaluate/")
    assert response.status_code == 302
    assert RiskReview.objects.filter(partner=world.partner_a).exists()
    assert login(world.cam).post("/health/evaluate/").status_code == 403


def _settings_form(**values) -> dict:
    base = {
        name: getattr(HealthSettings(), name)
        for name in (
            "threshold",
            "window_days",
            "grace_days",
            "onboarding_days",
            "downloads_target",
            "learning_target",
            "registrations_target",
            "lead_hours_limit",
        )
    } | {f"weight_{key}": value for key, value in HealthSettings().weights.items()}
    return {key: str(value) for key, value in (base | values).items()}


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("path", ["/health/", "/health/export/", "api:/api/health/reviews"])
def test_the_at_risk_list_has_a_constant_query_budget(world, login, api_client, path):
    client = api_client(world.cam) if path.startswith("api:") else login(world.cam)
    path = path.removeprefix("api:")
    grow = [backdate(make_partner(f"Quiet {i}", cam=world.cam), activated_at=days_ago(400)) for i in range(2)]
    health_evaluate(actor=world.actor(world.ops))
    _queries(client, path)
    few = _queries(client, path)
    grow += [
        backdate(make_partner(f"Quieter {i}", cam=world.cam), activated_at=days_ago(400)) for i in range(6)
    ]
    health_evaluate(actor=world.actor(world.ops))
    assert RiskReview.objects.count() >= 8
    assert _queries(client, path) == few
