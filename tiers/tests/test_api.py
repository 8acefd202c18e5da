"""The tier API: criteria drafts, requirements, publishing, simulation, evaluation, assessments and progress
(a partner: its own), custom metrics and values, overrides; refusals in the API's shape, changing nothing.
And the CSV import of custom metric values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.actor import build_actor
from core.testing import error_codes, items
from tiers.models import (
    CriteriaVersion,
    CustomMetric,
    CustomMetricValue,
    EvaluationRun,
    Requirement,
    TierOverride,
)
from tiers.tests.helpers import certify, criteria, join, win

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def members(world):
    join(world.partner_a, "silver")
    join(world.partner_b, "gold")


def test_ops_build_simulate_publish_and_evaluate_through_the_api(world, api_client, members):
    ops = api_client(world.ops)
    draft = ops.post(
        "/api/tiers/criteria", {"program": "partners", "notes": "First criteria"}, content_type=JSON
    )
    assert draft.status_code == 201, draft.content
    body = draft.json()
    assert (body["version"], body["status"], body["actions"]) == (1, "draft", ["edit", "simulate"])
    for requirement in (
        {"tier": "silver", "metric": "deals.won_revenue", "threshold": "100000"},
        {"tier": "gold", "metric": "deals.won_revenue", "threshold": "1000000"},
        {"tier": "gold", "metric": "learning.certified_people", "threshold": "3"},
    ):
        added = ops.post(f"/api/tiers/criteria/{body['id']}/requirements", requirement, content_type=JSON)
        assert added.status_code == 201, added.content
    assert [r["text"] for r in added.json()["requirements"]] == [
        "won revenue at least 100,000 USD over the last 365 days",
        "won revenue at least 1,000,000 USD over the last 365 days",
        "certified people at least 3",
    ]
    win(world.partner_a, "1500000")
    certify(world.partner_a, 3)

    simulation = ops.get(f"/api/tiers/criteria/{body['id']}/simulation").json()
    assert (simulation["moving_up"], simulation["moving_down"], simulation["unchanged"]) == (1, 1, 0)
    alpha = next(m for m in simulation["members"] if m["partner"] == "Alpha Systems")
    assert (alpha["tier"], alpha["simulated_tier"], alpha["decision"]) == ("silver", "gold", "up")

    assert ops.post(f"/api/tiers/criteria/{body['id']}/publish").json()["status"] == "published"
    run = ops.post("/api/tiers/programs/partners/evaluate")
    assert run.status_code == 200, run.content
    assert run.json()["counts"]["up"] == 1 and run.json()["counts"]["warned"] == 1
    changes = items(ops.get("/api/tiers/assessments?decision=up"))
    assert [(c["partner"], c["tier_before"], c["tier_after"]) for c in changes] == [
        ("Alpha Systems", "silver", "gold")
    ]
    assert changes[0]["values"]["deals.won_revenue||365"] == "1500000.00"
    warnings = items(ops.get("/api/tiers/warnings"))
    assert [(w["partner"], w["to_tier"]) for w in warnings] == [("Bravo Trading", "registered")]
    assert items(ops.get("/api/tiers/evaluations"))[0]["members"] == 2


def test_refusals_answer_422_with_codes_and_change_nothing(world, api_client, members):
    ops = api_client(world.ops)
    published = criteria()
    response = ops.post(
        f"/api/tiers/criteria/{published.public_id}/requirements",
        {"tier": "platinum", "metric": "deals.won_revenue", "threshold": "1"},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_codes(response) == {None: "not_draft"}
    response = ops.post("/api/tiers/criteria", {"program": "nowhere"}, content_type=JSON)
    assert response.status_code == 422 and error_codes(response) == {"program": "unknown_id"}
    draft = ops.post("/api/tiers/criteria", {"program": "partners"}, content_type=JSON).json()
    response = ops.post(
        f"/api/tiers/criteria/{draft['id']}/requirements",
        {"tier": "gold", "metric": "learning.certified_for", "threshold": "1"},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_codes(response) == {"parameter": "parameter_required"}
    assert Requirement.objects.filter(criteria__public_id=draft["id"]).count() == 3
    response = ops.post("/api/tiers/criteria", {"program": "partners"}, content_type=JSON)
    assert response.status_code == 422 and error_codes(response) == {None: "draft_exists"}
    assert CriteriaVersion.objects.count() == 2


def test_evaluate_without_a_rate_is_refused_and_changes_nothing(world, api_client, members):
    criteria()
    win(world.partner_a, "5000", currency="EUR")
    response = api_client(world.ops).post("/api/tiers/programs/partners/evaluate")
    assert response.status_code == 422 and error_codes(response) == {None: "metric_unavailable"}
    assert not EvaluationRun.objects.exists()


def test_a_partner_reads_its_own_progress_and_history_only(world, api_client, members):
    criteria()
    win(world.partner_a, "820000")
    certify(world.partner_a, 2)
    admin = api_client(world.admin_a)
    progress = admin.get("/api/tiers/progress").json()
    assert progress["partner"] == "Alpha Systems"
    (program,) = progress["programs"]
    assert (program["tier"], program["next_tier"]) == ("silver", "gold")
    assert program["missing"] == "180,000 USD more won revenue and one more certified person"
    gold = next(step for step in program["steps"] if step["tier"] == "gold")
    assert [(r["metric"], r["value"], r["threshold"], r["met"]) for r in gold["requirements"]] == [
        ("deals.won_revenue", "820000.00", "1000000.00", False),
        ("learning.certified_people", "2", "3.00", False),
    ]
    assert admin.get(f"/api/tiers/progress?partner_id={world.partner_b.public_id}").status_code == 404
    from tiers.evaluation import evaluate
    from tiers.tests.helpers import default_program

    evaluate(default_program())
    mine = items(admin.get("/api/tiers/assessments?decision=all"))
    assert {row["partner"] for row in mine} == {"Alpha Systems"}
    # staff name the partner
    staff = api_client(world.cam)
    assert (
        staff.get(f"/api/tiers/progress?partner_id={world.partner_b.public_id}").json()["partner"]
        == "Bravo Trading"
    )
    assert error_codes(staff.get("/api/tiers/progress")) == {"partner_id": "partner_required"}


def test_custom_metrics_and_values_through_the_api(world, api_client):
    ops = api_client(world.ops)
    created = ops.post(
        "/api/tiers/custom-metrics",
        {"code": "nps", "name_en": "Net promoter score", "unit": "score", "is_active": True},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    value = ops.post(
        "/api/tiers/values",
        {
            "metric": "nps",
            "partner": str(world.partner_a.public_id),
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "value": "-12.5",
        },
        content_type=JSON,
    )
    assert value.status_code == 201, value.content
    assert value.json()["value"] == "-12.50"
    entry = value.json()["id"]
    wrong = ops.patch(f"/api/tiers/values/{entry}", {"period_end": "2025-12-01"}, content_type=JSON)
    assert wrong.status_code == 422 and error_codes(wrong) == {"period_end": "period_order"}
    assert (
        ops.patch(f"/api/tiers/values/{entry}", {"value": "31"}, content_type=JSON).json()["value"] == "31.00"
    )
    assert [v["partner"] for v in items(ops.get("/api/tiers/values?metric=nps"))] == ["Alpha Systems"]
    assert ops.delete(f"/api/tiers/values/{entry}").status_code == 204
    assert not CustomMetricValue.objects.exists()
    renamed = ops.patch(
        f"/api/tiers/custom-metrics/{created.json()['id']}", {"name_ru": "NPS"}, content_type=JSON
    )
    assert renamed.json()["name_ru"] == "NPS"


def test_overrides_through_the_api(world, api_client, members):
    criteria()
    ops = api_client(world.ops)
    until = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    body = {
        "partner_id": str(world.partner_b.public_id),
        "program": "partners",
        "tier": "platinum",
        "ends_on": until,
        "reason": "Pilot",
    }
    assert api_client(world.chief).post("/api/tiers/overrides", body, content_type=JSON).status_code == 403
    created = ops.post("/api/tiers/overrides", body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["actions"] == ["end"]
    ended = ops.post(f"/api/tiers/overrides/{created.json()['id']}/end")
    assert ended.json()["ended_at"] is not None and ended.json()["actions"] == []
    assert TierOverride.objects.get().ended_at is not None


def test_metrics_list(world, api_client):
    from learning.models import Certification

    Certification.objects.create(title_en="Road bike expert")
    found = items(api_client(world.admin_a).get("/api/tiers/metrics"))
    certified_for = next(m for m in found if m["code"] == "learning.certified_for")
    assert certified_for["parameter"] == "certification"
    assert [p["label"] for p in certified_for["parameters"]] == ["Road bike expert"]


def test_custom_metric_values_import_from_a_csv_file(world, django_capture_on_commit_callbacks):
    from imports.models import ImportRowError, ImportStatus
    from imports.services import import_check, import_map, import_start, import_upload

    CustomMetric.objects.create(code="references", name_en="Customer references")
    CustomMetricValue.objects.create(
        metric=CustomMetric.objects.get(),
        partner=world.partner_b,
        period_start="2026-01-01",
        period_end="2026-03-31",
        value=1,
    )
    text = (
        "Metric;Partner;From;To;Value\n"
        "references;Alpha Systems;2026-01-01;2026-03-31;4\n"
        "references;bravotrading.example;01.01.2026;31.03.2026;2\n"  # already entered
        "references;Nobody Inc;2026-01-01;2026-03-31;1\n"
        "references;Alpha Systems;2026-04-01;2026-03-31;1 234,5\n"
    )
    actor = build_actor(world.ops)
    job = import_upload(
        actor=actor,
        kind="tier_metric_values",
        upload=SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv"),
    )
    assert job.mapping == {
        "Metric": "metric",
        "Partner": "partner",
        "From": "period_start",
        "To": "period_end",
        "Value": "value",
    }
    job = import_map(actor=actor, job=job, mapping=job.mapping)
    with django_capture_on_commit_callbacks(execute=True):
        import_check(actor=actor, job=job)
    job.refresh_from_db()
    assert (job.total_rows, job.valid_rows, job.error_rows) == (4, 1, 3)
    assert set(ImportRowError.objects.filter(job=job).values_list("row", "code")) == {
        (3, "duplicate_value"),
        (4, "unknown_partner"),
        (5, "period_order"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        import_start(actor=actor, job=job, skip_invalid=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    written = CustomMetricValue.objects.get(partner=world.partner_a)
    assert (written.value, written.entered_by) == (4, world.ops)
