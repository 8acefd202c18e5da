"""The engine: eligibility per dimension, capacity, ranking by performance, round-robin, explanations."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from accounts.testing import make_member, make_partner
from leads.models import Lead, LeadAssignment
from leads.routing.engine import Router, attribute_holds, lead_facts
from leads.routing.explain import render_text
from learning.models import Certification, CertificationAward
from partners.choices import Region
from partners.models import Partner

pytestmark = pytest.mark.django_db


def route(ruleset, *leads):
    return Router(ruleset).route(lead_facts(list(leads)))


def partner_of(decision):
    return decision.partner.name if decision.partner else None


@pytest.fixture
def europe(db):
    """Three active European partners, one offboarded, and one in North America."""
    return {
        "alpha": make_partner("Alpha", tier="gold", verticals=["retail"]),
        "beta": make_partner("Beta", tier="silver", verticals=["healthcare"], partner_type="dealer"),
        "gamma": make_partner("Gamma", country="FR", city="Paris", verticals=["retail"]),
        "gone": make_partner("Gone", status="offboarded", verticals=["retail"]),
        "usa": make_partner("Usa", region=Region.NORTH_AMERICA, country="US", verticals=["retail"]),
    }


def test_only_active_partners_in_the_leads_region(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({})
    decisions = route(ruleset, *[make_lead() for _ in range(6)])
    assert {partner_of(d) for d in decisions} == {"Alpha", "Beta", "Gamma"}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"partner_types": ["dealer"]}, {"Beta"}),
        ({"partner_tiers": ["gold"]}, {"Alpha"}),
        ({"territory": "country"}, {"Alpha", "Beta"}),  # the lead is in DE; Gamma in FR
        ({"territory": "any"}, {"Alpha", "Beta", "Gamma", "Usa"}),
        ({"partner_verticals": True}, {"Alpha", "Gamma"}),
    ],
)
def test_partner_eligibility(europe, make_ruleset, make_lead, rule, expected):
    ruleset = make_ruleset(rule)
    decisions = route(ruleset, *[make_lead() for _ in range(8)])
    assert {partner_of(d) for d in decisions} == expected


def test_certifications_held_by_someone_of_the_partner_valid_ones_only(europe, make_ruleset, make_lead):
    certification = Certification.objects.create(title_en="Retail expert")
    now = timezone.now()
    person = make_member(europe["beta"], "b@beta.test")
    expired = make_member(europe["alpha"], "a@alpha.test")
    CertificationAward.objects.create(
        user=person, partner=europe["beta"], certification=certification, awarded_at=now
    )
    CertificationAward.objects.create(
        user=expired,
        partner=europe["alpha"],
        certification=certification,
        awarded_at=now - timedelta(days=400),
        expires_at=now - timedelta(days=1),
    )
    ruleset = make_ruleset({"certifications": [certification.pk]})
    decisions = route(ruleset, make_lead(), make_lead())
    assert {partner_of(d) for d in decisions} == {"Beta"}
    assert "certified: Retail expert" in render_text(decisions[0].explanation)


@pytest.mark.parametrize(
    ("condition", "lead", "takes"),
    [
        ({"lead_regions": ["europe"]}, {}, True),
        ({"lead_regions": ["apac"]}, {}, False),
        ({"lead_countries": ["FR"]}, {}, False),
        ({"lead_verticals": ["retail"]}, {}, True),
        ({"lead_verticals": ["healthcare"]}, {}, False),
    ],
)
def test_lead_conditions(europe, make_ruleset, make_lead, condition, lead, takes):
    ruleset = make_ruleset(condition)
    decision = route(ruleset, make_lead(**lead))[0]
    assert decision.routed is takes
    if not takes:
        assert render_text(decision.explanation) == "no rule takes this lead"


def test_attribute_conditions():
    attributes = {"employees": 500, "industry": "retail", "since": "2024-05-01", "public": True}
    assert attribute_holds(attributes, {"key": "employees", "op": "gte", "value": "500"})
    assert not attribute_holds(attributes, {"key": "employees", "op": "lte", "value": 499})
    assert attribute_holds(attributes, {"key": "industry", "op": "in", "value": ["sports", "Retail"]})
    assert attribute_holds(attributes, {"key": "since", "op": "gte", "value": "2024-01-01"})
    assert attribute_holds(attributes, {"key": "public", "op": "eq", "value": "true"})
    assert not attribute_holds(attributes, {"key": "missing", "op": "eq", "value": "x"})
    assert not attribute_holds(attributes, {"key": "industry", "op": "gte", "value": 3})


def test_products_of_interest(europe, make_ruleset, make_lead):
    from catalog.models import Product, ProductFamily

    family = ProductFamily.objects.create(name="Bikes")
    bike = Product.objects.create(name="Road-150", sku="R150", list_price=100, family=family)
    other = Product.objects.create(name="Helmet", sku="H1", list_price=10, family=family)
    ruleset = make_ruleset({"lead_products": [bike.pk]})
    wants_bike, wants_other = make_lead(), make_lead()
    wants_bike.products.add(bike)
    wants_other.products.add(other)
    taken, left = route(ruleset, wants_bike, wants_other)
    assert taken.routed and not left.routed
    assert "interested in Road-150" in render_text(taken.explanation)


def test_direct_rule_wins_at_once(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"lead_verticals": ["retail"], "direct": True}, {})
    decision = route(ruleset, make_lead())[0]
    assert decision.destination == "direct" and decision.partner is None
    assert render_text(decision.explanation) == "rule 1 “Rule 1”; sent to direct sales"


def test_capacity_counts_open_leads_and_the_batch(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"partner_tiers": ["gold"], "capacity": 2})
    Lead.objects.create(
        company_name="Held", partner=europe["alpha"], destination="channel", status="accepted"
    )
    Lead.objects.create(
        company_name="Won", partner=europe["alpha"], destination="channel", status="converted"
    )
    first, second = route(ruleset, make_lead(), make_lead())
    assert partner_of(first) == "Alpha" and "2 of 2 open" in render_text(first.explanation)
    assert not second.routed
    assert render_text(second.explanation) == "rule 1 “Rule 1”: the eligible partner has no room"


def test_a_full_rule_leaves_the_lead_to_the_next_rule(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"partner_tiers": ["gold"], "capacity": 1}, {"partner_types": ["dealer"]})
    first, second = route(ruleset, make_lead(), make_lead())
    assert (partner_of(first), partner_of(second)) == ("Alpha", "Beta")


def test_round_robin_among_equals_least_recently_assigned_first(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({})
    earlier = timezone.now() - timedelta(days=3)
    old_lead = make_lead(status="lost")
    for name, days in (("alpha", 1), ("beta", 2), ("gamma", 3)):
        assignment = LeadAssignment.objects.create(lead=old_lead, partner=europe[name], outcome="withdrawn")
        LeadAssignment.objects.filter(pk=assignment.pk).update(created_at=earlier + timedelta(hours=days))
    decisions = route(ruleset, *[make_lead() for _ in range(4)])
    assert [partner_of(d) for d in decisions] == ["Alpha", "Beta", "Gamma", "Alpha"]
    assert "next in rotation" in render_text(decisions[0].explanation)


def _history(partner, *, converted, lost, vertical="retail"):
    for n in range(converted + lost):
        status = "converted" if n < converted else "lost"
        Lead.objects.create(
            company_name=f"Old {n}",
            partner=partner,
            destination="channel",
            status=status,
            vertical=vertical,
            region="europe",
            closed_at=timezone.now() - timedelta(days=10),
        )


def test_better_converters_first_smoothed_so_new_partners_are_not_starved(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"capacity": 1, "partner_types": ["reseller"]}, {"partner_types": ["dealer"]})
    _history(europe["alpha"], converted=1, lost=9)  # 10% of retail leads
    make_partner("Delta", verticals=["retail"])
    _history(Partner.objects.get(name="Delta"), converted=8, lost=2)  # 80%
    decisions = route(ruleset, make_lead(), make_lead(), make_lead())
    # Delta first; Gamma, new, ranks at the average (45%), ahead of Alpha's poor record.
    assert [partner_of(d) for d in decisions] == ["Delta", "Gamma", "Alpha"]
    assert "converts 80% of leads like this (10 in this vertical)" in render_text(decisions[0].explanation)
    assert "no closed leads yet: ranked at the average conversion of 45%" in render_text(
        decisions[1].explanation
    )


def test_recent_similar_declines_are_a_penalty(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"partner_verticals": True, "capacity": 1})  # Alpha and Gamma, equal records
    for n in range(3):
        declined = make_lead(company_name=f"Declined {n}")
        LeadAssignment.objects.create(
            lead=declined, partner=europe["alpha"], outcome="declined", decided_at=timezone.now()
        )
    decisions = route(ruleset, make_lead(), make_lead())
    assert partner_of(decisions[0]) == "Gamma"
    alpha = next(d for d in decisions if partner_of(d) == "Alpha")
    assert "declined 3 similar leads lately" in render_text(alpha.explanation)


def test_never_back_to_a_partner_that_declined_or_let_it_lapse(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"partner_verticals": True})
    lead = make_lead()
    LeadAssignment.objects.create(lead=lead, partner=europe["alpha"], outcome="declined")
    LeadAssignment.objects.create(lead=lead, partner=europe["gamma"], outcome="lapsed")
    decision = route(ruleset, lead)[0]
    assert not decision.routed
    assert "already declined it or let it lapse" in render_text(decision.explanation)


def test_explanation_in_both_languages(europe, make_ruleset, make_lead):
    ruleset = make_ruleset({"partner_tiers": ["gold"]}, tier_sla_hours={"gold": 24})
    decision = route(ruleset, make_lead())[0]
    english = render_text(decision.explanation)
    assert english.startswith("Europe, Retail; rule 1 “Rule 1”; 1 of 10 open; no closed leads yet")
    assert english.endswith("accept within 24 hours")
    with translation.override("ru"):
        russian = render_text(decision.explanation)
    assert russian.startswith("Европа, Розничная торговля; ")
    assert "10" in russian and "24" in russian


def test_no_published_rules():
    decision = Router(None).route(lead_facts([Lead(pk=1, company_name="x")]))[0]
    assert not decision.routed and render_text(decision.explanation) == "no routing rules are published"


def test_a_higher_routing_priority_is_offered_first_and_said_so(europe, make_ruleset, make_lead, world):
    from programs.models import PartnerProgram, ProgramTier
    from programs.services import membership_join

    program = PartnerProgram.objects.get(is_default=True)
    ProgramTier.objects.filter(program=program, tier="silver").update(routing_priority=2)
    ProgramTier.objects.filter(program=program, tier="gold").update(routing_priority=1)
    ops = world.actor(world.ops)
    membership_join(actor=ops, program=program, partner=europe["alpha"], tier="gold")
    membership_join(actor=ops, program=program, partner=europe["beta"], tier="silver")
    _history(europe["gamma"], converted=9, lost=1)  # the best record, but no priority
    ruleset = make_ruleset({"capacity": 1})
    decisions = route(ruleset, make_lead(), make_lead(), make_lead())
    assert [partner_of(d) for d in decisions] == ["Beta", "Alpha", "Gamma"]
    assert (
        "routing priority 2 of the Silver tier: offered before partners of a lower priority"
        in render_text(decisions[0].explanation)
    )
    assert "routing priority" not in render_text(decisions[2].explanation)
    with translation.override("ru"):
        assert "Silver" not in render_text(decisions[0].explanation)
