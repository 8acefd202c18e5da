"""`visible_to`: one declaration per model (core/scoping.py), distinct rows, conditional visibility."""

from collections import Counter

import pytest
from django.db.models import Q

from accounts.models import Membership, User
from catalog.models import Product, ProductFamily
from core.actor import ANONYMOUS, build_actor, system_actor
from core.events import record_event
from core.models import Event
from core.roles import PartnerRole
from core.scoping import PUBLIC, STAFF_ONLY, scope_condition
from core.selectors import audit_events
from deals.models import DealRegistration
from deals.selectors import registration_list
from engagement.models import Rule, RuleSet
from notifications.models import Notification
from notifications.services import notify
from partners.models import Partner
from partners.selectors import partner_directory

# ---- the declaration, without a database ---------------------------------------------------------------


class _Staff:
    is_staff, is_partner, user = True, False, object()
    visible_partner_ids: frozenset[int] = frozenset()


class _PartnerUser:
    is_staff, is_partner, visible_partner_ids = False, True, frozenset({7})

    class user:  # noqa: N801 - a stand-in user with a primary key
        pk = 42


def test_scope_condition_reads_the_model_declaration():
    class Owned:
        partner_scope = "partner_id"

    class Public:
        partner_scope = PUBLIC
        partner_filter = Q(status="published")
        staff_filter = Q(hidden=False)

    class Dynamic:
        partner_scope = "partner_id"

        @staticmethod
        def partner_filter(actor):
            return Q(owner_id=actor.user.pk)

    class Personal:
        user_scope = "user_id"

    class Hidden:
        partner_scope = STAFF_ONLY

    partner, staff = _PartnerUser(), _Staff()
    assert scope_condition(Owned, partner) == Q(partner_id__in=frozenset({7}))
    assert scope_condition(Owned, staff) == Q()
    assert scope_condition(Owned, ANONYMOUS) is None
    assert scope_condition(Public, partner) == Q(status="published")
    assert scope_condition(Public, ANONYMOUS) == Q(status="published")
    assert scope_condition(Public, staff) == Q(hidden=False)
    assert scope_condition(Dynamic, partner) == Q(partner_id__in=frozenset({7})) & Q(owner_id=42)
    assert scope_condition(Personal, partner) == Q(user_id=42)
    assert scope_condition(Personal, ANONYMOUS) is None
    assert scope_condition(Hidden, partner) is None
    assert scope_condition(Hidden, staff) == Q()


# ---- distinct rows -----------------------------------------------------------------------------------------


@pytest.fixture
def dist_admin_also_in_reseller(world):
    """The distributor's admin is also a member of its reseller: two of its memberships are in scope."""
    Membership.objects.create(user=world.dist_admin, partner=world.reseller, role=PartnerRole.REP)
    for partner in (world.distributor, world.reseller):
        DealRegistration.objects.create(
            partner=partner,
            registered_by=world.dist_admin,
            customer_name=f"Customer of {partner.name}",
            status="submitted",
            amount="10.00",
        )
        record_event(actor=world.actor(world.dist_admin), verb="test.event", target=partner, partner=partner)
    actor = build_actor(world.dist_admin, requested_partner_id=world.distributor.pk)
    assert actor.visible_partner_ids == {world.distributor.pk, world.reseller.pk}
    return actor


def _once(rows) -> list:
    return [key for key, n in Counter(rows).items() if n > 1]


def test_a_user_in_two_visible_partners_is_listed_once(world, dist_admin_also_in_reseller):
    actor = dist_admin_also_in_reseller
    # The scope path crosses a one-to-many relation: a plain join repeats the user (the case to guard).
    joined = User.objects.filter(memberships__partner_id__in=actor.visible_partner_ids)
    assert _once(joined.values_list("pk", flat=True)) == [world.dist_admin.pk]

    users = list(User.objects.visible_to(actor).values_list("pk", flat=True))
    assert _once(users) == []
    assert set(users) == {world.dist_admin.pk, world.reseller_admin.pk}


