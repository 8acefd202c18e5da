"""Writing rules of engagement: drafts, rules, validation, publishing, immutability, permissions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.testing import snapshot
from engagement.models import Rule, RuleSet
from engagement.services import (
    rule_create,
    rule_delete,
    rule_move,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)

pytestmark = pytest.mark.django_db

RULE = {"label": "Big enterprise", "segments": ["enterprise"], "min_amount": "250000", "outcome": "review"}


@pytest.fixture
def ops(world):
    return world.actor(world.ops)


@pytest.fixture
def draft(ops):
    return ruleset_create_draft(actor=ops, data={"tier_protection_days": {"gold": 120}})


def test_first_draft_has_defaults_and_an_event(ops, draft):
    assert (draft.version, draft.status, draft.default_protection_days) == (1, "draft", 90)
    assert draft.tie_breaker == "first_registered" and draft.named_accounts_direct
    assert draft.tier_protection_days == {"gold": 120}
    assert Event.objects.filter(verb="engagement.draft_created", target_id=draft.pk).count() == 1


def test_only_one_draft_at_a_time(ops, draft):
    with pytest.raises(ValidationError):
        ruleset_create_draft(actor=ops)
    assert RuleSet.objects.count() == 1


def test_rules_are_added_in_order_and_audited(ops, draft):
    first = rule_create(actor=ops, ruleset=draft, data=RULE)
    second = rule_create(actor=ops, ruleset=draft, data={"segments": "public_sector", "outcome": "review"})
    assert (first.position, second.position) == (1, 2)
    assert first.min_amount == Decimal("250000.00") and second.segments == ["public_sector"]
    assert Event.objects.filter(verb="engagement.rule_added").count() == 2


def test_move_update_delete(ops, draft):
    a = rule_create(actor=ops, ruleset=draft, data=RULE | {"label": "a"})
    b = rule_create(actor=ops, ruleset=draft, data=RULE | {"label": "b"})
    c = rule_create(actor=ops, ruleset=draft, data=RULE | {"label": "c"})
    rule_move(actor=ops, rule=c, offset=-1)
    assert list(draft.rules.order_by("position").values_list("label", flat=True)) == ["a", "c", "b"]
    rule_move(actor=ops, rule=a, offset=-1)  # already first: nothing happens
    assert list(draft.rules.order_by("position").values_list("label", flat=True)) == ["a", "c", "b"]
    rule_delete(actor=ops, rule=a)
    assert list(draft.rules.order_by("position").values_list("label", "position")) == [("c", 1), ("b", 2)]
    rule_update(actor=ops, rule=b, data={"outcome": "direct", "countries": ["de", "FR"]})
    b.refresh_from_db()
    assert (b.outcome, b.countries, b.segments, b.min_amount) == ("direct", ["DE", "FR"], [], None)
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"engagement.rule_moved", "engagement.rule_deleted", "engagement.rule_updated"} <= verbs


BAD_RULES = {
    "min_employees > max": ({"min_employees": 100, "max_employees": 10}, "max_employees"),
    "min_amount > max": ({"min_amount": "10", "max_amount": "1"}, "max_amount"),
    "min_revenue > max": ({"min_revenue": "10", "max_revenue": "1"}, "max_revenue"),
    "unknown country": ({"countries": ["DE", "XX"]}, "countries"),
    "unknown region": ({"regions": ["atlantis"]}, "regions"),
    "unknown segment": ({"segments": ["giant"]}, "segments"),
    "days too many": ({"protection_days": 366}, "protection_days"),
    "days zero": ({"protection_days": 0}, "protection_days"),
    "bad amount": ({"min_amount": "lots"}, "min_amount"),
    "negative employees": ({"min_employees": -1}, "min_employees"),
    "bad outcome": ({"outcome": "maybe"}, "outcome"),
    "bad currency": ({"currency": "XYZ"}, "currency"),
    "bad products": ({"product_eligibility": "some"}, "product_eligibility"),
    "direct with protection": ({"outcome": "direct", "protection_days": 30}, "protection_days"),
}


@pytest.mark.parametrize("case", BAD_RULES)
def test_rule_validation_writes_nothing(ops, draft, case):
    data, field = BAD_RULES[case]
    existing = rule_create(actor=ops, ruleset=draft, data=RULE)
    before, events = snapshot(existing), Event.objects.count()
    with pytest.raises(ValidationError) as info:
        rule_create(actor=ops, ruleset=draft, data=RULE | data)
    assert field in info.value.message_dict, info.value.message_dict
    with pytest.raises(ValidationError):
        rule_update(actor=ops, rule=existing, data=RULE | data)
    assert snapshot(existing) == before
    assert Rule.objects.count() == 1 and Event.objects.count() == events


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"default_protection_days": 0}, "default_protection_days"),
        ({"default_protection_days": 400}, "default_protection_days"),
        ({"default_protection_days": "many"}, "default_protection_days"),
        ({"tier_protection_days": {"diamond": 10}}, "tier_protection_days"),
        ({"tier_protection_days": {"gold": 500}}, "tier_protection_days"),
        ({"tie_breaker": "coin_toss"}, "tie_breaker"),
        ({"named_accounts_direct": "yes"}, "named_accounts_direct"),
    ],
)
def test_ruleset_validation_writes_nothing(ops, draft, data, field):
    before, events = snapshot(draft), Event.objects.count()
    with pytest.raises(ValidationError) as info:
        ruleset_update(actor=ops, ruleset=draft, data=data)
    assert field in info.value.message_dict
    with pytest.raises(ValidationError):
        ruleset_create_draft(actor=ops, data=data)
    assert snapshot(draft) == before and Event.objects.count() == events and RuleSet.objects.count() == 1


def test_publish_retires_the_previous_and_published_is_immutable(world, ops, draft):
    rule_create(actor=ops, ruleset=draft, data=RULE)
    ruleset_publish(actor=world.actor(world.chief), ruleset=draft)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == world.chief and draft.published_at
    rule = draft.rules.get()
    frozen_set, frozen_rule, events = snapshot(draft), snapshot(rule), Event.objects.count()
    for attempt in (
        lambda: ruleset_update(actor=ops, ruleset=draft, data={"default_protection_days": 30}),
        lambda: rule_create(actor=ops, ruleset=draft, data=RULE),
        lambda: rule_update(actor=ops, rule=rule, data=RULE | {"outcome": "direct"}),
        lambda: rule_delete(actor=ops, rule=rule),
        lambda: rule_move(actor=ops, rule=rule, offset=1),
        lambda: ruleset_publish(actor=ops, ruleset=draft),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert snapshot(draft) == frozen_set and snapshot(rule) == frozen_rule and Event.objects.count() == events

    second = ruleset_create_draft(actor=ops)
    assert second.version == 2 and second.tier_protection_days == {"gold": 120}
    copied = second.rules.get()
    assert copied.pk != rule.pk and (copied.label, copied.min_amount) == (rule.label, rule.min_amount)
    ruleset_update(actor=ops, ruleset=second, data={"default_protection_days": 60})
    ruleset_publish(actor=ops, ruleset=second)
    draft.refresh_from_db()
    second.refresh_from_db()
    assert (draft.status, second.status) == ("retired", "published")
    assert draft.default_protection_days == 90
    assert RuleSet.objects.filter(status="published").count() == 1
    assert Event.objects.filter(verb="engagement.retired", target_id=draft.pk).exists()
    assert Event.objects.filter(verb="engagement.published").count() == 2


@pytest.mark.parametrize("who", ["cam", "marketing", "admin_a", "rep_a"])
def test_only_chief_and_ops_manage(world, ops, draft, who):
    actor = world.actor(getattr(world, who))
    rule = rule_create(actor=ops, ruleset=draft, data=RULE)
    before, events = snapshot(draft), Event.objects.count()
    for attempt in (
        lambda: ruleset_create_draft(actor=actor),
        lambda: ruleset_update(actor=actor, ruleset=draft, data={"notes": "x"}),
        lambda: rule_create(actor=actor, ruleset=draft, data=RULE),
        lambda: rule_update(actor=actor, rule=rule, data=RULE),
        lambda: rule_delete(actor=actor, rule=rule),
        lambda: rule_move(actor=actor, rule=rule, offset=1),
        lambda: ruleset_publish(actor=actor, ruleset=draft),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert snapshot(draft) == before and Event.objects.count() == events
