"""The rules of engagement belong to a program and are accepted per version: versions numbered per program,
which rules judge a partner, publishing asks the partners to accept, a registration is submitted only once
the partner accepted the version in force, and the protection its tier gives."""

import json
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conflicts.models import ConflictCheck
from core.models import Event
from core.testing import error_codes, snapshot
from deals.models import DealRegistration
from deals.services import registration_approve, registration_create, registration_submit
from deals.tests.conftest import draft_data
from engagement.models import RuleSet, RuleSetAcceptance
from engagement.selectors import rules_in_force, rules_to_accept, ruleset_for_partner
from engagement.services import rules_accept, ruleset_create_draft, ruleset_publish
from engagement.testing import world_accepts
from notifications.models import Notification
from programs.models import AgreementAcceptance, AgreementVersion, PartnerProgram, ProgramTier
from programs.services import membership_join

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_emails_at_once(monkeypatch):
    from types import SimpleNamespace

    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


def default_program():
    return PartnerProgram.objects.get(is_default=True)


def publish(actor, *, program=None, **data):
    draft = ruleset_create_draft(actor=actor, data=data, program=program)
    return ruleset_publish(actor=actor, ruleset=draft)


@pytest.fixture
def ops(world):
    return world.actor(world.ops)


@pytest.fixture
def service(world, ops):
    """A second program partner B belongs to (besides none: world partners fall back to the default)."""
    program = PartnerProgram.objects.create(code="service", name_en="Service partners", position=5)
    ProgramTier.objects.bulk_create(ProgramTier(program=program, tier=t) for t in ("registered", "gold"))
    membership_join(actor=ops, program=program, partner=world.partner_b)
    return program


@pytest.fixture
def products(db):
    from catalog.models import Product, ProductFamily

    family = ProductFamily.objects.create(name="Road bikes")
    return {"usd": Product.objects.create(sku="RB-1", name="Bike", family=family, list_price="1000.00")}


def make_draft(world, products, user=None):
    registration, _created = registration_create(
        actor=world.actor(user or world.rep_a),
        data=draft_data(),
        lines=[{"product_id": products["usd"], "quantity": 2}],
    )
    return registration


# --- versions per program ---


def test_versions_are_numbered_and_published_per_program(ops, service):
    default_v1 = publish(ops, notes="Default rules")
    service_v1 = publish(ops, program=service, default_protection_days=60)
    default_v2 = publish(ops, notes="Default rules, again")
    assert (default_v1.version, service_v1.version, default_v2.version) == (1, 1, 2)
    statuses = dict(RuleSet.objects.values_list("pk", "status"))
    assert statuses == {default_v1.pk: "retired", service_v1.pk: "published", default_v2.pk: "published"}
    # One draft per program: a second draft of the same program is refused, another program's is not.
    ruleset_create_draft(actor=ops)
    with pytest.raises(ValidationError):
        ruleset_create_draft(actor=ops)
    assert ruleset_create_draft(actor=ops, program=service).version == 2


def test_a_draft_of_another_program_starts_from_that_programs_rules(ops, service):
    publish(ops, default_protection_days=90)
    publish(ops, program=service, default_protection_days=45)
    draft = ruleset_create_draft(actor=ops, program=service)
    assert draft.program == service and draft.default_protection_days == 45


def test_which_rules_judge_a_partner(world, ops, service):
    assert ruleset_for_partner(world.partner_a) is None  # nothing published
    default_rules = publish(ops)
    # In no program with rules of its own: the default program's rules.
    assert ruleset_for_partner(world.partner_b) == default_rules
    service_rules = publish(ops, program=service)
    assert ruleset_for_partner(world.partner_b) == service_rules  # its own program's
    assert ruleset_for_partner(world.partner_a) == default_rules
    # The default program comes first for a partner in both.
    membership_join(actor=ops, program=default_program(), partner=world.partner_b)
    assert ruleset_for_partner(world.partner_b) == default_rules
    found = rules_in_force([world.partner_a.pk, world.partner_b.pk])
    assert found == {world.partner_a.pk: default_rules.pk, world.partner_b.pk: default_rules.pk}


# --- publishing asks, accepting, the gate ---


