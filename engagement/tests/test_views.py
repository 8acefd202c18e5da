"""Pages: the partner's plain-language rules, the staff versions, the draft editor, the tester."""

import pytest

from core.models import Event
from core.testing import snapshot
from engagement.models import Rule, RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(demo_rules):
    return demo_rules


@pytest.fixture
def draft(make_ruleset, published):
    return make_ruleset(
        {"label": "Secret draft rule", "countries": ["JP"], "outcome": "direct"}, status="draft"
    )


def test_partner_reads_only_the_published_rules(world, login, published, draft):
    for user in (world.admin_a, world.rep_a):
        response = login(user).get("/engagement/")
        assert response.status_code == 200
        text = response.content.decode()
        assert (
            "Deals of 250,000.00 USD or more for Enterprise customers need review by the channel team."
            in text
        )
        assert "Gold partners are protected for 120 days." in text
        assert "Japan" not in text


def test_partner_page_without_rules(world, login):
    response = login(world.rep_a).get("/engagement/")
    assert response.status_code == 200 and b"No rules of engagement are published yet" in response.content


def test_partner_cannot_reach_staff_pages_or_edit(world, login, published, draft):
    client = login(world.admin_a)
    rule = draft.rules.get()
    before, rule_before, events = snapshot(draft), snapshot(rule), Event.objects.count()
    for url in (
        "/engagement/versions/",
        f"/engagement/versions/{published.public_id}/",
        f"/engagement/versions/{draft.public_id}/",
        f"/engagement/versions/{draft.public_id}/edit/",
        f"/engagement/versions/{draft.public_id}/test/",
        f"/engagement/versions/{draft.public_id}/rules/new/",
        f"/engagement/rules/{rule.public_id}/edit/",
    ):
        assert client.get(url).status_code == 403, url
    for url, data in (
        ("/engagement/versions/new/", {}),
        (
            f"/engagement/versions/{draft.public_id}/edit/",
            {"default_protection_days": "5", "tie_breaker": "cam_decides"},
        ),
        (f"/engagement/versions/{draft.public_id}/publish/", {}),
        (f"/engagement/versions/{draft.public_id}/rules/new/", {"outcome": "direct", "currency": "USD"}),
        (f"/engagement/rules/{rule.public_id}/edit/", {"outcome": "channel", "currency": "USD"}),
        (f"/engagement/rules/{rule.public_id}/delete/", {}),
        (f"/engagement/rules/{rule.public_id}/move/", {"direction": "up"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert snapshot(draft) == before and snapshot(rule) == rule_before
    assert Event.objects.count() == events and RuleSet.objects.count() == 2


def test_staff_read_but_cam_cannot_edit(world, login, published, draft):
    cam = login(world.cam)
    listing = cam.get("/engagement/versions/")
    assert listing.status_code == 200 and b"v2" in listing.content
    page = cam.get(f"/engagement/versions/{draft.public_id}/")
    assert page.status_code == 200 and b"Secret draft rule" in page.content
    assert b"Publish" not in page.content
    assert cam.get(f"/engagement/versions/{draft.public_id}/edit/").status_code == 403
    assert cam.post(f"/engagement/versions/{draft.public_id}/publish/").status_code == 403


def test_ops_edits_a_draft_and_publishes(world, login, published):
    client = login(world.ops)
    response = client.post("/engagement/versions/new/")
    draft = RuleSet.objects.get(status="draft")
    assert response.status_code == 302 and response.url == f"/engagement/versions/{draft.public_id}/"
    assert draft.rules.count() == 2  # copied from the published set
    assert client.get(f"/engagement/versions/{draft.public_id}/edit/").status_code == 200
    response = client.post(
        f"/engagement/versions/{draft.public_id}/edit/",
        {"default_protection_days": "60", "tie_breaker": "higher_tier", "tier_gold": "100", "notes": "Q3"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.default_protection_days, draft.tie_breaker, draft.named_accounts_direct) == (
        60,
        "higher_tier",
        False,
    )
    assert draft.tier_protection_days == {"gold": 100}

    assert client.get(f"/engagement/versions/{draft.public_id}/rules/new/").status_code == 200
    bad = client.post(
        f"/engagement/versions/{draft.public_id}/rules/new/",
        {
            "outcome": "review",
            "currency": "USD",
            "product_eligibility": "any",
            "min_employees": "9",
            "max_employees": "1",
            "countries": "DE, QQ",
        },
    )
    assert bad.status_code == 200
    assert "max_employees" in bad.context["form"].errors and "countries" in bad.context["form"].errors
    assert draft.rules.count() == 2
    good = client.post(
        f"/engagement/versions/{draft.public_id}/rules/new/",
        {
            "outcome": "direct",
            "currency": "USD",
            "product_eligibility": "direct_only",
            "countries": "de, fr",
            "label": "DO",
        },
    )
    assert good.status_code == 302
    rule = draft.rules.get(label="DO")
    assert rule.countries == ["DE", "FR"] and rule.position == 3
    assert client.get(f"/engagement/rules/{rule.public_id}/edit/").status_code == 200
    assert client.post(f"/engagement/rules/{rule.public_id}/move/", {"direction": "up"}).status_code == 302
    rule.refresh_from_db()
    assert rule.position == 2
    edit = client.post(
        f"/engagement/rules/{rule.public_id}/edit/",
        {
            "outcome": "review",
            "currency": "EUR",
            "product_eligibility": "any",
            "min_amount": "5000",
            "label": "DO",
        },
    )
    assert edit.status_code == 302
    rule.refresh_from_db()
    assert (rule.outcome, rule.currency, rule.countries) == ("review", "EUR", [])
    assert client.post(f"/engagement/rules/{rule.public_id}/delete/").status_code == 302
    assert not Rule.objects.filter(pk=rule.pk).exists()

    page = client.get(f"/engagement/versions/{draft.public_id}/")
    assert b"Publish" in page.content
    assert client.post(f"/engagement/versions/{draft.public_id}/publish/").status_code == 302
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == ("published", "retired")
    # a published version offers no editing and refuses it
    page = client.get(f"/engagement/versions/{draft.public_id}/")
    assert b"Add rule" not in page.content
    client.post(
        f"/engagement/versions/{draft.public_id}/edit/",
        {"default_protection_days": "5", "tie_breaker": "cam_decides"},
    )
    draft.refresh_from_db()
    assert draft.default_protection_days == 60


def test_tester_shows_decision_and_reasons(world, login, published):
    client = login(world.marketing)
    url = f"/engagement/versions/{published.public_id}/test/"
    assert client.get(url).status_code == 200
    facts = {"partner_tier": "gold", "amount": "300000", "currency": "USD", "segment": "enterprise"}
    response = client.post(url, facts)
    text = response.content.decode()
    assert response.status_code == 200 and "Review by the channel team" in text
    assert "Customer segment is Enterprise" in text and "Protection: 120 days." in text
    partial = client.post(url, facts | {"is_named_account": "on"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Named account reserved for direct sales" in partial.content
    invalid = client.post(url, {"partner_tier": "diamond", "amount": "x"})
    assert invalid.status_code == 200 and invalid.context["decision"] is None
