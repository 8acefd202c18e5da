"""The rules of engagement API (/api/engagement…)."""

import pytest

from core.models import Event
from core.testing import error_codes, error_fields, items, snapshot
from engagement.models import RuleSet

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_current_for_everyone_logged_in(world, api_client, demo_rules, make_ruleset):
    make_ruleset({"label": "secret"}, status="draft")
    for user in (world.rep_a, world.admin_b, world.marketing):
        response = api_client(user).get("/api/engagement/current")
        assert response.status_code == 200
        body = response.json()
        assert body["version"] == demo_rules.version and body["status"] == "published"
        assert [r["label"] for r in body["rules"]] == ["Big enterprise", "Public sector"]
        assert body["rules"][0]["min_amount"] == "250000.00"
        assert "Gold partners are protected for 120 days." in body["sentences"]
        assert body["tier_protection_days"] == {"gold": 120, "platinum": 150}


def test_current_when_nothing_is_published(world, api_client):
    assert api_client(world.rep_a).get("/api/engagement/current").status_code == 404


def test_partner_cannot_list_get_or_write(world, api_client, demo_rules, make_ruleset):
    draft = make_ruleset({"label": "secret"}, status="draft")
    rule = draft.rules.get()
    client = api_client(world.admin_a)
    before, events = snapshot(draft), Event.objects.count()
    assert client.get("/api/engagement/versions").status_code == 403
    assert client.get(f"/api/engagement/versions/{demo_rules.public_id}").status_code == 403
    assert client.get(f"/api/engagement/versions/{draft.public_id}").status_code == 403
    assert client.post("/api/engagement/versions", {}, content_type=JSON).status_code == 403
    assert (
        client.patch(
            f"/api/engagement/versions/{draft.public_id}", {"notes": "x"}, content_type=JSON
        ).status_code
        == 403
    )
    assert client.post(f"/api/engagement/versions/{draft.public_id}/publish").status_code == 403
    assert (
        client.post(f"/api/engagement/versions/{draft.public_id}/rules", {}, content_type=JSON).status_code
        == 403
    )
    assert client.put(f"/api/engagement/rules/{rule.public_id}", {}, content_type=JSON).status_code == 403
    assert client.delete(f"/api/engagement/rules/{rule.public_id}").status_code == 403
    assert client.post("/api/engagement/evaluate", {}, content_type=JSON).status_code == 403
    assert snapshot(draft) == before and Event.objects.count() == events and draft.rules.count() == 1


def test_staff_lifecycle(world, api_client, demo_rules):
    client = api_client(world.chief)
    response = client.post("/api/engagement/versions", {"notes": "Next year"}, content_type=JSON)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["version"] == 2 and draft["status"] == "draft" and len(draft["rules"]) == 2
    url = f"/api/engagement/versions/{draft['id']}"
    patched = client.patch(
        url, {"tie_breaker": "cam_decides", "tier_protection_days": {"silver": 100}}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["tier_protection_days"] == {"silver": 100}
    added = client.post(
        f"{url}/rules",
        {"label": "Japan", "countries": ["JP"], "outcome": "direct"},
        content_type=JSON,
    )
    assert added.status_code == 201
    rules = added.json()["rules"]
    assert [r["position"] for r in rules] == [1, 2, 3] and rules[2][
        "sentence"
    ] == "Deals in Japan are reserved for direct sales."
    replaced = client.put(
        f"/api/engagement/rules/{rules[2]['id']}",
        {"label": "Japan", "countries": ["JP"], "outcome": "review", "protection_days": 30},
        content_type=JSON,
    )
    assert replaced.status_code == 200 and replaced.json()["rules"][2]["protection_days"] == 30
    deleted = client.delete(f"/api/engagement/rules/{rules[0]['id']}")
    assert deleted.status_code == 200 and [r["label"] for r in deleted.json()["rules"]] == [
        "Public sector",
        "Japan",
    ]
    listing = items(client.get("/api/engagement/versions"))
    assert [(v["version"], v["status"]) for v in listing] == [(2, "draft"), (1, "published")]
    published = client.post(f"{url}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.get(f"/api/engagement/versions/{demo_rules.public_id}").json()["status"] == "retired"
    assert client.get("/api/engagement/current").json()["version"] == 2
    # published: refused with 422, nothing changes
    frozen = snapshot(RuleSet.objects.get(version=2))
    refused = client.patch(url, {"notes": "late"}, content_type=JSON)
    assert refused.status_code == 422 and "create a new draft" in refused.json()["detail"]
    assert client.post(f"{url}/rules", {"outcome": "direct"}, content_type=JSON).status_code == 422
    assert snapshot(RuleSet.objects.get(version=2)) == frozen


def test_validation_errors_are_422_per_field(world, api_client, make_ruleset):
    draft = make_ruleset(status="draft")
    client = api_client(world.ops)
    before, events = snapshot(draft), Event.objects.count()
    bad = client.patch(
        f"/api/engagement/versions/{draft.public_id}",
        {"default_protection_days": 0, "tier_protection_days": {"diamond": 10}, "tie_breaker": "dice"},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert error_codes(bad) == {
        "default_protection_days": "min_value",
        "tier_protection_days.diamond": "invalid_choice",
        "tie_breaker": "invalid_choice",
    }
    rule = client.post(
        f"/api/engagement/versions/{draft.public_id}/rules",
        {
            "min_amount": "9",
            "max_amount": "1",
            "regions": ["mars"],
            "segments": ["huge"],
            "countries": ["ZZ"],
        },
        content_type=JSON,
    )
    assert rule.status_code == 422
    assert error_fields(rule) == {"regions.0", "segments.0", "countries.0"}
    rule = client.post(
        f"/api/engagement/versions/{draft.public_id}/rules",
        {"min_amount": "9", "max_amount": "1"},
        content_type=JSON,
    )
    assert rule.status_code == 422 and error_fields(rule) == {"max_amount"}
    assert client.post("/api/engagement/versions", {}, content_type=JSON).status_code == 422  # a draft exists
    assert snapshot(draft) == before and Event.objects.count() == events and draft.rules.count() == 0
    assert client.get("/api/engagement/versions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_evaluate(world, api_client, demo_rules, make_ruleset):
    client = api_client(world.cam)
    response = client.post(
        "/api/engagement/evaluate",
        {"partner_tier": "gold", "amount": "300000", "segment": "enterprise", "customer_country": "de"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["protection_days"], body["version"], body["rule_position"]) == (
        "review",
        120,
        1,
        1,
    )
    assert {
        "code": "segment",
        "params": {"segment": "enterprise"},
        "text": "Customer segment is Enterprise",
    } in body["reasons"]
    draft = make_ruleset({"outcome": "direct"}, status="draft")
    on_draft = client.post(
        "/api/engagement/evaluate", {"version_id": str(draft.public_id)}, content_type=JSON
    ).json()
    assert on_draft["outcome"] == "direct" and on_draft["version"] == draft.version
    named = client.post("/api/engagement/evaluate", {"is_named_account": True}, content_type=JSON).json()
    assert named["outcome"] == "direct" and named["reasons"][0]["code"] == "named_account"
    bad = client.post(
        "/api/engagement/evaluate",
        {
            "partner_tier": "diamond",
            "amount": "lots",
            "currency": "XXX",
            "segment": "x",
            "product_eligibilities": ["y"],
        },
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert error_codes(bad) == {
        "partner_tier": "invalid_choice",
        "amount": "invalid",
        "currency": "invalid_choice",
        "segment": "invalid_choice",
        "product_eligibilities.0": "invalid_choice",
    }