def test_publishing_asks_the_admins_of_the_partners_it_binds(world, ops, service):
    publish(ops, program=service)
    asked = Notification.objects.filter(verb="engagement.to_accept")
    assert set(asked.values_list("user__email", flat=True)) == {"admin@bravo.test"}
    publish(ops)  # the default program's: every partner but B (judged by its own program's)
    asked = Notification.objects.filter(verb="engagement.to_accept").exclude(user=world.admin_b)
    assert set(asked.values_list("user__email", flat=True)) == {
        "admin@alpha.test",
        "admin@delta.test",
        "admin@rho.test",
    }


def test_submitting_needs_the_rules_in_force_accepted(world, ops, products):
    rules = publish(ops)
    draft = make_draft(world, products)
    before = snapshot(draft)
    with pytest.raises(ValidationError) as refused:
        registration_submit(actor=world.actor(world.rep_a), registration=draft)
    assert refused.value.code == "rules_not_accepted"
    assert snapshot(draft) == before and draft.status == "draft"
    assert not ConflictCheck.objects.exists() and not Event.objects.filter(verb="deal_registration.submitted")
    with pytest.raises(PermissionDenied):  # a rep does not accept for the company
        rules_accept(actor=world.actor(world.rep_a), ruleset=rules)
    rules_accept(actor=world.actor(world.admin_a), ruleset=rules, ip_address="10.0.0.1")
    assert registration_submit(actor=world.actor(world.rep_a), registration=draft).status == "submitted"
    event = Event.objects.get(verb="engagement.accepted")
    assert event.partner == world.partner_a and event.after == {"version": 1, "ip_address": "10.0.0.1"}


def test_a_new_version_must_be_accepted_again(world, ops, products):
    first = publish(ops)
    rules_accept(actor=world.actor(world.admin_a), ruleset=first)
    assert rules_to_accept(partner=world.partner_a) is None
    second = publish(ops)
    assert rules_to_accept(partner=world.partner_a) == second
    with pytest.raises(ValidationError) as old:
        rules_accept(actor=world.actor(world.admin_a), ruleset=first)
    assert old.value.code == "rules_not_in_force"
    with pytest.raises(ValidationError):
        registration_submit(actor=world.actor(world.rep_a), registration=make_draft(world, products))
    rules_accept(actor=world.actor(world.admin_a), ruleset=second)
    with pytest.raises(ValidationError) as twice:
        rules_accept(actor=world.actor(world.admin_a), ruleset=second)
    assert twice.value.code == "rules_already_accepted"
    assert RuleSetAcceptance.objects.filter(partner=world.partner_a).count() == 2


