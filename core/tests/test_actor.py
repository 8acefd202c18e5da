import pytest

from accounts.models import Membership
from core.actor import build_actor
from core.events import note_visible_to, record_event
from core.roles import PartnerRole
from core.testing import items
from partners.choices import PartnerStatus
from partners.models import Partner

pytestmark = pytest.mark.django_db


def test_offboarded_partner_does_not_hide_another_membership(world):
    # admin_a also works for partner B, which joined later; A is offboarded.
    Membership.objects.create(user=world.admin_a, partner=world.partner_b, role=PartnerRole.REP)
    Partner.objects.filter(pk=world.partner_a.pk).update(status=PartnerStatus.OFFBOARDED)
    actor = build_actor(world.admin_a)
    assert actor.partner == world.partner_b
    assert actor.visible_partner_ids == frozenset({world.partner_b.id})


def test_only_offboarded_membership_means_no_partner(world):
    Partner.objects.filter(pk=world.partner_a.pk).update(status=PartnerStatus.OFFBOARDED)
    actor = build_actor(world.rep_a)
    assert actor.is_authenticated and not actor.is_partner
    assert actor.visible_partner_ids == frozenset()


def test_requested_partner_is_honoured_only_for_own_memberships(world):
    actor = build_actor(world.admin_a, requested_partner_id=world.partner_b.id)
    assert actor.partner == world.partner_a


def test_distributor_sees_its_resellers_not_the_reverse(world):
    assert build_actor(world.dist_admin).visible_partner_ids == {world.distributor.id, world.reseller.id}
    assert build_actor(world.reseller_admin).visible_partner_ids == {world.reseller.id}


def test_staff_notes_stay_internal(world):
    staff_event = record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        note="Revenue fell; watch closely",
    )
    partner_event = record_event(
        actor=world.actor(world.admin_a),
        verb="partner.updated",
        target=world.partner_a,
        partner=world.partner_a,
        note="New address",
    )
    assert note_visible_to(staff_event, world.actor(world.cam)) == "Revenue fell; watch closely"
    assert note_visible_to(staff_event, world.actor(world.admin_a)) == ""
    assert note_visible_to(partner_event, world.actor(world.rep_a)) == "New address"


def test_partner_timeline_hides_staff_notes_in_page_and_api(world, login, api_client):
    record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        before={"status": "active"},
        after={"status": "at_risk"},
        note="Internal: churn risk",
    )
    page = login(world.admin_a).get("/my/")
    assert page.status_code == 200
    assert "Status changed" in page.content.decode() and "Internal: churn risk" not in page.content.decode()
    events = items(api_client(world.admin_a).get(f"/api/partners/{world.partner_a.public_id}/events"))
    assert [e["note"] for e in events if e["verb"] == "partner.status_changed"] == [""]
    staff_events = items(api_client(world.cam).get(f"/api/partners/{world.partner_a.public_id}/events"))
    assert "Internal: churn risk" in [e["note"] for e in staff_events]
