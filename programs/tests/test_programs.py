"""Partner programs from the pages and the API: settings, tiers' benefits, members (added, set a tier by hand
with a reason, removed), the members list with its filters, and what a partner user reads of them."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_partner
from core.models import Event
from core.testing import error_codes, items, snapshot
from partners.choices import PartnerStatus, PartnerType
from programs.models import PartnerProgram, ProgramMembership, ProgramTier
from programs.services import membership_join

pytestmark = pytest.mark.django_db

API = "/api/programs"
JSON = "application/json"


def send(client, method, path, payload=None):
    if method == "get":
        return client.get(API + path)
    return getattr(client, method)(API + path, json.dumps(payload or {}), content_type=JSON)


def default_program():
    return PartnerProgram.objects.get(is_default=True)


def tier_of(program, tier):
    return ProgramTier.objects.get(program=program, tier=tier)


@pytest.fixture
def members(world):
    """Partners A and B in the default program (A gold, B silver), the distributor in a service program."""
    actor = world.actor(world.ops)
    program = default_program()
    a = membership_join(actor=actor, program=program, partner=world.partner_a, tier="gold")
    b = membership_join(actor=actor, program=program, partner=world.partner_b, tier="silver")
    service = PartnerProgram.objects.create(code="service", name_en="Service partners", name_ru="Сервис")
    ProgramTier.objects.bulk_create(ProgramTier(program=service, tier=t) for t in ("registered", "gold"))
    membership_join(actor=actor, program=service, partner=world.partner_b, tier="registered")
    return {"a": a, "b": b, "service": service}


# --- programs and tiers ---


def test_ops_create_a_program_on_the_page_with_the_four_tiers(world, login):
    response = login(world.ops).post(
        "/program/programs/new/",
        {
            "code": "Referral",
            "name_en": "Referral partners",
            "name_ru": "Партнеры по рекомендациям",
            "partner_types": ["agent", "affiliate"],
            "position": "3",
        },
    )
    program = PartnerProgram.objects.get(code="referral")
    assert response.status_code == 302 and response["Location"] == f"/program/programs/{program.public_id}/"
    assert program.partner_types == ["agent", "affiliate"] and not program.is_default
    assert sorted(program.tiers.values_list("tier", flat=True)) == [
        "gold",
        "platinum",
        "registered",
        "silver",
    ]
    assert Event.objects.get(verb="program.created").target_id == program.pk


@pytest.mark.parametrize("who", ["cam", "chief", "admin_a"])
def test_only_ops_configure_programs(world, login, api_client, who):
    before = PartnerProgram.objects.count()
    page = login(getattr(world, who)).post("/program/programs/new/", {"code": "x", "name_en": "X"})
    body = {"code": "x", "name_en": "X", "is_default": False, "position": 0}
    api = send(api_client(getattr(world, who)), "post", "", body)
    assert page.status_code == 403 and api.status_code == 403
    assert PartnerProgram.objects.count() == before and not Event.objects.filter(verb="program.created")


def test_making_a_program_the_default_takes_it_from_the_other(world, api_client):
    ops = api_client(world.ops)
    created = send(
        ops, "post", "", {"code": "resellers", "name_en": "Resellers", "is_default": False, "position": 1}
    )
    assert created.status_code == 201
    new_id = created.json()["id"]
    changed = send(ops, "patch", f"/{new_id}", {"is_default": True})
    assert changed.status_code == 200 and changed.json()["is_default"] is True
    assert PartnerProgram.objects.get(is_default=True).code == "resellers"
    assert PartnerProgram.objects.get(code="partners").is_default is False


def test_the_default_program_stays_until_another_takes_over(world, api_client):
    program = default_program()
    before = snapshot(program)
    response = send(api_client(world.ops), "patch", f"/{program.public_id}", {"is_default": False})
    assert response.status_code == 422 and error_codes(response) == {"is_default": "default_required"}
    assert snapshot(program) == before and not Event.objects.filter(verb="program.updated").exists()


def test_ops_set_a_tiers_benefits_and_the_partner_reads_them(world, api_client, members):
    gold = tier_of(default_program(), "gold")
    response = send(
        api_client(world.ops),
        "patch",
        f"/tiers/{gold.public_id}",
        {"catalog_discount": "12.5", "mdf_rate": "2", "routing_priority": 3, "protection_days": 120},
    )
    assert response.status_code == 200
    assert response.json()["catalog_discount"] == "12.50" and response.json()["mdf_rate"] == "2.00"
    gold.refresh_from_db()
    assert (gold.catalog_discount, gold.routing_priority, gold.protection_days) == (Decimal("12.5"), 3, 120)
    event = Event.objects.get(verb="program_tier.updated")
    assert event.after["routing_priority"] == 3
    mine = send(api_client(world.rep_a), "get", "/benefits").json()
    assert mine["tier"] == "gold" and mine["catalog_discount"] == "12.50" and mine["protection_days"] == 120


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"catalog_discount": "150"}, "catalog_discount", "percent_range"),
        ({"mdf_rate": "0"}, "mdf_rate", "percent_range"),
        ({"protection_days": 0}, "protection_days", "min_value"),
        ({"routing_priority": 1000}, "routing_priority", "max_value"),
    ],
)
def test_a_wrong_benefit_is_refused_and_nothing_changes(world, api_client, payload, field, code):
    gold = tier_of(default_program(), "gold")
    before = snapshot(gold)
    response = send(api_client(world.ops), "patch", f"/tiers/{gold.public_id}", payload)
    assert response.status_code == 422 and error_codes(response)[field] == code
    assert snapshot(gold) == before and not Event.objects.filter(verb="program_tier.updated").exists()


def test_the_program_page_shows_tiers_in_both_languages_and_members(world, login, members):
    gold = tier_of(default_program(), "gold")
    gold.benefits_en, gold.benefits_ru = "A named manager", "Персональный менеджер"
    gold.save()
    body = login(world.cam).get(f"/program/programs/{default_program().public_id}/").content.decode()
    assert "A named manager" in body and "Персональный менеджер" in body
    assert "Alpha Systems" in body and "Bravo Trading" in body
    assert "Add a partner" not in body  # a CAM reads; ops configure


# --- members ---


def test_ops_add_a_partner_and_set_its_tier_by_hand_with_a_reason(world, api_client, members):
    ops = api_client(world.ops)
    service = members["service"]
    added = send(ops, "post", f"/{service.public_id}/members", {"partner_id": str(world.partner_a.public_id)})
    assert added.status_code == 201 and added.json()["tier"] == "registered"
    membership_id = added.json()["id"]
    moved = send(ops, "post", f"/memberships/{membership_id}/tier", {"tier": "gold", "reason": "Top seller"})
    assert moved.status_code == 200 and moved.json()["tier"] == "gold"
    event = Event.objects.get(verb="program_membership.tier_changed")
    assert event.note == "Top seller" and event.before == {"tier": "registered"} and event.actor == world.ops


def test_a_tier_set_by_hand_needs_a_reason_and_a_refusal_changes_nothing(world, api_client, members):
    membership = members["b"]
    before, partner_before = snapshot(membership), snapshot(world.partner_b)
    response = send(
        api_client(world.ops),
        "post",
        f"/memberships/{membership.public_id}/tier",
        {"tier": "gold", "reason": " "},
    )
    assert response.status_code == 422 and "reason" in error_codes(response)
    assert snapshot(membership) == before and snapshot(world.partner_b) == partner_before
    assert not Event.objects.filter(verb="program_membership.tier_changed").exists()


def test_the_partners_tier_is_its_best_tier_across_programs(world, login, members):
    membership = members["b"]  # silver in the default program, registered in the service program
    response = login(world.ops).post(
        f"/program/members/{membership.public_id}/tier/", {"tier": "platinum", "reason": "Annual review"}
    )
    assert response.status_code == 302
    world.partner_b.refresh_from_db()
    assert world.partner_b.tier == "platinum"
    login(world.ops).post(f"/program/members/{membership.public_id}/end/", {"reason": "Moved to service"})
    world.partner_b.refresh_from_db()
    membership.refresh_from_db()
    assert membership.ended_at is not None and world.partner_b.tier == "registered"
    page = login(world.ops).get(f"/program/members/{membership.public_id}/").content.decode()
    assert "Annual review" in page and "Moved to service" in page and "left the program" in page


def test_a_partner_belongs_to_a_program_once_and_only_if_admitted(world, api_client, members):
    ops = api_client(world.ops)
    program = default_program()
    again = send(ops, "post", f"/{program.public_id}/members", {"partner_id": str(world.partner_a.public_id)})
    assert again.status_code == 422 and error_codes(again) == {"partner_id": "already_member"}
    members["service"].partner_types = [PartnerType.DEALER]
    members["service"].save()
    refused = send(
        ops,
        "post",
        f"/{members['service'].public_id}/members",
        {"partner_id": str(world.partner_a.public_id)},
    )
    assert refused.status_code == 422 and error_codes(refused) == {"partner_id": "program_not_admitted"}
    prospect = make_partner("Prospect Co", status=PartnerStatus.PROSPECT)
    unknown = send(ops, "post", f"/{program.public_id}/members", {"partner_id": str(prospect.public_id)})
    assert unknown.status_code == 422 and error_codes(unknown) == {"partner_id": "unknown_id"}
    assert ProgramMembership.objects.count() == 3


def test_the_members_list_filters_alike_on_the_page_the_export_and_the_api(world, login, api_client, members):
    program = default_program()
    api = items(send(api_client(world.cam), "get", f"/{program.public_id}/members?tier=gold"))
    assert [m["partner_name"] for m in api] == ["Alpha Systems"]
    page = login(world.cam).get(f"/program/programs/{program.public_id}/?tier=gold").content.decode()
    assert "Alpha Systems" in page and "Bravo Trading" not in page
    export = login(world.cam).get(f"/program/programs/{program.public_id}/members/export/?tier=gold")
    exported = b"".join(export.streaming_content).decode()
    assert "Alpha Systems" in exported and "Bravo Trading" not in exported
    # Former members show when asked for
    members["a"].ended_at = members["a"].joined_at
    members["a"].save()
    assert items(send(api_client(world.cam), "get", f"/{program.public_id}/members?tier=gold")) == []
    former = items(send(api_client(world.cam), "get", f"/{program.public_id}/members?state=former"))
    assert [m["partner_name"] for m in former] == ["Alpha Systems"]
    assert send(api_client(world.cam), "get", f"/{program.public_id}/members?state=gone").status_code == 422


def test_the_members_list_costs_the_same_queries_whatever_its_length(world, login, members):
    program = default_program()
    url = f"/program/programs/{program.public_id}/"
    client = login(world.cam)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        partner = make_partner(f"Extra {n}")
        ProgramMembership.objects.create(program=program, partner=partner, tier="silver")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- what partners read ---


def test_a_partner_reads_only_the_programs_it_belongs_to(world, api_client, login, members):
    rep_b = api_client(world.rep_b)
    codes = sorted(p["code"] for p in items(send(rep_b, "get", "")))
    assert codes == ["partners", "service"]
    rep_a = api_client(world.rep_a)
    assert [p["code"] for p in items(send(rep_a, "get", ""))] == ["partners"]
    assert send(rep_a, "get", f"/{members['service'].public_id}").status_code == 404
    assert send(rep_a, "get", f"/memberships/{members['b'].public_id}").status_code == 404
    own = items(send(rep_a, "get", f"/{default_program().public_id}/members"))
    assert [m["partner_name"] for m in own] == ["Alpha Systems"]  # its own membership, not B's
    page = login(world.rep_a).get("/my/programs/").content.decode()
    assert "Service partners" not in page and "your tier" in page


def test_the_partner_home_shows_its_programs_and_tier(world, login, members):
    gold = tier_of(default_program(), "gold")
    gold.catalog_discount = Decimal("15")
    gold.save()
    body = login(world.rep_a).get("/my/").content.decode()
    assert "Your programs" in body and "Gold" in body and "15 %" in body


def test_staff_read_a_partners_benefits_and_partners_only_their_own(world, api_client, members):
    gold = tier_of(default_program(), "gold")
    gold.mdf_rate = Decimal("2.50")
    gold.save()
    staff = send(api_client(world.cam), "get", f"/benefits?partner_id={world.partner_a.public_id}").json()
    assert staff["mdf_rate"] == "2.50" and staff["tier"] == "gold"
    assert send(api_client(world.cam), "get", "/benefits").status_code == 422
    other = send(api_client(world.rep_b), "get", f"/benefits?partner_id={world.partner_a.public_id}")
    assert other.status_code == 404