def test_a_distributor_registers_for_a_reseller_that_accepted(world, ops, products):
    rules = publish(ops)
    rules_accept(actor=world.actor(world.dist_admin), ruleset=rules)
    registration, _created = registration_create(
        actor=world.actor(world.dist_admin),
        data=draft_data() | {"partner_id": world.reseller.public_id},
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    with pytest.raises(ValidationError, match="Rho Retail has not accepted"):
        registration_submit(actor=world.actor(world.dist_admin), registration=registration)
    rules_accept(actor=world.actor(world.reseller_admin), ruleset=rules)
    assert (
        registration_submit(actor=world.actor(world.dist_admin), registration=registration).status
        == "submitted"
    )


def test_the_partner_accepts_on_its_rules_page(world, ops, login):
    rules = publish(ops)
    home = login(world.rep_a).get("/my/").content.decode()
    assert "Rules of engagement to accept" in home
    page = login(world.rep_a).get("/engagement/").content.decode()
    assert "not accepted yet" in page and "Accept on behalf of" not in page  # a rep reads, an admin accepts
    admin = login(world.admin_a)
    assert "Accept on behalf of Alpha Systems" in admin.get("/engagement/").content.decode()
    response = admin.post(f"/engagement/versions/{rules.public_id}/accept/")
    assert response.status_code == 302 and RuleSetAcceptance.objects.get().accepted_by == world.admin_a
    assert "Rules of engagement to accept" not in admin.get("/my/").content.decode()


def test_the_api_says_whether_the_partner_accepted_and_accepts(world, ops, api_client):
    rules = publish(ops)
    current = api_client(world.rep_a).get("/api/engagement/current").json()
    assert current["program"] == "partners" and current["version"] == 1 and current["accepted_at"] is None
    rep = api_client(world.rep_a).post(f"/api/engagement/versions/{rules.public_id}/accept")
    assert rep.status_code == 403 and not RuleSetAcceptance.objects.exists()
    accepted = api_client(world.admin_a).post(f"/api/engagement/versions/{rules.public_id}/accept")
    assert accepted.status_code == 201 and accepted.json()["partner_name"] == "Alpha Systems"
    again = api_client(world.admin_a).post(f"/api/engagement/versions/{rules.public_id}/accept")
    assert again.status_code == 422 and error_codes(again) == {None: "rules_already_accepted"}
    assert api_client(world.rep_a).get("/api/engagement/current").json()["accepted_at"] is not None
    listed = api_client(world.cam).get(f"/api/engagement/versions/{rules.public_id}/acceptances").json()
    assert [a["partner_name"] for a in listed["items"]] == ["Alpha Systems"]


def test_a_draft_for_a_program_through_the_api(world, api_client, service):
    ops = api_client(world.ops)
    body = json.dumps({"program": "service", "default_protection_days": 30})
    created = ops.post("/api/engagement/versions", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["program"] == "service"
    unknown = ops.post(
        "/api/engagement/versions", json.dumps({"program": "nope"}), content_type="application/json"
    )
    assert unknown.status_code == 422 and error_codes(unknown) == {"program": "unknown_id"}
    assert RuleSet.objects.count() == 1
    listed = ops.get("/api/engagement/versions?program=service").json()["items"]
    assert [v["program"] for v in listed] == ["service"]


# --- protection from the tier ---


def test_a_tier_protection_overrides_the_rules_per_tier(world, ops, products):
    gold = ProgramTier.objects.get(program=default_program(), tier="gold")
    gold.protection_days = 200
    gold.save()
    publish(ops, tier_protection_days={"gold": 120})
    world_accepts(world)
    membership_join(actor=ops, program=default_program(), partner=world.partner_a, tier="gold")
    submitted = registration_submit(actor=world.actor(world.rep_a), registration=make_draft(world, products))
    check = ConflictCheck.objects.get(registration=submitted)
    assert check.protection_days == 200
    assert {"code": "protection_benefit", "params": {"days": 200, "tier": "gold"}} in check.engagement_reasons
    approved = registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert approved.protected_until == timezone.localdate() + timedelta(days=200)


def test_without_a_tier_protection_the_rules_per_tier_apply(world, ops, products):
    publish(ops, tier_protection_days={"gold": 120})
    world_accepts(world)
    membership_join(actor=ops, program=default_program(), partner=world.partner_a, tier="gold")
    submitted = registration_submit(actor=world.actor(world.rep_a), registration=make_draft(world, products))
    assert ConflictCheck.objects.get(registration=submitted).protection_days == 120


def test_a_tier_protection_applies_without_published_rules(world, ops, products):
    gold = ProgramTier.objects.get(program=default_program(), tier="gold")
    gold.protection_days = 30
    gold.save()
    membership_join(actor=ops, program=default_program(), partner=world.partner_a, tier="gold")
    submitted = registration_submit(actor=world.actor(world.rep_a), registration=make_draft(world, products))
    approved = registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert approved.protected_until == timezone.localdate() + timedelta(days=30)
    assert DealRegistration.objects.get(pk=approved.pk).status == "approved"


# --- the old free-text rules, carried over ---


def test_acceptances_of_the_former_text_carry_over_to_the_rules_in_force(world, ops):
    migration = __import__("engagement.migrations.0003_rules_per_program", fromlist=["carry_acceptances"])
    rules = publish(ops)
    old = AgreementVersion.objects.create(kind="rules_of_engagement", version=1, title_en="RoE", body_en="x")
    older = AgreementVersion.objects.create(
        kind="rules_of_engagement", version=0, title_en="RoE", body_en="x"
    )
    AgreementAcceptance.objects.create(version=old, partner=world.partner_a, accepted_by=world.admin_a)
    AgreementAcceptance.objects.create(version=older, partner=world.partner_b, accepted_by=world.admin_b)
    migration.carry_acceptances(django_apps, None)
    carried = RuleSetAcceptance.objects.get()
    assert (carried.ruleset, carried.partner, carried.accepted_by) == (rules, world.partner_a, world.admin_a)
    assert rules_to_accept(partner=world.partner_b) == rules  # it accepted an older text only
