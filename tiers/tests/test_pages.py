"""The tier pages: a partner's progress (its own only), the staff overview and its buttons, criteria editing,
the simulation, the lists and their query budget, custom metric values, overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiers.evaluation import evaluate
from tiers.models import (
    CriteriaVersion,
    CustomMetric,
    CustomMetricValue,
    EvaluationRun,
    Requirement,
    TierOverride,
)
from tiers.tests.helpers import certify, criteria, default_program, join, win

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(world):
    join(world.partner_a, "silver")
    join(world.partner_b, "gold")
    criteria()
    return default_program()


def test_a_partner_sees_what_the_next_tier_still_needs(world, login, program):
    win(world.partner_a, "820000")
    certify(world.partner_a, 2)
    page = login(world.admin_a).get("/my/tiers/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Next tier: Gold." in text
    assert "180,000 USD more won revenue and one more certified person" in text
    assert "Bravo" not in text  # only its own company


def test_a_partner_sees_its_pending_downgrade_and_history(world, login, program):
    evaluate(program)  # partner A (silver) has no revenue: warned
    text = login(world.rep_a).get("/my/tiers/").content.decode()
    day = timezone.localdate() + dt.timedelta(days=60)
    assert "At risk of moving down to Registered on" in text
    assert "To keep Silver: 100,000 USD more won revenue." in text
    assert "Warned: at risk of moving down" in text  # the history's row
    assert str(day.year) in text


def test_the_partner_home_shows_the_tier_card(world, login, program):
    win(world.partner_a, "50000")
    text = login(world.admin_a).get("/my/").content.decode()
    assert "Your tier" in text and "For Gold:" in text


def test_the_staff_partner_page_has_a_tiers_tab(world, login, program):
    page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/?tab=tiers")
    assert page.status_code == 200
    assert "Tier history" in page.content.decode()


def test_ops_evaluate_now_from_the_overview(world, login, program):
    client = login(world.ops)
    overview = client.get("/tiers/")
    assert overview.status_code == 200 and "Evaluate now" in overview.content.decode()
    response = client.post("/tiers/programs/partners/evaluate/", follow=True)
    assert "2 members evaluated: 0 moved up, 0 moved down, 2 warned" in response.content.decode()
    assert EvaluationRun.objects.get().trigger == "manual"
    # a CAM reads the overview but has no button
    assert "Evaluate now" not in login(world.cam).get("/tiers/").content.decode()
    assert login(world.cam).post("/tiers/programs/partners/evaluate/").status_code == 403
    assert EvaluationRun.objects.count() == 1


def test_a_draft_is_edited_simulated_and_published_from_its_pages(world, login, program):
    client = login(world.ops)
    response = client.post("/tiers/programs/partners/criteria/new/")
    draft = CriteriaVersion.objects.get(status="draft")
    assert response.status_code == 302 and response.url == f"/tiers/criteria/{draft.public_id}/"
    assert client.get(f"/tiers/criteria/{draft.public_id}/requirements/new/").status_code == 200

    refused = client.post(
        f"/tiers/criteria/{draft.public_id}/requirements/new/",
        {"tier": "registered", "metric": "deals.won_revenue", "threshold": "5"},
    )
    assert refused.status_code == 200 and "lowest tier" in refused.content.decode()
    assert draft.requirements.count() == 3

    added = client.post(
        f"/tiers/criteria/{draft.public_id}/requirements/new/",
        {"tier": "platinum", "metric": "deals.won_registrations", "threshold": "20", "window_days": "180"},
    )
    assert added.status_code == 302
    assert Requirement.objects.filter(criteria=draft, tier="platinum").exists()

    win(world.partner_a, "1200000")
    certify(world.partner_a, 3)
    simulation = client.get(f"/tiers/criteria/{draft.public_id}/simulation/").content.decode()
    assert "1 partner moves up, 1 down, 0 unchanged" in simulation
    assert "won revenue 1,200,000 USD of 1,000,000; certified people 3 of 3" in simulation

    client.post(f"/tiers/criteria/{draft.public_id}/publish/")
    draft.refresh_from_db()
    assert draft.status == "published"


def test_the_lists_and_their_exports(world, login, program):
    evaluate(program)
    client = login(world.chief)
    changes = client.get("/tiers/changes/").content.decode()
    assert "Alpha Systems" in changes and "Bravo Trading" in changes
    assert "Alpha Systems" not in client.get("/tiers/changes/?q=bravo").content.decode()
    warnings = client.get("/tiers/warnings/?program=partners").content.decode()
    assert "2 warnings" in warnings
    export = client.get("/tiers/warnings/export/")
    assert export.status_code == 200 and b"Bravo Trading" in b"".join(export.streaming_content)


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _members(n: int, start: int = 0) -> None:
    from accounts.testing import make_partner

    for i in range(start, start + n):
        join(make_partner(f"Member {i}"), "gold")


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("chief", "/tiers/changes/"),
        ("chief", "/tiers/changes/?decision=all&sort=-partner"),
        ("chief", "/tiers/changes/export/?format=xlsx"),
        ("chief", "/tiers/warnings/"),
        ("chief", "/tiers/warnings/export/"),
        ("chief", "/tiers/values/"),
        ("api:chief", "/api/tiers/assessments"),
        ("api:chief", "/api/tiers/warnings"),
        ("api:admin_a", "/api/tiers/assessments?decision=all"),
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, program, user, path):
    name = user.removeprefix("api:")
    client = api_client(getattr(world, name)) if user.startswith("api:") else login(getattr(world, name))
    metric = CustomMetric.objects.create(code="references", name_en="References")

    def grow(n: int, start: int) -> None:
        _members(n, start)
        for partner in default_program().memberships.values_list("partner", flat=True):
            CustomMetricValue.objects.get_or_create(
                metric=metric,
                partner_id=partner,
                period_start=dt.date(2026, 1, 1),
                defaults={"period_end": dt.date(2026, 3, 31), "value": 1},
            )
        evaluate(default_program(), as_of=timezone.localdate() + dt.timedelta(days=start))

    grow(2, 0)
    _queries(client, path)
    few = _queries(client, path)
    grow(8, 2)
    assert _queries(client, path) == few


def test_custom_metric_values_are_entered_corrected_and_deleted(world, login):
    client = login(world.ops)
    assert (
        client.post(
            "/tiers/metrics/custom/new/",
            {
                "code": "references",
                "name_en": "Customer references",
                "unit": "count",
                "aggregation": "latest",
                "is_active": "on",
            },
        ).status_code
        == 302
    )
    assert "Customer references" in client.get("/tiers/metrics/").content.decode()
    response = client.post(
        "/tiers/values/new/",
        {
            "metric": "references",
            "partner": str(world.partner_a.public_id),
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "value": "3",
        },
    )
    assert response.status_code == 302
    entry = CustomMetricValue.objects.get()
    duplicate = client.post(
        "/tiers/values/new/",
        {
            "metric": "references",
            "partner": str(world.partner_a.public_id),
            "period_start": "2026-01-01",
            "period_end": "2026-02-28",
            "value": "9",
        },
    )
    assert "already has a value" in duplicate.content.decode()
    assert CustomMetricValue.objects.count() == 1
    client.post(
        f"/tiers/values/{entry.public_id}/edit/",
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "value": "4"},
    )
    entry.refresh_from_db()
    assert entry.value == 4
    assert "Alpha Systems" in client.get("/tiers/values/").content.decode()
    client.post(f"/tiers/values/{entry.public_id}/delete/")
    assert not CustomMetricValue.objects.exists()


def test_ops_set_a_tier_by_hand_and_end_it(world, login, program):
    client = login(world.ops)
    until = timezone.localdate() + dt.timedelta(days=30)
    assert client.get(f"/tiers/partners/{world.partner_a.public_id}/partners/override/").status_code == 200
    response = client.post(
        f"/tiers/partners/{world.partner_a.public_id}/partners/override/",
        {"tier": "platinum", "ends_on": until.isoformat(), "reason": "Launch partner for the e-bike line"},
    )
    assert response.status_code == 302
    override = TierOverride.objects.get()
    page = client.get(f"/tiers/partners/{world.partner_a.public_id}/").content.decode()
    assert "Set by hand: Platinum holds until" in page and "Launch partner for the e-bike line" in page
    # the partner sees its tier and the hold, never the reason
    mine = login(world.admin_a).get("/my/tiers/").content.decode()
    assert "Set by hand: Platinum holds until" in mine and "Launch partner" not in mine
    # a CAM may not
    assert login(world.cam).post(f"/tiers/overrides/{override.public_id}/end/").status_code == 403
    client.post(f"/tiers/overrides/{override.public_id}/end/")
    override.refresh_from_db()
    assert override.ended_at is not None


def test_past_override_days_are_refused(world, login, program):
    client = login(world.ops)
    response = client.post(
        f"/tiers/partners/{world.partner_a.public_id}/partners/override/",
        {"tier": "gold", "ends_on": "2020-01-01", "reason": "x"},
    )
    assert response.status_code == 200 and "Choose today or a later day." in response.content.decode()
    assert not TierOverride.objects.exists()


def test_policy_form(world, login, program):
    client = login(world.ops)
    assert (
        client.post(
            "/tiers/programs/partners/policy/", {"grace_days": "90", "evaluate_daily": "on"}
        ).status_code
        == 302
    )
    assert default_program().tier_policy.grace_days == 90
    assert client.post("/tiers/programs/partners/policy/", {"grace_days": "400"}).status_code == 200
    assert default_program().tier_policy.grace_days == 90
