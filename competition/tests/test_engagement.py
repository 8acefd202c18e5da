"""The rules of engagement and competing products: a registration needs the declaration first when the rules
say so (refused with a clear error that changes nothing), and a deal for products a declared line competes
with gets a shorter protection or none, with the reason."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from catalog.models import Product
from competition.services import declaration_create, disclosure_confirm
from conflicts.models import ConflictCheck, CustomerClaim
from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from deals.selectors import registration_engagement_reasons
from deals.services import registration_approve, registration_create, registration_submit
from engagement.errors import EngagementErrorCode
from engagement.evaluate import DealFacts, describe_ruleset, evaluate, render_reason
from engagement.models import Rule, RuleSet
from engagement.testing import accept_rules_in_force
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_emails_at_once(monkeypatch):
    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


def _facts(**extra) -> DealFacts:
    return DealFacts(partner_tier="silver", amount=Decimal("5000"), **extra)


def _rules(**fields) -> RuleSet:
    ruleset = RuleSet.objects.create(version=1, status="published", default_protection_days=90, **fields)
    return RuleSet.objects.prefetch_related("rules").get(pk=ruleset.pk)


# --- evaluate ---------------------------------------------------------------------------------------------


def test_no_protection_for_a_competitive_deal():
    ruleset = _rules(competitive_protection_days=0)
    decision = evaluate(_facts(competing_lines=("Trek Madone",)), ruleset)
    assert (decision.outcome, decision.protection_days) == ("channel", 0)
    assert decision.reasons[-1] == ("competitive_no_protection", {"lines": "Trek Madone"})
    assert decision.rendered_reasons()[-1] == (
        "Not protected: the partner also sells competing products (Trek Madone)"
    )
    with translation.override("ru"):
        text = render_reason(*decision.reasons[-1])
    assert "Trek Madone" in text and text != decision.rendered_reasons()[-1]


def test_a_shorter_protection_for_a_competitive_deal():
    ruleset = _rules(competitive_protection_days=30)
    decision = evaluate(_facts(competing_lines=("Trek Madone", "Giant (all products)")), ruleset)
    assert decision.protection_days == 30
    code, params = decision.reasons[-1]
    assert code == "competitive_protection"
    assert render_reason(code, params) == (
        "Protected for 30 days only: the partner also sells competing products (Trek Madone, Giant (all "
        "products))"
    )
    assert render_reason(code, params | {"if_approved": True}).startswith(
        "If approved, protected for 30 days"
    )


@pytest.mark.parametrize(
    ("limit", "competing", "days", "code"),
    [
        (None, ("Trek Madone",), 90, "protection_default"),  # the rules say nothing about competition
        (0, (), 90, "protection_default"),  # not a competitive deal
        (120, ("Trek Madone",), 90, "protection_default"),  # the limit is above the period
    ],
)
def test_other_deals_keep_their_protection(limit, competing, days, code):
    decision = evaluate(_facts(competing_lines=competing), _rules(competitive_protection_days=limit))
    assert decision.protection_days == days
    assert decision.reasons[-1][0] == code


def test_a_rule_period_is_capped_and_direct_sales_unaffected():
    ruleset = _rules(competitive_protection_days=10)
    Rule.objects.create(ruleset=ruleset, position=1, outcome="review", protection_days=200, min_amount=1000)
    Rule.objects.create(ruleset=ruleset, position=2, outcome="direct", max_amount=999)
    ruleset = RuleSet.objects.prefetch_related("rules").get(pk=ruleset.pk)
    review = evaluate(_facts(competing_lines=("Trek Madone",)), ruleset)
    assert (review.outcome, review.protection_days, review.reasons[-1][0]) == (
        "review",
        10,
        "competitive_protection",
    )
    direct = evaluate(DealFacts(partner_tier="silver", amount=Decimal("10"), competing_lines=("X",)), ruleset)
    assert direct.outcome == "direct"
    assert all(code != "competitive_protection" for code, _params in direct.reasons)


def test_the_rules_say_it_in_plain_language():
    sentences = describe_ruleset(_rules(competitive_protection_days=0, disclosure_required=True))
    assert any(
        "compete with a product line the partner also sells" in s and "not protected" in s for s in sentences
    )
    assert any(s.startswith("Before a deal is registered, a partner admin confirms") for s in sentences)
    RuleSet.objects.all().delete()
    shorter = describe_ruleset(_rules(competitive_protection_days=14))
    assert any("is protected for at most 14 days" in s for s in shorter)
    RuleSet.objects.all().delete()
    assert not any("compet" in s for s in describe_ruleset(_rules()))


# --- registrations ----------------------------------------------------------------------------------------


@pytest.fixture
def road_bike(families):
    return Product.objects.create(
        sku="RB-1",
        name="Road bike",
        family=families["road"],
        list_price="1000.00",
        channel_eligibility="both",
    )


@pytest.fixture
def helmet(families):
    return Product.objects.create(
        sku="HE-1", name="Helmet", family=families["helmets"], list_price="80.00", channel_eligibility="both"
    )


def _draft(world, product, *, user=None, name="Contoso Cycling", domain="contoso.example"):
    accept_rules_in_force(world.partner_a, world.partner_b)  # the programs' gate is not what these test
    registration, _created = registration_create(
        actor=world.actor(user or world.rep_a),
        data={
            "customer_name": name,
            "customer_domain": domain,
            "customer_country": "DE",
            "currency": "USD",
            "expected_close_date": timezone.localdate() + timedelta(days=30),
        },
        lines=[{"product_id": product, "quantity": 2}],
    )
    return registration


def test_a_competitive_registration_is_approved_without_protection(world, trek, madone, road_bike):
    _rules(competitive_protection_days=0)
    declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    registration = registration_submit(actor=world.actor(world.rep_a), registration=_draft(world, road_bike))
    check = ConflictCheck.objects.get(registration=registration)
    assert check.protection_days == 0
    assert check.engagement_reasons[-1] == {
        "code": "competitive_no_protection",
        "params": {"lines": "Trek Bicycle Corporation Madone"},
    }
    reasons = registration_engagement_reasons(
        actor=world.actor(world.rep_a), registration=registration, check=check
    )
    assert (
        "Not protected: the partner also sells competing products (Trek Bicycle Corporation Madone)"
        in reasons
    )
    assert CustomerClaim.objects.filter(registration=registration).exists()  # held while it is reviewed

    registration_approve(actor=world.actor(world.cam), registration=registration)
    registration.refresh_from_db()
    assert registration.status == "approved" and registration.protected_until is None
    assert not CustomerClaim.objects.filter(registration=registration).exists()  # the customer is free
    assert Event.objects.get(verb="deal_registration.approved_unprotected").after["protection_days"] == 0
    note = Notification.objects.get(user=world.rep_a, verb="deal_registration.approved")
    assert "without protection" in note.text

    # Another partner may register the same customer and be approved with protection.
    other = registration_submit(
        actor=world.actor(world.rep_b), registration=_draft(world, road_bike, user=world.rep_b)
    )
    registration_approve(
        actor=world.actor(world.cam), registration=other, note="The first one is unprotected."
    )
    other.refresh_from_db()
    assert other.protected_until == timezone.localdate() + timedelta(days=90)


def test_a_competitive_registration_gets_the_shorter_protection(world, trek, road_bike):
    _rules(competitive_protection_days=30)
    declaration_create(actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id})  # all of Trek
    registration = registration_submit(actor=world.actor(world.rep_a), registration=_draft(world, road_bike))
    reasons = registration_engagement_reasons(
        actor=world.actor(world.rep_a), registration=registration, check=registration.conflict_checks.get()
    )
    assert any(r.startswith("If approved, protected for 30 days only") for r in reasons)
    registration_approve(actor=world.actor(world.cam), registration=registration)
    registration.refresh_from_db()
    assert registration.protected_until == timezone.localdate() + timedelta(days=30)


def test_products_no_declared_line_competes_with_keep_full_protection(world, trek, madone, helmet):
    _rules(competitive_protection_days=0)
    declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    registration = registration_submit(actor=world.actor(world.rep_a), registration=_draft(world, helmet))
    assert registration.conflict_checks.get().protection_days == 90
    registration_approve(actor=world.actor(world.cam), registration=registration)
    registration.refresh_from_db()
    assert registration.protected_until == timezone.localdate() + timedelta(days=90)


def test_disclosure_required_refuses_the_submission_and_changes_nothing(world, road_bike):
    _rules(disclosure_required=True)
    draft = _draft(world, road_bike)
    before, events = snapshot(draft), Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        registration_submit(actor=world.actor(world.rep_a), registration=draft)
    assert caught.value.code == EngagementErrorCode.NOT_DISCLOSED
    assert "confirmed its list" in caught.value.messages[0]
    assert snapshot(draft) == before
    assert Event.objects.count() == events
    assert not ConflictCheck.objects.exists() and not CustomerClaim.objects.exists()

    disclosure_confirm(actor=world.actor(world.admin_a))  # "we sell no competing products"
    registration_submit(actor=world.actor(world.rep_a), registration=draft)
    assert DealRegistration.objects.get(pk=draft.pk).status == "submitted"


def test_disclosure_of_another_partner_does_not_count(world, road_bike):
    _rules(disclosure_required=True)
    disclosure_confirm(actor=world.actor(world.admin_b))
    with pytest.raises(ValidationError):
        registration_submit(actor=world.actor(world.rep_a), registration=_draft(world, road_bike))


def test_without_the_rule_no_disclosure_is_needed(world, road_bike):
    _rules()
    registration = registration_submit(actor=world.actor(world.rep_a), registration=_draft(world, road_bike))
    assert registration.status == "submitted"


def test_the_tester_takes_competing_products(world, api_client):
    ruleset = _rules(competitive_protection_days=0)
    response = api_client(world.ops).post(
        "/api/engagement/evaluate",
        {"version_id": str(ruleset.public_id), "competing": "Trek Madone, Giant", "partner_tier": "gold"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["protection_days"] == 0
    assert body["reasons"][-1]["params"] == {"lines": "Trek Madone, Giant"}
