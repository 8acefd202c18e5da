"""The engine inside the registration lifecycle: index upkeep, claims, checks, explanations, visibility."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from conflicts.explain import render_reason
from conflicts.models import ConflictCheck, ConflictMatch, CustomerClaim, IndexedCustomer
from conflicts.tests.conftest import draft_data
from core.models import Event
from deals.models import RegistrationStatus as S
from deals.services import (
    registration_approve,
    registration_check,
    registration_close,
    registration_create,
    registration_reject,
    registration_submit,
    registrations_expire,
)
from direct.services import account_create, account_delete, account_update, deal_create
from engagement.testing import world_accepts


@pytest.fixture
def named_account(world):
    account = account_create(
        actor=world.actor(world.ops),
        data={
            "name": "Contoso Cycling AG",
            "legal_name": "Contoso Velo AG",
            "web_domain": "contoso-cycling.example",
            "is_named_account": True,
            "segment": "enterprise",
        },
    )
    deal_create(
        actor=world.actor(world.ops), account=account, data={"name": "Contoso fleet", "amount": "90000"}
    )
    return account


def register(world, user, products, **data):
    registration, _ = registration_create(
        actor=world.actor(user),
        data=draft_data(**data),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    return registration_submit(actor=world.actor(user), registration=registration)


def indexed(source, pk):
    return sorted(
        IndexedCustomer.objects.filter(source=source, record_id=pk).values_list("name_key", flat=True)
    )


def test_direct_accounts_are_indexed_while_active(world, named_account):
    assert indexed("direct_account", named_account.pk) == ["contoso cycling", "contoso velo"]
    account_update(actor=world.actor(world.ops), account=named_account, data={"name": "Contoso Bikes AG"})
    assert indexed("direct_account", named_account.pk) == ["contoso bikes", "contoso velo"]
    account_delete(actor=world.actor(world.ops), account=named_account)  # has a deal: deactivated
    assert indexed("direct_account", named_account.pk) == []


def test_registrations_are_indexed_and_claim_while_live(world, draft, products):
    assert indexed("registration", draft.pk) == [] and not CustomerClaim.objects.exists()
    submitted = registration_submit(actor=world.actor(world.rep_a), registration=draft)
    assert indexed("registration", draft.pk) == ["contoso cycling"]
    assert sorted(CustomerClaim.objects.values_list("key", flat=True)) == [
        "domain:contoso-cycling.example",
        "name:DE:contoso cycling",
        "tax:DE123456",
    ]
    approved = registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert indexed("registration", draft.pk) == ["contoso cycling"] and CustomerClaim.objects.count() == 3
    registration_close(actor=world.actor(world.rep_a), registration=approved, won=False, lost_reason="Price")
    assert indexed("registration", draft.pk) == [] and not CustomerClaim.objects.exists()


def test_expiry_and_rejection_release_the_customer(world, approved, products):
    registrations_expire(today=approved.protected_until + timedelta(days=1))
    assert not CustomerClaim.objects.exists() and indexed("registration", approved.pk) == []
    other = register(world, world.rep_b, products)
    registration_reject(actor=world.actor(world.cam), registration=other, reason="Duplicate")
    assert not CustomerClaim.objects.exists() and indexed("registration", other.pk) == []


def test_a_clear_registration_has_a_clear_check(world, submitted):
    check = ConflictCheck.objects.get(registration=submitted)
    assert check.outcome == "clear" and not check.matches.exists()
    assert check.engagement_outcome == "channel"
    event = Event.objects.get(verb="deal_registration.submitted")
    assert event.after["conflict_check"] == "clear"
    from core.events import describe_changes

    with translation.override("ru"):
        rows = {str(label): str(after) for label, _before, after in describe_changes(event)}
    assert rows["проверка конфликтов"] == "Конфликтов нет"


def test_a_named_direct_account_is_a_conflict_with_reasons(world, named_account, products):
    registration = register(world, world.rep_a, products, customer_tax_id="")
    check = ConflictCheck.objects.get(registration=registration)
    assert check.outcome == "conflict"
    (match,) = check.matches.all()
    assert match.matched_account == named_account and match.score == 100
    codes = [r["code"] for r in match.reasons]
    assert codes == ["same_domain", "similar_name", "named_account", "open_direct_deal"]
    texts = [render_reason(r["code"], r["params"]) for r in match.reasons]
    assert texts[0] == "Same web domain (contoso-cycling.example)"
    assert texts[1] == "Same name after normalisation"
    assert texts[2] == "Named account reserved for direct sales"
    assert texts[3].startswith("Open direct deal “Contoso fleet” (Prospecting, 90000.00 USD")
    with translation.override("ru"):
        assert render_reason("named_account", {}) == "Именной клиент зарезервирован за прямыми продажами"
        assert "транслитерации (92%)" in render_reason("similar_name", {"score": 92, "how": "sound"})


def test_the_first_registration_holds_the_customer(world, submitted, products):
    second = register(world, world.rep_b, products, customer_name="Contoso Cycling GmbH & Co. KG")
    check = ConflictCheck.objects.get(registration=second)
    (match,) = check.matches.all()
    assert match.matched_registration == submitted
    assert [r["code"] for r in match.reasons][:1] == ["claimed_first"]
    assert {
        "code": "partner_registration",
        "params": {"status": "submitted", "partner": "Alpha Systems", "earlier": True},
    } in match.reasons
    tie = next(r for r in match.reasons if r["code"] == "tie_break")
    assert tie["params"]["winner"] == "other"
    assert render_reason("tie_break", tie["params"]) == (
        "The tie-breaker between competing partners favours the other registration: The first to submit wins"
    )
    # Only the first holds the claims, so only the first can be approved.
    assert set(CustomerClaim.objects.values_list("registration_id", flat=True)) == {submitted.pk}
    with pytest.raises(ValidationError) as refused:
        registration_approve(
            actor=world.actor(world.cam), registration=second, note="Bravo was first, really"
        )
    assert "Alpha Systems registered this customer first" in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == S.SUBMITTED and second.protected_until is None
    # Once the first is rejected, the second can take the customer.
    registration_reject(
        actor=world.actor(world.cam), registration=submitted, reason="Bravo has the relationship"
    )
    registration_approve(actor=world.actor(world.cam), registration=second, note="Alpha's was rejected")
    assert set(CustomerClaim.objects.values_list("registration_id", flat=True)) == {second.pk}


def test_approving_over_a_conflict_needs_an_explanation(world, named_account, products):
    registration = register(world, world.rep_a, products)
    with pytest.raises(ValidationError) as refused:
        registration_approve(actor=world.actor(world.cam), registration=registration)
    assert "Explain why you approve" in refused.value.messages[0]
    registration.refresh_from_db()
    assert (
        registration.status == S.SUBMITTED
        and not Event.objects.filter(verb="deal_registration.approved").exists()
    )
    registration_approve(actor=world.actor(world.cam), registration=registration, note="Direct team agreed")
    event = Event.objects.get(verb="deal_registration.approved")
    assert event.after["decision_reason"] == "Direct team agreed"


def test_partners_never_see_matches(world, named_account, products):
    registration = register(world, world.rep_a, products)
    actor = world.actor(world.rep_a)
    assert ConflictCheck.objects.visible_to(actor).filter(registration=registration).count() == 1
    assert not ConflictMatch.objects.visible_to(actor).exists()
    assert ConflictMatch.objects.visible_to(world.actor(world.cam)).count() == 1


@pytest.fixture
def published_rules(world):
    from engagement.services import ruleset_create_draft, ruleset_publish, ruleset_update

    actor = world.actor(world.ops)
    ruleset = ruleset_create_draft(actor=actor)
    ruleset_update(actor=actor, ruleset=ruleset, data={"tier_protection_days": {"gold": 120}})
    published = ruleset_publish(actor=actor, ruleset=ruleset)
    world_accepts(world)
    return published


def test_staff_rerun_the_check_when_records_change(world, submitted, published_rules):
    assert ConflictCheck.objects.get(registration=submitted).outcome == "clear"
    account_create(actor=world.actor(world.ops), data={"name": "Contoso Cycling", "is_named_account": True})
    with pytest.raises(Exception):  # noqa: B017,PT011 - a partner may not run it
        registration_check(actor=world.actor(world.rep_a), registration=submitted)
    check = registration_check(actor=world.actor(world.cam), registration=submitted)
    assert check.outcome == "conflict" and check.engagement_outcome == "direct"
    assert ConflictCheck.objects.filter(registration=submitted).count() == 2
    assert Event.objects.filter(verb="deal_registration.checked").count() == 1


def test_a_draft_is_not_checked_on_demand(world, draft):
    with pytest.raises(Http404):  # for the vendor a draft does not exist yet
        registration_check(actor=world.actor(world.cam), registration=draft)
    assert not ConflictCheck.objects.exists()


def test_same_partner_duplicates_are_flagged(world, submitted, products):
    again = register(
        world,
        world.admin_a,
        products,
        customer_domain="contoso-bikes.example",
        customer_tax_id="",
        customer_name="Contoso Cycling",
    )
    (match,) = ConflictCheck.objects.get(registration=again).matches.all()
    assert "own_registration" in [r["code"] for r in match.reasons]
    assert timezone.now()


def test_protection_follows_the_published_rules_for_the_partner_tier(world, draft, published_rules):
    type(world.partner_a).objects.filter(pk=world.partner_a.pk).update(tier="gold")
    draft.partner.refresh_from_db()
    submitted = registration_submit(actor=world.actor(world.rep_a), registration=draft)
    check = ConflictCheck.objects.get(registration=submitted)
    assert check.engagement_version == published_rules.version and check.protection_days == 120
    approved = registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert approved.protected_until == timezone.localdate() + timedelta(days=120)
    assert Event.objects.get(verb="deal_registration.approved").after["protection_days"] == 120


def test_the_tie_breaker_of_the_rules_is_explained(world, submitted, products, published_rules):
    from engagement.services import ruleset_create_draft, ruleset_publish

    actor = world.actor(world.ops)
    ruleset_publish(
        actor=actor, ruleset=ruleset_create_draft(actor=actor, data={"tie_breaker": "higher_tier"})
    )
    world_accepts(world)  # a new version: accepted again before submitting
    type(world.partner_b).objects.filter(pk=world.partner_b.pk).update(tier="gold")
    second = register(world, world.rep_b, products)
    (match,) = ConflictCheck.objects.get(registration=second).matches.all()
    tie = next(r for r in match.reasons if r["code"] == "tie_break")
    assert tie["params"]["winner"] == "this"
    assert render_reason("tie_break", tie["params"]) == (
        "The tie-breaker between competing partners favours this registration: "
        "The higher tier wins: Gold over Registered"
    )


def test_the_pipeline_filters_on_the_latest_check(world, submitted, products):
    from deals.selectors import registration_list

    account_create(actor=world.actor(world.ops), data={"name": "Northwind Traders", "is_named_account": True})
    flagged = register(
        world, world.rep_b, products, customer_name="Northwind Traders Ltd", customer_tax_id=""
    )
    actor = world.actor(world.cam)

    def listed(outcome):
        return [r.pk for r in registration_list(actor=actor, filters={"conflict": outcome})]

    assert listed("conflict") == [flagged.pk]
    assert listed("clear") == [submitted.pk]
    assert registration_list(actor=actor).get(pk=flagged.pk).conflict_outcome == "conflict"


def test_partners_do_not_see_the_vendors_facts_about_the_customer(world, products):
    from conflicts.selectors import engagement_reasons_for
    from engagement.services import rule_create, ruleset_create_draft, ruleset_publish

    actor = world.actor(world.ops)
    draft = ruleset_create_draft(actor=actor)
    rule_create(actor=actor, ruleset=draft, data={"segments": ["enterprise"], "outcome": "review"})
    ruleset_publish(actor=actor, ruleset=draft)
    world_accepts(world)
    account_create(actor=world.actor(world.ops), data={"name": "Contoso Cycling", "segment": "enterprise"})
    registration = register(world, world.rep_a, products)
    check = ConflictCheck.objects.get(registration=registration)
    assert check.engagement_outcome == "review"
    staff_codes = [r["code"] for r in engagement_reasons_for(actor=world.actor(world.cam), check=check)]
    partner_codes = [r["code"] for r in engagement_reasons_for(actor=world.actor(world.rep_a), check=check)]
    assert "segment" in staff_codes and "segment" not in partner_codes
    assert set(partner_codes) == set(staff_codes) - {"segment"}