def test_partners_registrations_and_events_are_listed_once(world, dist_admin_also_in_reseller):
    actor = dist_admin_also_in_reseller
    partners = [p.pk for p in partner_directory(actor=actor)]
    assert sorted(partners) == sorted([world.distributor.pk, world.reseller.pk])
    registrations = [r.pk for r in registration_list(actor=actor)]
    assert len(registrations) == 2 and _once(registrations) == []
    events = [e.pk for e in audit_events(actor=actor)]
    assert len(events) == 2 and _once(events) == []


def _ids(payload) -> list[str]:
    items = payload["items"] if isinstance(payload, dict) else payload
    return [item["id"] for item in items]


def test_the_api_lists_each_row_once(world, dist_admin_also_in_reseller, api_client):
    client = api_client(world.dist_admin)
    for url, expected in (("/api/partners", 2), ("/api/deals/registrations", 2), ("/api/events", 2)):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        ids = _ids(response.json())
        assert len(ids) >= expected and _once(ids) == [], url


# ---- conditional visibility, declared on the models ----------------------------------------------------


@pytest.fixture
def catalogue(db):
    sellable = ProductFamily.objects.create(name="Sellable")
    direct = ProductFamily.objects.create(name="Direct only")
    make = lambda sku, family, **kw: Product.objects.create(  # noqa: E731
        sku=sku, name=sku, family=family, list_price="1.00", **kw
    )
    return {
        "both": make("P-BOTH", sellable, channel_eligibility="both"),
        "channel": make("P-CHAN", sellable, channel_eligibility="channel_only"),
        "inactive": make("P-OLD", sellable, channel_eligibility="both", is_active=False),
        "direct": make("P-DIR", direct, channel_eligibility="direct_only"),
        "sellable": sellable,
        "direct_family": direct,
    }


def test_partners_see_active_channel_products_and_their_families(world, catalogue):
    partner = world.actor(world.rep_a)
    assert set(Product.objects.visible_to(partner)) == {catalogue["both"], catalogue["channel"]}
    assert list(ProductFamily.objects.visible_to(partner)) == [catalogue["sellable"]]  # once, not per product
    assert set(Product.objects.visible_to(ANONYMOUS)) == {catalogue["both"], catalogue["channel"]}
    staff = world.actor(world.cam)
    assert Product.objects.visible_to(staff).count() == 4
    assert ProductFamily.objects.visible_to(staff).count() == 2


def test_partners_see_the_published_rule_set_only(world):
    published = RuleSet.objects.create(version=1, status="published")
    draft = RuleSet.objects.create(version=2, status="draft")
    retired = RuleSet.objects.create(version=3, status="retired")
    rules = {
        rs: Rule.objects.create(ruleset=rs, position=1, outcome="channel")
        for rs in (published, draft, retired)
    }
    partner = world.actor(world.admin_a)
    assert list(RuleSet.objects.visible_to(partner)) == [published]
    assert list(Rule.objects.visible_to(partner)) == [rules[published]]
    assert RuleSet.objects.visible_to(world.actor(world.ops)).count() == 3
    assert Rule.objects.visible_to(system_actor()).count() == 3


def test_notifications_are_personal_for_staff_too(world):
    (mine,) = notify(users=[world.cam], verb="t", message="For the CAM", partner=world.partner_a)
    (theirs,) = notify(users=[world.admin_a], verb="t", message="For Alpha", partner=world.partner_a)
    assert list(Notification.objects.visible_to(world.actor(world.cam))) == [mine]
    assert list(Notification.objects.visible_to(world.actor(world.admin_a))) == [theirs]
    assert not Notification.objects.visible_to(world.actor(world.rep_a)).exists()
    assert not Notification.objects.visible_to(world.actor(world.chief)).exists()
    assert not Notification.objects.visible_to(system_actor()).exists()
    assert not Notification.objects.visible_to(ANONYMOUS).exists()


def test_staff_only_rows_stay_hidden_from_partners(world):
    from direct.models import DirectAccount

    DirectAccount.objects.create(name="Direct Co")
    assert not DirectAccount.objects.visible_to(world.actor(world.admin_a)).exists()
    assert DirectAccount.objects.visible_to(world.actor(world.cam)).count() == 1
    assert Partner.objects.visible_to(ANONYMOUS).count() == 0
    assert Event.objects.visible_to(ANONYMOUS).count() == 0
