import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.testing import snapshot
from partners.choices import PartnerStatus, PartnerType
from partners.models import Partner
from partners.selectors import partner_directory
from partners.services import partner_change_status, partner_create, partner_update

pytestmark = pytest.mark.django_db


def test_create_normalises_domain_and_records_event(world):
    partner = partner_create(
        actor=world.actor(world.cam),
        data={
            "name": " Nova ",
            "partner_type": PartnerType.DEALER,
            "web_domain": "https://www.Nova-Parts.com/about",
        },
    )
    assert partner.name == "Nova"
    assert partner.web_domain == "nova-parts.com"
    event = Event.objects.get(verb="partner.created", partner=partner)
    assert event.actor == world.cam


def test_create_rejects_bad_input_and_writes_nothing(world):
    before = Partner.objects.count()
    with pytest.raises(ValidationError) as exc:
        partner_create(
            actor=world.actor(world.cam),
            data={
                "name": "",
                "partner_type": "spaceship",
                "web_domain": "not a domain",
                "verticals": ["knitting"],
            },
        )
    assert set(exc.value.message_dict) >= {"name", "partner_type", "web_domain", "verticals"}
    assert Partner.objects.count() == before
    assert not Event.objects.filter(verb="partner.created").exists()


def test_partner_admin_edits_only_profile_fields(world):
    actor = world.actor(world.admin_a)
    before = snapshot(world.partner_a)
    with pytest.raises(ValidationError) as exc:  # tier is the vendor's to set: refused, not ignored
        partner_update(actor=actor, partner=world.partner_a, data={"city": "Munich", "tier": "platinum"})
    assert {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()} == {
        "tier": ["staff_only"]
    }
    assert snapshot(world.partner_a) == before
    partner_update(actor=actor, partner=world.partner_a, data={"city": "Munich"})
    world.partner_a.refresh_from_db()
    assert world.partner_a.city == "Munich"
    assert world.partner_a.tier == "registered"


def test_partner_admin_cannot_edit_another_partner(world):
    before = snapshot(world.partner_b)
    with pytest.raises(PermissionDenied):
        partner_update(actor=world.actor(world.admin_a), partner=world.partner_b, data={"city": "X"})
    assert snapshot(world.partner_b) == before


def test_rep_cannot_edit_profile(world):
    with pytest.raises(PermissionDenied):
        partner_update(actor=world.actor(world.rep_a), partner=world.partner_a, data={"city": "X"})


def test_lifecycle_transition_rules(world):
    actor = world.actor(world.cam)
    partner = partner_create(actor=actor, data={"name": "Lifecycle", "partner_type": PartnerType.AGENT})
    assert partner.status == PartnerStatus.PROSPECT
    with pytest.raises(ValidationError):
        partner_change_status(actor=actor, partner=partner, to_status=PartnerStatus.ACTIVE)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.PROSPECT
    partner_change_status(actor=actor, partner=partner, to_status=PartnerStatus.APPLICANT)
    partner_change_status(actor=actor, partner=partner, to_status=PartnerStatus.ONBOARDING)
    # no checklist for agents: onboarding is trivially complete
    partner_change_status(actor=actor, partner=partner, to_status=PartnerStatus.ACTIVE)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE and partner.activated_at is not None
    events = Event.objects.filter(verb="partner.status_changed", partner=partner).order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("prospect", "applicant"),
        ("applicant", "onboarding"),
        ("onboarding", "active"),
    ]


def test_offboarding_needs_a_reason(world):
    with pytest.raises(ValidationError):
        partner_change_status(actor=world.actor(world.cam), partner=world.partner_a, to_status="offboarded")
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == PartnerStatus.ACTIVE


def test_marketing_cannot_change_status(world):
    with pytest.raises(PermissionDenied):
        partner_change_status(
            actor=world.actor(world.marketing), partner=world.partner_a, to_status="at_risk"
        )


def test_parent_must_be_distributor(world):
    with pytest.raises(ValidationError):
        partner_update(
            actor=world.actor(world.ops), partner=world.partner_a, data={"parent": world.partner_b}
        )


def test_directory_scoping_and_filters(world):
    staff = partner_directory(actor=world.actor(world.cam), filters={})
    assert staff.count() == 4
    dist = partner_directory(actor=world.actor(world.dist_admin), filters={})
    assert set(dist) == {world.distributor, world.reseller}
    reseller = partner_directory(actor=world.actor(world.reseller_admin), filters={})
    assert set(reseller) == {world.reseller}
    a = partner_directory(actor=world.actor(world.rep_a), filters={})
    assert list(a) == [world.partner_a]
    found = partner_directory(actor=world.actor(world.cam), filters={"q": "bravo"})
    assert list(found) == [world.partner_b]
    dists = partner_directory(actor=world.actor(world.cam), filters={"partner_type": "distributor"})
    assert list(dists) == [world.distributor]


def test_directory_puts_my_portfolio_first(world):
    other = world.chief
    world.partner_b.cam = other
    world.partner_b.save()
    names = [p.name for p in partner_directory(actor=world.actor(other), filters={})]
    assert names[0] == "Bravo Trading"


def test_directory_page_and_export(world, login):
    client = login(world.cam)
    response = client.get("/partners/?status=active&q=alpha")
    assert response.status_code == 200
    assert b"Alpha Systems" in response.content and b"Bravo Trading" not in response.content
    export = client.get("/partners/export.csv?q=alpha")
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0].startswith("id,name,")
    assert "Alpha Systems" in body and "Bravo" not in body


def test_partner_users_cannot_open_staff_directory(world, login):
    assert login(world.admin_a).get("/partners/").status_code == 403


def test_vertical_filter_works_on_json_list(world):
    world.partner_a.verticals = ["retail", "sports"]
    world.partner_a.save()
    found = partner_directory(actor=world.actor(world.cam), filters={"vertical": "sports"})
    assert list(found) == [world.partner_a]
