"""Criteria versions: draft → published → retired per program, a published version never changes, a new
draft copies it; requirements refused with a code change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.actor import system_actor
from core.models import Event
from core.testing import snapshot
from tiers import services
from tiers.models import CriteriaVersion, Requirement
from tiers.rules import allowed_actions
from tiers.tests.helpers import criteria, default_program

pytestmark = pytest.mark.django_db


def ops(world):
    return world.actor(world.ops)


def codes(error: ValidationError) -> set[str | None]:
    if hasattr(error, "error_dict"):
        return {e.code for items in error.error_dict.values() for e in items}
    return {error.code}


def test_a_published_version_never_changes_and_a_new_draft_copies_it(world):
    published = criteria()
    assert published.status == "published"
    assert allowed_actions(ops(world), published) == ["new_draft", "simulate"]
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(
            actor=ops(world),
            criteria=published,
            data={"tier": "platinum", "metric": "deals.won_revenue", "threshold": "5000000"},
        )
    assert codes(refused.value) == {"not_draft"}

    draft = services.criteria_create_draft(actor=ops(world), program=default_program())
    assert (draft.version, draft.status) == (published.version + 1, "draft")
    copied = sorted(draft.requirements.values_list("tier", "metric", "threshold"))
    assert copied == sorted(published.requirements.values_list("tier", "metric", "threshold"))

    services.criteria_publish(actor=ops(world), criteria=draft)
    published.refresh_from_db()
    assert published.status == "retired"
    assert CriteriaVersion.objects.get(program=default_program(), status="published") == draft
    assert Event.objects.filter(verb="tier_criteria.retired", target_id=published.pk).exists()


def test_one_draft_per_program(world):
    criteria(publish=False)
    before = CriteriaVersion.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.criteria_create_draft(actor=ops(world), program=default_program())
    assert codes(refused.value) == {"draft_exists"}
    assert CriteriaVersion.objects.count() == before


def test_a_draft_without_requirements_is_not_published(world):
    draft = services.criteria_create_draft(actor=ops(world), program=default_program())
    with pytest.raises(ValidationError) as refused:
        services.criteria_publish(actor=ops(world), criteria=draft)
    assert codes(refused.value) == {"no_requirements"}
    assert CriteriaVersion.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"tier": "registered", "metric": "deals.won_revenue", "threshold": "1"}, "lowest_tier"),
        ({"tier": "gold", "metric": "deals.won_revenue", "threshold": "2"}, "duplicate_requirement"),
        ({"tier": "gold", "metric": "nobody.knows", "threshold": "1"}, "invalid_choice"),
        ({"tier": "gold", "metric": "learning.certified_for", "threshold": "1"}, "parameter_required"),
        (
            {"tier": "gold", "metric": "learning.certified_for", "parameter": "nope", "threshold": "1"},
            "unknown_parameter",
        ),
        ({"tier": "gold", "metric": "deals.won_revenue", "parameter": "x", "threshold": "1"}, "no_parameter"),
        ({"tier": "gold", "metric": "learning.certified_people", "threshold": "2.5"}, "not_whole"),
        (
            {"tier": "gold", "metric": "learning.certified_people", "threshold": "2", "window_days": 30},
            "no_window",
        ),
        ({"tier": "gold", "metric": "deals.won_revenue", "threshold": "-1"}, "invalid"),
    ],
)
def test_refused_requirements_change_nothing(world, data, code):
    draft = criteria(publish=False)
    before = snapshot(draft)
    rows = list(Requirement.objects.filter(criteria=draft).values())
    events = Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(actor=ops(world), criteria=draft, data=data)
    assert code in codes(refused.value)
    assert snapshot(draft) == before
    assert list(Requirement.objects.filter(criteria=draft).values()) == rows
    assert Event.objects.count() == events


def test_a_tier_the_program_does_not_have_is_refused(world):
    from programs.models import ProgramTier

    ProgramTier.objects.filter(program=default_program(), tier="platinum").delete()
    draft = criteria(publish=False)
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(
            actor=ops(world),
            criteria=draft,
            data={"tier": "platinum", "metric": "deals.won_revenue", "threshold": "1"},
        )
    assert codes(refused.value) == {"tier_not_in_program"}


def test_only_ops_and_the_chief_keep_criteria(world):
    for user in (world.cam, world.marketing, world.admin_a):
        with pytest.raises(PermissionDenied):
            services.criteria_create_draft(actor=world.actor(user), program=default_program())
    assert not CriteriaVersion.objects.exists()
    assert services.criteria_create_draft(actor=world.actor(world.chief), program=default_program())


def test_requirement_update_and_delete_record_events(world):
    draft = criteria(publish=False)
    requirement = draft.requirements.get(tier="silver")
    services.requirement_update(
        actor=ops(world),
        requirement=requirement,
        data={"tier": "silver", "metric": "deals.won_revenue", "threshold": "150000", "window_days": 180},
    )
    requirement.refresh_from_db()
    assert (requirement.threshold, requirement.window_days) == (150000, 180)
    assert str(requirement) == "won revenue at least 150,000 USD over the last 180 days"
    updated = Event.objects.get(verb="tier_criteria.requirement_updated")
    assert updated.after["requirement"] == "won revenue at least 150,000 USD over the last 180 days"
    services.requirement_delete(actor=ops(world), requirement=requirement)
    assert not Requirement.objects.filter(pk=requirement.pk).exists()
    assert Event.objects.filter(verb="tier_criteria.requirement_deleted").exists()


def test_the_system_publishes_through_the_same_rules(world):
    draft = criteria(publish=False)
    services.criteria_publish(actor=system_actor(), criteria=draft)
    with pytest.raises(ValidationError):
        services.criteria_publish(actor=system_actor(), criteria=draft)
