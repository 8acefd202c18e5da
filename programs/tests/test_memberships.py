"""Programs, their tiers and memberships: who joins, `Partner.tier` as the best current tier, benefits."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.actor import system_actor
from core.models import Event
from partners.choices import PartnerStatus, PartnerType
from partners.models import Partner
from partners.services import partner_change_status, partner_create
from programs.models import PartnerProgram, ProgramMembership, ProgramTier
from programs.selectors import NO_BENEFITS, benefits_of, tier_benefits
from programs.services import membership_end, membership_join, membership_set_tier

pytestmark = pytest.mark.django_db


def program(code, *, default=False, types=(), **tiers):
    found = PartnerProgram.objects.filter(code=code).first() or PartnerProgram.objects.create(
        code=code, name_en=code.title(), is_default=default, partner_types=list(types)
    )
    for tier, values in tiers.items():
        ProgramTier.objects.update_or_create(program=found, tier=tier, defaults=values)
    return found


def test_the_migration_made_a_default_program_with_the_four_tiers():
    default = PartnerProgram.objects.get(is_default=True)
    assert default.code == "partners"
    tiers = sorted(default.tiers.values_list("tier", flat=True))
    assert tiers == ["gold", "platinum", "registered", "silver"]


def test_a_partner_created_active_joins_the_default_program_and_leaves_when_offboarded(world):
    ops = world.actor(world.ops)
    partner = partner_create(
        actor=ops,
        data={"name": "Echo Cycles", "partner_type": PartnerType.RESELLER, "country": "DE"},
        status=PartnerStatus.ACTIVE,
    )
    membership = ProgramMembership.objects.get(partner=partner)
    assert membership.program.is_default and membership.is_current and membership.tier == "registered"
    partner_change_status(
        actor=world.actor(world.chief), partner=partner, to_status=PartnerStatus.OFFBOARDED, note="No sales"
    )
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_an_applicant_joins_no_program_until_it_is_onboarded(world):
    partner = partner_create(
        actor=world.actor(world.ops),
        data={"name": "Foxtrot", "partner_type": PartnerType.RESELLER, "country": "DE"},
        status=PartnerStatus.APPLICANT,
    )
    assert not ProgramMembership.objects.filter(partner=partner).exists()
    partner_change_status(actor=world.actor(world.chief), partner=partner, to_status=PartnerStatus.ONBOARDING)
    assert ProgramMembership.objects.get(partner=partner).program.is_default


def test_partner_tier_is_the_best_current_tier_and_each_change_is_recorded(world):
    ops = world.actor(world.ops)
    resellers = program("resellers")
    services = program("services")
    first = membership_join(actor=ops, program=resellers, partner=world.partner_a)
    second = membership_join(actor=ops, program=services, partner=world.partner_a)
    membership_set_tier(actor=ops, membership=first, tier="silver", reason="Revenue 120,000 of 100,000")
    membership_set_tier(actor=ops, membership=second, tier="gold")
    assert Partner.objects.get(pk=world.partner_a.pk).tier == "gold"
    event = Event.objects.filter(verb="program_membership.tier_changed").order_by("id").first()
    assert event.before == {"tier": "registered"} and event.after["tier"] == "silver"
    assert event.note == "Revenue 120,000 of 100,000" and event.partner_id == world.partner_a.pk
    # Leaving the program of the better tier brings the partner down to the other one.
    membership_end(actor=ops, membership=second)
    assert Partner.objects.get(pk=world.partner_a.pk).tier == "silver"
    # The same tier again records nothing.
    events = Event.objects.count()
    membership_set_tier(actor=ops, membership=first, tier="silver")
    assert Event.objects.count() == events


def test_refusals_change_nothing(world):
    ops = world.actor(world.ops)
    distributors_only = program("distribution", types=[PartnerType.DISTRIBUTOR])
    with pytest.raises(ValidationError) as refused:
        membership_join(actor=ops, program=distributors_only, partner=world.partner_a)
    assert refused.value.code == "program_not_admitted"
    membership = membership_join(actor=ops, program=program("resellers"), partner=world.partner_a)
    with pytest.raises(ValidationError) as refused:
        membership_set_tier(actor=ops, membership=membership, tier="diamond")
    assert refused.value.code == "unknown_tier"
    membership_end(actor=system_actor(), membership=membership)
    with pytest.raises(ValidationError) as refused:
        membership_set_tier(actor=ops, membership=membership, tier="gold")
    assert refused.value.code == "membership_ended"
    membership.refresh_from_db()
    assert (
        membership.tier == "registered"
        and not ProgramMembership.objects.filter(program=distributors_only).exists()
    )
    # A partner admin may not move its own tier.
    with pytest.raises(PermissionDenied):
        membership_set_tier(actor=world.actor(world.admin_a), membership=membership, tier="gold")


def test_benefits_are_the_best_of_the_current_tiers_read_in_one_query(world, django_assert_num_queries):
    ops = world.actor(world.ops)
    gold = {"catalog_discount": Decimal("12.50"), "routing_priority": 3, "protection_days": 120}
    resellers = program("resellers", gold=gold)
    services = program("services", silver={"catalog_discount": Decimal("5"), "support_sla_hours": 8})
    for joined, tier in ((resellers, "gold"), (services, "silver")):
        membership = membership_join(actor=ops, program=joined, partner=world.partner_a)
        membership_set_tier(actor=ops, membership=membership, tier=tier)
    membership_join(actor=ops, program=services, partner=world.partner_b)  # registered: no benefits set
    with django_assert_num_queries(1):
        found = tier_benefits()
    a = found[world.partner_a.pk]
    assert (a.catalog_discount, a.routing_priority, a.protection_days, a.support_sla_hours, a.mdf_rate) == (
        Decimal("12.50"),
        3,
        120,
        8,
        None,
    )
    assert found.get(world.partner_b.pk, NO_BENEFITS) == NO_BENEFITS  # its tier gives nothing
    assert benefits_of(world.distributor) == NO_BENEFITS


def test_benefits_of_some_partners_are_each_their_own(world):
    """Read for a few partners, each partner's benefits come from its own membership's tier."""
    ops = system_actor()
    default = program("partners", default=True, gold={"mdf_rate": Decimal("2")}, silver={"mdf_rate": None})
    membership_join(actor=ops, program=default, partner=world.partner_a, tier="gold")
    membership_join(actor=ops, program=default, partner=world.partner_b, tier="silver")
    found = tier_benefits([world.partner_b.pk])
    assert found[world.partner_b.pk].mdf_rate is None
    both = tier_benefits([world.partner_a.pk, world.partner_b.pk])
    assert (both[world.partner_a.pk].mdf_rate, both[world.partner_b.pk].mdf_rate) == (Decimal("2"), None)
