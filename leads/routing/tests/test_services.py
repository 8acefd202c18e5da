"""Routing for real: offers written with their explanation, the partner's answer, reassignment, hand
assignment, the SLA task, and the routing rules' versions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.testing import make_partner
from core.models import Event
from core.testing import snapshot
from leads.models import Lead, LeadAssignment, RoutingRule, RoutingRuleSet
from leads.routing.explain import render_text
from leads.routing.services import (
    accept_lead,
    assign_lead,
    decline_lead,
    route_lead,
    route_leads,
    rule_create,
    rule_delete,
    rule_move,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
    sla_sweep,
)
from leads.routing.tasks import sla_sweep as sla_task
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(make_ruleset):
    """Europe's leads to partners in the lead's region, two open leads each; 24 hours for gold partners."""
    return make_ruleset({"name": "Europe", "capacity": 2}, tier_sla_hours={"gold": 24}, default_sla_hours=48)


def offered_to(lead):
    lead.refresh_from_db()
    return lead.partner.name if lead.partner else None


def test_route_lead_offers_it_with_an_explanation_and_a_deadline(world, rules, make_lead, cam):
    world.partner_a.tier = "gold"
    world.partner_a.save()
    lead = make_lead()
    before = timezone.now()
    decision = route_lead(actor=cam, lead=lead)
    lead.refresh_from_db()
    assert decision.partner.name == "Alpha Systems" == offered_to(lead)
    assert (lead.destination, lead.status) == ("channel", "new")
    assert before + timedelta(hours=24) <= lead.accept_by <= timezone.now() + timedelta(hours=24)
    assignment = LeadAssignment.objects.get(lead=lead)
    assert (assignment.outcome, assignment.method, assignment.ruleset) == ("pending", "rules", rules)
    assert assignment.accept_by == lead.accept_by
    assert render_text(assignment.explanation).startswith("Europe, Retail; rule 1 “Europe”; 1 of 2 open")
    event = Event.objects.get(verb="lead.assigned", target_id=lead.pk)
    assert event.partner == world.partner_a


def test_offers_are_notified_to_the_partners_people_after_commit(
    world, rules, make_lead, cam, django_capture_on_commit_callbacks
):
    lead = make_lead()
    with django_capture_on_commit_callbacks(execute=True):
        route_lead(actor=cam, lead=lead)
    told = set(Notification.objects.filter(verb="lead.offered").values_list("user__email", flat=True))
    assert told == {"admin@alpha.test", "rep@alpha.test"}


def test_route_leads_in_bulk_spreads_by_capacity_and_leaves_the_rest_unrouted(world, rules, make_lead, ops):
    leads = [make_lead(company_name=f"Lead {n}") for n in range(6)]
    outcome = route_leads(actor=ops, leads=leads)
    # Alpha Systems, Delta Distribution and Rho Retail are in Europe; two each.
    assert (outcome.routed, outcome.unrouted, outcome.direct) == (6, 0, 0)
    extra = make_lead(company_name="One too many")
    outcome = route_leads(actor=ops, leads=[extra])
    assert outcome.unrouted == 1
    extra.refresh_from_db()
    assert (extra.destination, extra.partner) == ("unrouted", None)
    event = Event.objects.get(verb="lead.unrouted", target_id=extra.pk)
    assert event.partner is None  # staff only
    assert render_text(event.after["explanation"]) == (
        "rule 1 “Europe”: all 3 eligible partners are at capacity"
    )


def test_routing_needs_published_rules_and_the_assign_permission(world, make_lead, cam):
    lead = make_lead()
    with pytest.raises(ValidationError) as refused:
        route_lead(actor=cam, lead=lead)
    assert refused.value.code == "no_published_rules"
    with pytest.raises(PermissionDenied):
        route_leads(actor=world.actor(world.admin_a), leads=[lead])
    assert not LeadAssignment.objects.exists()


def test_accept(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    accept_lead(actor=world.actor(world.rep_a), lead=lead)
    lead.refresh_from_db()
    assert lead.status == "accepted" and lead.accepted_at is not None
    assignment = LeadAssignment.objects.get(lead=lead)
    assert (assignment.outcome, assignment.decided_by) == ("accepted", world.rep_a)
    assert Event.objects.filter(verb="lead.accepted", partner=world.partner_a).count() == 1
    with pytest.raises(ValidationError) as again:
        accept_lead(actor=world.actor(world.rep_a), lead=lead)
    assert again.value.code == "not_awaiting_acceptance"


def test_another_partner_cannot_answer_an_offer(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    before = snapshot(lead)
    with pytest.raises(Http404):
        accept_lead(actor=world.actor(world.admin_b), lead=lead)
    with pytest.raises(Http404):
        decline_lead(actor=world.actor(world.admin_b), lead=lead, reason="poor_fit")
    assert snapshot(lead) == before
    assert not Event.objects.filter(verb__in=["lead.accepted", "lead.declined"]).exists()


def test_decline_reassigns_at_once_never_back_and_hides_the_decline(world, make_ruleset, make_lead, cam):
    make_ruleset({"name": "Anywhere", "territory": "any", "partner_types": ["reseller"]})
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    first = offered_to(lead)
    first_partner = world.partner_a if first == "Alpha Systems" else world.partner_b
    first_admin = world.admin_a if first == "Alpha Systems" else world.admin_b
    declined = decline_lead(actor=world.actor(first_admin), lead=lead, reason="no_capacity", note="Busy")
    assert (declined.outcome, declined.decline_reason, declined.decline_note) == (
        "declined",
        "no_capacity",
        "Busy",
    )
    second = offered_to(lead)
    assert second not in (None, first)
    new_offer = LeadAssignment.objects.get(lead=lead, outcome="pending")
    assert new_offer.method == "reassigned"
    assert "offered again: the previous partner declined it" in render_text(new_offer.explanation)
    assert first not in render_text(new_offer.explanation)
    # The second partner reads its own offer only, and no trace of the decline.
    second_admin = world.admin_b if first == "Alpha Systems" else world.admin_a
    reader = world.actor(second_admin)
    assert list(LeadAssignment.objects.visible_to(reader).filter(lead=lead)) == [new_offer]
    assert not Event.objects.visible_to(reader).filter(verb="lead.declined").exists()
    # The decliner no longer reads the lead, only its own decline.
    decliner = world.actor(first_admin)
    assert not Lead.objects.visible_to(decliner).filter(pk=lead.pk).exists()
    assert list(LeadAssignment.objects.visible_to(decliner).filter(lead=lead)) == [declined]
    # The second declines too: nobody is left (never back to the first).
    decline_lead(actor=reader, lead=lead, reason="poor_fit")
    lead.refresh_from_db()
    assert (lead.destination, lead.partner_id) == ("unrouted", None)
    assert LeadAssignment.objects.filter(lead=lead, partner=first_partner).count() == 1


def test_decline_needs_a_known_reason(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    before = snapshot(lead)
    with pytest.raises(ValidationError):
        decline_lead(actor=world.actor(world.admin_a), lead=lead, reason="bored")
    assert snapshot(lead) == before


def test_assign_by_hand_with_a_reason(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    assignment = assign_lead(actor=cam, lead=lead, partner=world.partner_b, reason="Knows the customer")
    lead.refresh_from_db()
    assert lead.partner == world.partner_b and lead.status == "new"
    assert (assignment.method, assignment.reason, assignment.assigned_by) == (
        "manual",
        "Knows the customer",
        world.cam,
    )
    assert render_text(assignment.explanation).startswith("assigned by hand by Cam Manager")
    assert LeadAssignment.objects.get(lead=lead, partner=world.partner_a).outcome == "withdrawn"
    # What the new partner reads of it never names the partner that held the lead before.
    reader = world.actor(world.admin_b)
    for event in Event.objects.visible_to(reader).filter(target_id=lead.pk):
        assert "Alpha" not in str(event.before) + str(event.after)
    assert list(LeadAssignment.objects.visible_to(reader).filter(lead=lead)) == [assignment]


def test_route_lead_refuses_a_closed_lead(world, rules, make_lead, cam):
    lead = make_lead(status="lost")
    with pytest.raises(ValidationError) as refused:
        route_lead(actor=cam, lead=lead)
    assert refused.value.code == "lead_closed"
    assert not LeadAssignment.objects.exists()


def test_assign_by_hand_refusals(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    decline_lead(actor=world.actor(world.admin_a), lead=lead, reason="poor_fit")
    lead.refresh_from_db()
    before, offers = snapshot(lead), LeadAssignment.objects.count()
    inactive = make_partner("Sleepy", status="offboarded")
    cases = [
        (world.partner_a, "partner_not_eligible"),  # declined it
        (inactive, "partner_not_eligible"),
    ]
    if lead.partner is not None:
        cases.append((lead.partner, "already_offered"))
    for partner, code in cases:
        with pytest.raises(ValidationError) as refused:
            assign_lead(actor=cam, lead=lead, partner=partner, reason="Because")
        assert refused.value.error_dict["partner"][0].code == code
    with pytest.raises(ValidationError) as no_reason:
        assign_lead(actor=cam, lead=lead, partner=world.partner_b, reason="  ")
    assert "reason" in no_reason.value.error_dict
    with pytest.raises(PermissionDenied):
        assign_lead(actor=world.actor(world.marketing), lead=lead, partner=world.partner_b, reason="x")
    assert snapshot(lead) == before and LeadAssignment.objects.count() == offers


def test_sla_lapses_reassigns_and_is_idempotent(world, make_ruleset, make_lead, cam):
    make_ruleset(
        {"name": "Anywhere", "territory": "any", "partner_types": ["reseller"]}, default_sla_hours=10
    )
    lead = make_lead()
    route_lead(actor=cam, lead=lead)
    first = offered_to(lead)
    later = timezone.now() + timedelta(hours=11)
    assert sla_sweep(now=later) == {"reminded": 0, "lapsed": 1}
    second = offered_to(lead)
    assert second not in (None, first)
    lapsed = LeadAssignment.objects.get(lead=lead, outcome="lapsed")
    assert lapsed.partner.name == first
    assert Event.objects.filter(verb="lead.lapsed", partner=lapsed.partner).count() == 1
    new_offer = LeadAssignment.objects.get(lead=lead, outcome="pending")
    assert "did not accept it in time" in render_text(new_offer.explanation)
    # Running again changes nothing (the new offer is not due yet).
    assert sla_sweep(now=later) == {"reminded": 0, "lapsed": 0}
    assert LeadAssignment.objects.filter(lead=lead).count() == 2
    # The second lapses too: nobody is left, never back to the first.
    assert sla_sweep(now=later + timedelta(hours=11))["lapsed"] == 1
    lead.refresh_from_db()
    assert (lead.destination, lead.partner_id, lead.accept_by) == ("unrouted", None, None)
    assert sla_sweep(now=later + timedelta(hours=30))["lapsed"] == 0


def test_reminder_once_when_a_quarter_of_the_time_is_left(world, rules, make_lead, cam):
    lead = make_lead()
    route_lead(actor=cam, lead=lead)  # 48 hours
    now = timezone.now()
    assert sla_sweep(now=now + timedelta(hours=30))["reminded"] == 0
    assert sla_sweep(now=now + timedelta(hours=37))["reminded"] == 1
    assert sla_sweep(now=now + timedelta(hours=40))["reminded"] == 0
    told = Notification.objects.filter(verb="lead.reminder")
    assert set(told.values_list("user__email", flat=True)) == {"admin@alpha.test", "rep@alpha.test"}
    assert told.count() == 2


def test_the_periodic_task_is_registered_and_runs(world, rules):
    from scheduling.scheduler import registered_jobs

    job = next(j for j in registered_jobs() if j.name == "leads.routing_sla")
    assert (job.task, job.every_minutes) == ("leads.routing.tasks.sla_sweep", 10)
    result = sla_task.enqueue()
    assert result.return_value == {"reminded": 0, "lapsed": 0}


# --- the rules' versions --------------------------------------------------------------------------------


RULE = {"name": "Retail in Europe", "lead_regions": ["europe"], "lead_verticals": ["retail"]}


def test_draft_rules_publish_and_a_published_set_never_changes(ops):
    draft = ruleset_create_draft(actor=ops, data={"tier_sla_hours": {"gold": 24}})
    assert (draft.version, draft.status, draft.default_sla_hours, draft.tier_sla_hours) == (
        1,
        "draft",
        48,
        {"gold": 24},
    )
    a = rule_create(actor=ops, ruleset=draft, data=RULE)
    b = rule_create(actor=ops, ruleset=draft, data={"name": "Direct", "direct": True})
    rule_move(actor=ops, rule=b, offset=-1)
    assert list(draft.rules.order_by("position").values_list("name", flat=True)) == [
        "Direct",
        "Retail in Europe",
    ]
    rule_update(actor=ops, rule=a, data=RULE | {"lead_countries": "de, fr", "capacity": 5})
    a.refresh_from_db()
    assert (a.lead_countries, a.capacity, a.territory) == (["DE", "FR"], 5, "region")
    ruleset_update(actor=ops, ruleset=draft, data={"default_capacity": 3})
    ruleset_publish(actor=ops, ruleset=draft)
    draft.refresh_from_db()
    assert draft.status == "published"
    with pytest.raises(ValidationError) as frozen:
        rule_update(actor=ops, rule=a, data=RULE)
    assert frozen.value.code == "not_draft"
    with pytest.raises(ValidationError):
        rule_delete(actor=ops, rule=a)
    second = ruleset_create_draft(actor=ops)
    assert list(second.rules.order_by("position").values_list("name", flat=True)) == [
        "Direct",
        "Retail in Europe",
    ]
    with pytest.raises(ValidationError) as one_draft:
        ruleset_create_draft(actor=ops)
    assert one_draft.value.code == "draft_exists"
    ruleset_publish(actor=ops, ruleset=second)
    assert list(RoutingRuleSet.objects.order_by("version").values_list("status", flat=True)) == [
        "retired",
        "published",
    ]
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {
        "lead_routing.rule_added",
        "lead_routing.rule_moved",
        "lead_routing.published",
        "lead_routing.retired",
    } <= verbs


def test_rule_validation_and_permissions(world, ops):
    draft = ruleset_create_draft(actor=ops)
    bad = [
        {"name": ""},
        RULE | {"lead_regions": ["atlantis"]},
        RULE | {"lead_countries": ["XX"]},
        RULE | {"partner_tiers": ["diamond"]},
        RULE | {"territory": "planet"},
        RULE | {"lead_attributes": [{"key": "nope", "op": "eq", "value": "x"}]},
        RULE | {"capacity": 0},
    ]
    for data in bad:
        with pytest.raises(ValidationError):
            rule_create(actor=ops, ruleset=draft, data=data)
    assert not RoutingRule.objects.exists()
    with pytest.raises(PermissionDenied):
        rule_create(actor=world.actor(world.cam), ruleset=draft, data=RULE)
    with pytest.raises(PermissionDenied):
        ruleset_create_draft(actor=world.actor(world.admin_a))


def test_attribute_conditions_are_checked_against_the_definitions(ops):
    from leads.models import LeadAttribute

    LeadAttribute.objects.create(key="employees", label_en="Employees", kind="number")
    LeadAttribute.objects.create(key="industry", label_en="Industry", kind="text")
    draft = ruleset_create_draft(actor=ops)
    rule = rule_create(
        actor=ops,
        ruleset=draft,
        data=RULE | {"lead_attributes": "employees gte 500\nindustry in retail, sports"},
    )
    assert rule.lead_attributes == [
        {"key": "employees", "op": "gte", "value": "500"},
        {"key": "industry", "op": "in", "value": ["retail", "sports"]},
    ]
    with pytest.raises(ValidationError):
        rule_create(actor=ops, ruleset=draft, data=RULE | {"lead_attributes": "industry gte 3"})


def _queries_to_route(django_assert_num_queries, ops, leads) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        route_leads(actor=ops, leads=leads)
    # SQLite saves the leads going to each partner with an UPDATE (PostgreSQL: one); the rest is fixed.
    return sum(1 for q in captured if not q["sql"].startswith('UPDATE "leads_lead"'))


def test_routing_reads_partners_and_their_record_in_a_fixed_number_of_queries(
    world, make_ruleset, make_lead, ops, django_assert_num_queries
):
    make_ruleset({"name": "Anywhere", "territory": "any", "capacity": 50})
    route_leads(actor=ops, leads=[make_lead()])  # what is read once per process (content types)
    few = _queries_to_route(django_assert_num_queries, ops, [make_lead() for _ in range(2)])
    for n in range(10):
        partner = make_partner(f"More {n}", verticals=["retail"])
        old = make_lead(company_name=f"Old {n}", partner=partner, destination="channel", status="converted")
        LeadAssignment.objects.create(
            lead=old, partner=partner, outcome="accepted", decided_at=timezone.now()
        )
    many = _queries_to_route(django_assert_num_queries, ops, [make_lead() for _ in range(20)])
    assert many == few
