"""The list of competing vendors and a partner's declarations: who may change what, uniqueness, the
confirmation, events, and that a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from competition.errors import CompetitionErrorCode as E
from competition.models import CompetingDeclaration, CompetingVendor, CompetitionDisclosure
from competition.selectors import (
    competing_line_counts,
    competing_lines,
    competitive_lines,
    declarations_of,
    has_disclosed,
)
from competition.services import (
    declaration_create,
    declaration_delete,
    declaration_update,
    disclosure_confirm,
    line_create,
    line_update,
    vendor_create,
    vendor_update,
)
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def _codes(exc: ValidationError) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


# --- the list ---------------------------------------------------------------------------------------------


def test_vendor_name_is_normalised_and_unique(world, trek):
    assert trek.name_key == "trek bicycle"
    with pytest.raises(ValidationError) as caught:
        vendor_create(actor=world.actor(world.ops), data={"name": "TREK Bicycle Corp."})
    assert _codes(caught.value) == {"name": [E.NAME_TAKEN]}
    assert CompetingVendor.objects.count() == 1
    event = Event.objects.get(verb="competing_vendor.created")
    assert event.after["name"] == "Trek Bicycle Corporation"


@pytest.mark.parametrize("persona", ["cam", "admin_a", "rep_a"])
def test_only_ops_marketing_and_the_chief_keep_the_list(world, trek, persona):
    before = snapshot(trek)
    with pytest.raises((PermissionDenied, Http404)):
        vendor_update(actor=world.actor(getattr(world, persona)), vendor=trek, data={"name": "Trek"})
    with pytest.raises(PermissionDenied):
        vendor_create(actor=world.actor(getattr(world, persona)), data={"name": "Specialized"})
    assert snapshot(trek) == before
    assert CompetingVendor.objects.count() == 1


def test_line_changes_are_recorded_on_the_vendor(world, trek, madone, families):
    line_update(
        actor=world.actor(world.chief),
        line=madone,
        data={"families": [families["road"].public_id, families["mountain"].public_id]},
    )
    assert set(madone.families.values_list("name", flat=True)) == {"Road Bikes", "Mountain Bikes"}
    event = Event.objects.filter(verb="competing_line.updated").get()
    assert event.target_id == trek.pk
    assert event.before["families"] == ["Road Bikes"]
    assert event.after == {"line": "Madone", "families": ["Mountain Bikes", "Road Bikes"]}
    with pytest.raises(ValidationError) as caught:
        line_create(actor=world.actor(world.ops), vendor=trek, data={"name": "madone"})
    assert _codes(caught.value) == {"name": [E.NAME_TAKEN]}


def test_deactivated_vendor_is_no_longer_offered_to_partners(world, trek, api_client):
    vendor_update(actor=world.actor(world.ops), vendor=trek, data={"is_active": False})
    with pytest.raises(ValidationError) as caught:
        declaration_create(actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id})
    assert "vendor_id" in caught.value.error_dict
    assert not CompetingDeclaration.objects.exists()


# --- declarations -----------------------------------------------------------------------------------------


def test_admin_declares_changes_and_removes_own(world, trek, madone):
    actor = world.actor(world.admin_a)
    declaration = declaration_create(
        actor=actor,
        data={"vendor_id": trek.public_id, "line_id": madone.public_id, "since": 2019, "share": 30},
    )
    assert (declaration.partner, declaration.line, declaration.share) == (world.partner_a, madone, 30)
    assert declaration.declared_by == world.admin_a
    added = Event.objects.get(verb="competing_declaration.added")
    assert (added.target_id, added.partner_id) == (world.partner_a.pk, world.partner_a.pk)
    assert added.after == {"competing": "Trek Bicycle Corporation Madone", "since": 2019, "share": 30}

    declaration_update(actor=actor, declaration=declaration, data={"share": 45})
    changed = Event.objects.get(verb="competing_declaration.changed")
    assert changed.before["share"] == 30 and changed.after["share"] == 45

    declaration_delete(actor=actor, declaration=declaration)
    assert not CompetingDeclaration.objects.exists()
    removed = Event.objects.get(verb="competing_declaration.removed")
    assert removed.before["competing"] == "Trek Bicycle Corporation Madone"


def test_a_vendor_in_general_and_its_lines_are_declared_once_each(world, trek, madone):
    actor = world.actor(world.admin_a)
    declaration_create(actor=actor, data={"vendor_id": trek.public_id})
    declaration_create(actor=actor, data={"vendor_id": trek.public_id, "line_id": madone.public_id})
    for data in ({"vendor_id": trek.public_id}, {"vendor_id": trek.public_id, "line_id": madone.public_id}):
        with pytest.raises(ValidationError) as caught:
            declaration_create(actor=actor, data=data)
        assert _codes(caught.value) == {"line_id": [E.ALREADY_DECLARED]}
    assert CompetingDeclaration.objects.count() == 2
    labels = [d.label for d in declarations_of(actor=actor, partner=world.partner_a)]
    assert "Trek Bicycle Corporation (all products)" in labels


def test_a_line_of_another_vendor_is_refused_and_changes_nothing(world, trek, giant, madone):
    actor = world.actor(world.admin_a)
    with pytest.raises(ValidationError) as caught:
        declaration_create(actor=actor, data={"vendor_id": giant.public_id, "line_id": madone.public_id})
    assert _codes(caught.value) == {"line_id": [E.LINE_NOT_OF_VENDOR]}
    declaration = declaration_create(
        actor=actor, data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    before = snapshot(declaration)
    with pytest.raises(ValidationError) as caught:
        declaration_update(
            actor=actor,
            declaration=declaration,
            data={"vendor_id": giant.public_id, "line_id": madone.public_id},
        )
    assert _codes(caught.value) == {"line_id": [E.LINE_NOT_OF_VENDOR]}
    assert snapshot(declaration) == before
    assert not Event.objects.filter(verb="competing_declaration.changed").exists()


@pytest.mark.parametrize(
    "values",
    [{"share": 101}, {"share": -1}, {"since": 1900}, {"since": 3000}, {"vendor_id": "not-an-id"}, {}],
)
def test_bad_input_is_refused(world, trek, values):
    data = {"vendor_id": trek.public_id} | values
    if not values:
        data = {}
    with pytest.raises(ValidationError):
        declaration_create(actor=world.actor(world.admin_a), data=data)
    assert not CompetingDeclaration.objects.exists()
    assert not Event.objects.filter(verb__startswith="competing_declaration").exists()


def test_a_rep_staff_and_other_partners_cannot_declare(world, trek, madone):
    declaration = declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    before = snapshot(declaration)
    for user in (world.rep_a, world.cam, world.ops, world.chief):
        with pytest.raises(PermissionDenied):
            declaration_create(actor=world.actor(user), data={"vendor_id": trek.public_id})
        with pytest.raises(PermissionDenied):
            declaration_update(actor=world.actor(user), declaration=declaration, data={"share": 90})
        with pytest.raises(PermissionDenied):
            declaration_delete(actor=world.actor(user), declaration=declaration)
        with pytest.raises(PermissionDenied):
            disclosure_confirm(actor=world.actor(user))
    for user in (world.admin_b, world.rep_b):  # out of their scope: not found
        with pytest.raises(Http404):
            declaration_update(actor=world.actor(user), declaration=declaration, data={"share": 90})
        with pytest.raises(Http404):
            declaration_delete(actor=world.actor(user), declaration=declaration)
    # A distributor reads its reseller's declaration but does not keep it.
    resellers = declaration_create(
        actor=world.actor(world.reseller_admin), data={"vendor_id": trek.public_id}
    )
    with pytest.raises(PermissionDenied):
        declaration_delete(actor=world.actor(world.dist_admin), declaration=resellers)
    assert snapshot(declaration) == before
    assert CompetingDeclaration.objects.count() == 2
    assert not CompetitionDisclosure.objects.exists()


def test_a_partner_never_reads_another_partners_declarations(world, trek):
    declaration_create(actor=world.actor(world.admin_b), data={"vendor_id": trek.public_id})
    for user in (world.admin_a, world.rep_a, world.dist_admin):
        assert declarations_of(actor=world.actor(user), partner=world.partner_b) == []
    assert len(declarations_of(actor=world.actor(world.cam), partner=world.partner_b)) == 1


def test_disclosure_is_confirmed_by_the_admin(world):
    assert not has_disclosed(world.partner_a.pk)
    disclosure = disclosure_confirm(actor=world.actor(world.admin_a))
    assert disclosure.confirmed_by == world.admin_a and not disclosure.from_application
    assert has_disclosed(world.partner_a.pk) and not has_disclosed(world.partner_b.pk)
    event = Event.objects.get(verb="competition.disclosed")
    assert event.after == {"competing_count": 0}


# --- what other apps read ----------------------------------------------------------------------------------


def test_counts_for_every_partner_at_once(world, trek, madone, fuel, giant, django_assert_num_queries):
    declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": fuel.public_id}
    )
    declaration_create(actor=world.actor(world.admin_b), data={"vendor_id": giant.public_id})
    with django_assert_num_queries(1):
        counts = competing_line_counts()
    assert counts == {world.partner_a.pk: 2, world.partner_b.pk: 1}
    assert competing_line_counts([world.partner_b.pk, world.reseller.pk]) == {world.partner_b.pk: 1}
    assert [d.label for d in competing_lines(world.partner_a)] == [
        "Trek Bicycle Corporation Fuel EX",
        "Trek Bicycle Corporation Madone",
    ]


def test_competitive_lines_follow_the_families(world, trek, madone, giant, families):
    declaration_create(
        actor=world.actor(world.admin_a), data={"vendor_id": trek.public_id, "line_id": madone.public_id}
    )
    declaration_create(actor=world.actor(world.admin_b), data={"vendor_id": giant.public_id})  # all of Giant
    road, mountain, helmets = families["road"].pk, families["mountain"].pk, families["helmets"].pk
    assert competitive_lines(world.partner_a.pk, [road]) == ["Trek Bicycle Corporation Madone"]
    assert competitive_lines(world.partner_a.pk, [mountain, helmets]) == []  # declares Madone, not Fuel EX
    assert competitive_lines(world.partner_b.pk, [helmets, road]) == ["Giant (all products)"]
    assert competitive_lines(world.partner_b.pk, [mountain]) == []
    assert competitive_lines(world.partner_b.pk, []) == []
