"""The one machinery of versioned rule sets (`core.versions`, `core.version_pages`), seen through the two apps
that set it up: each keeps its own names, addresses, permission and texts on the shared writes and pages."""

from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.events import EVENT_TEXTS
from core.models import Event
from core.versions import TierValuesField, VersionAction, VersionStatus
from engagement.models import RuleSet
from engagement.rules import VERSIONS as ENGAGEMENT
from leads.models import RoutingRuleSet
from leads.routing.rules import VERSIONS as ROUTING


def test_each_app_keeps_its_constraint_names():
    names = {c.name for c in RuleSet._meta.constraints} | {c.name for c in RoutingRuleSet._meta.constraints}
    assert names == {
        "engagement_one_published",
        "engagement_one_draft",
        "engagement_one_number",  # versions are numbered per program
        "routing_one_published",
        "routing_one_draft",
    }


def test_each_app_keeps_its_addresses_and_their_argument_names():
    version, rule = "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"
    assert reverse("engagement:version_publish", kwargs={"ruleset_id": version}) == (
        f"/engagement/versions/{version}/publish/"
    )
    assert reverse("engagement:rule_move", kwargs={"rule_id": rule}) == f"/engagement/rules/{rule}/move/"
    assert reverse("leads:routing_version_edit", kwargs={"routing_version_id": version}) == (
        f"/leads/routing/versions/{version}/edit/"
    )
    assert reverse("leads:routing_rule_delete", kwargs={"routing_rule_id": rule}) == (
        f"/leads/routing/rules/{rule}/delete/"
    )


def test_every_step_is_registered_under_each_apps_verbs():
    for prefix in ("engagement", "lead_routing"):
        for step in ("draft_created", "rule_moved", "published", "retired"):
            assert f"{prefix}.{step}" in EVENT_TEXTS
    assert EVENT_TEXTS["lead_routing.published"].implied == ("status",)


def test_staff_only_refuses_a_partner_user_whatever_their_permissions():
    """Routing is staff only; engagement asks its permission alone (no database read for EDIT)."""
    partner_user = SimpleNamespace(is_staff=False, can=lambda permission: True)
    draft = SimpleNamespace(status=VersionStatus.DRAFT, version=3)
    assert isinstance(ROUTING.refusal(partner_user, draft, VersionAction.EDIT), PermissionDenied)
    assert ENGAGEMENT.refusal(partner_user, draft, VersionAction.EDIT) is None


def test_each_app_keeps_its_draft_exists_text():
    assert ENGAGEMENT.draft_exists().messages != ROUTING.draft_exists().messages
    assert ENGAGEMENT.draft_exists().code == ROUTING.draft_exists().code == "draft_exists"


def _per_tier() -> TierValuesField:
    return TierValuesField(
        tiers=[("gold", "Gold"), ("silver", "Silver")],
        number_field=lambda label, *, required, help_text="": forms.IntegerField(
            label=label, required=required, min_value=1, help_text=help_text
        ),
        not_a_mapping="A mapping, please.",
        page_label="Days for %(tier)s",
        page_help="Empty: the default.",
        api_type=dict[str, int],
        required=False,
    )


def test_tier_values_keep_the_tiers_order_and_drop_empty_ones():
    assert _per_tier().clean({"silver": "2", "gold": 5}) == {"gold": 5, "silver": 2}
    assert _per_tier().clean({"gold": ""}) == {}
    assert list(_per_tier().page_fields()) == ["tier_gold", "tier_silver"]
    assert _per_tier().page_fields()["tier_gold"].label == "Days for Gold"


@pytest.mark.parametrize(
    ("value", "code"), [("7", "invalid"), ({"platinum": 1}, "invalid_choice"), ({"gold": 0}, "min_value")]
)
def test_tier_values_refuse_with_a_code(value, code):
    with pytest.raises(ValidationError) as refused:
        _per_tier().clean(value)
    assert refused.value.error_list[0].code == code


@pytest.mark.django_db
def test_a_draft_is_copied_published_and_retires_the_previous_under_the_apps_verbs(world):
    from leads.routing.services import rule_create, rule_move, ruleset_create_draft, ruleset_publish

    ops = world.actor(world.ops)
    first = ruleset_create_draft(actor=ops, data={"default_sla_hours": 24})
    rule_create(actor=ops, ruleset=first, data={"name": "Europe", "lead_regions": ["europe"]})
    moved = rule_create(actor=ops, ruleset=first, data={"name": "Direct", "direct": True})
    rule_move(actor=ops, rule=moved, offset=-1)
    ruleset_publish(actor=ops, ruleset=first)
    second = ruleset_create_draft(actor=ops)
    assert (second.version, second.default_sla_hours) == (first.version + 1, 24)
    assert list(second.rules.values_list("name", "position")) == [("Direct", 1), ("Europe", 2)]
    ruleset_publish(actor=ops, ruleset=second)

    first.refresh_from_db()
    assert (first.status, RoutingRuleSet.objects.get(status="published")) == ("retired", second)
    verbs = list(
        Event.objects.filter(verb__startswith="lead_routing.").order_by("pk").values_list("verb", flat=True)
    )
    assert verbs == [
        "lead_routing.draft_created",
        "lead_routing.rule_added",
        "lead_routing.rule_added",
        "lead_routing.rule_moved",
        "lead_routing.published",
        "lead_routing.draft_created",
        "lead_routing.retired",
        "lead_routing.published",
    ]
    moved_event = Event.objects.get(verb="lead_routing.rule_moved")
    assert moved_event.after == {"position": 1, "name": "Direct"}
