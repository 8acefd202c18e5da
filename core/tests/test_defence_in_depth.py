"""Services read and lock through `visible_to(actor)` (core.scoping.lock_visible), not by bare primary key.

Even if a permission check were wrong, a service handed another partner's object, or a staff-only one,
refuses with 404 and changes nothing. The permission table is broken on purpose here (every `can` is
true) so that only the scope stands between partner A's admin and the rows.
"""

import pytest
from django.http import Http404

from accounts.models import Membership
from core.actor import Actor
from core.models import Event
from core.scoping import lock_visible
from core.testing import snapshot
from partners.models import Partner


@pytest.fixture
def rows(world):
    from accounts.services import invitation_create_for_partner
    from catalog.models import Product, ProductFamily
    from direct.models import DirectAccount, DirectDeal
    from engagement.models import Rule, RuleSet
    from onboarding.models import ChecklistStep
    from recruitment.models import Application, Prospect

    family = ProductFamily.objects.create(name="Direct bikes")
    account = DirectAccount.objects.create(name="Direct Co", web_domain="direct-co.example")
    draft = RuleSet.objects.create(version=2, status="draft")
    invitation, _raw = invitation_create_for_partner(
        actor=world.actor(world.admin_b),
        partner=world.partner_b,
        email="new@bravo.test",
        role="rep",
        send=False,
    )
    return {
        "partner_b": world.partner_b,
        "membership_b": Membership.objects.get(user=world.rep_b),
        "invitation_b": invitation,
        "direct_family": family,
        "direct_product": Product.objects.create(
            sku="D-1", name="Direct bike", family=family, list_price="1.00", channel_eligibility="direct_only"
        ),
        "draft": draft,
        "draft_rule": Rule.objects.create(ruleset=draft, position=1, outcome="direct"),
        "account": account,
        "deal": DirectDeal.objects.create(account=account, name="Direct deal", amount="5.00"),
        "prospect": Prospect.objects.create(
            company_name="Prospect Co", partner_type="dealer", source="referral"
        ),
        "application": Application.objects.create(
            company_name="Applicant Co",
            web_domain="applicant.example",
            country="DE",
            region="europe",
            partner_type="reseller",
            contact_name="Ann",
            contact_email="ann@applicant.example",
            motivation="x",
        ),
        "step": ChecklistStep.objects.create(partner_type=world.partner_b.partner_type, title_en="Kick-off"),
    }


def _calls(rows):
    from accounts.services import invitation_revoke, membership_change_role, membership_set_active
    from catalog.services import family_update, product_update
    from direct.services import account_update, deal_update
    from engagement.services import rule_update, ruleset_update
    from onboarding.services import step_complete
    from partners.services import partner_change_status, partner_update
    from recruitment.services import application_reject, prospect_update

    return {
        "partner_update": (partner_update, {"partner": rows["partner_b"], "data": {"city": "Nowhere"}}),
        "partner_change_status": (
            partner_change_status,
            {"partner": rows["partner_b"], "to_status": "at_risk"},
        ),
        "membership_change_role": (
            membership_change_role,
            {"membership": rows["membership_b"], "role": "admin"},
        ),
        "membership_set_active": (
            membership_set_active,
            {"membership": rows["membership_b"], "active": False},
        ),
        "invitation_revoke": (invitation_revoke, {"invitation": rows["invitation_b"]}),
        "product_update": (product_update, {"product": rows["direct_product"], "data": {"name": "Mine"}}),
        "family_update": (family_update, {"family": rows["direct_family"], "data": {"name": "Mine"}}),
        "ruleset_update": (ruleset_update, {"ruleset": rows["draft"], "data": {"notes": "Mine"}}),
        "rule_update": (rule_update, {"rule": rows["draft_rule"], "data": {"outcome": "channel"}}),
        "account_update": (account_update, {"account": rows["account"], "data": {"notes": "Mine"}}),
        "deal_update": (deal_update, {"deal": rows["deal"], "data": {"name": "Mine"}}),
        "prospect_update": (prospect_update, {"prospect": rows["prospect"], "data": {"notes": "Mine"}}),
        "application_reject": (application_reject, {"application": rows["application"], "reason": "No."}),
        "step_complete": (step_complete, {"partner": rows["partner_b"], "step": rows["step"]}),
    }


CALLS = [
    "partner_update",
    "partner_change_status",
    "membership_change_role",
    "membership_set_active",
    "invitation_revoke",
    "product_update",
    "family_update",
    "ruleset_update",
    "rule_update",
    "account_update",
    "deal_update",
    "prospect_update",
    "application_reject",
    "step_complete",
]


@pytest.mark.parametrize("name", CALLS)
def test_a_service_refuses_rows_out_of_scope_even_when_permissions_fail_open(world, rows, monkeypatch, name):
    service, kwargs = _calls(rows)[name]
    before = {key: snapshot(row) for key, row in rows.items()}
    events = Event.objects.count()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    monkeypatch.setattr(Actor, "partner_id", property(lambda self: kwargs.get("partner", world.partner_a).pk))

    with pytest.raises(Http404):
        service(actor=world.actor(world.admin_a), **kwargs)

    assert {key: snapshot(row) for key, row in rows.items()} == before
    assert Event.objects.count() == events


@pytest.mark.parametrize("name", CALLS)
def test_the_same_calls_go_through_for_staff(world, rows, monkeypatch, name):
    """The control: the same calls, permissions failing open alike, with the rows in scope: no 404."""
    service, kwargs = _calls(rows)[name]
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    service(actor=world.actor(world.ops), **kwargs)


def test_lock_visible_reads_through_the_scope(world):
    partner_a = world.actor(world.admin_a)
    assert lock_visible(Partner.objects, actor=partner_a, pk=world.partner_a.pk) == world.partner_a
    with pytest.raises(Http404):
        lock_visible(Partner.objects, actor=partner_a, pk=world.partner_b.pk)
    assert (
        lock_visible(Partner.objects, actor=world.actor(world.cam), pk=world.partner_b.pk) == world.partner_b
    )
