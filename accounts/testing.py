"""The shared test kit: fixed personas every app's tests use.

Two partner companies (A, B) with an admin and a rep each, a distributor with one reseller, and one
vendor staff user per role. `world` builds them; `api_client` gives a client calling the API with a
user's personal token; `login` (core/testing.py) gives a logged-in Django test client.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.models import Membership, User
from accounts.services import api_token_create
from core.actor import build_actor
from core.roles import PartnerRole, StaffRole
from partners.choices import PartnerStatus, PartnerType, Region
from partners.models import Partner

PASSWORD = "kanal-test-Passw0rd!"


def make_user(email: str, *, staff_role: str = "", full_name: str = "") -> User:
    return User.objects.create_user(
        email, PASSWORD, staff_role=staff_role, full_name=full_name or email.split("@")[0]
    )


def make_partner(
    name: str,
    *,
    partner_type: str = PartnerType.RESELLER,
    status: str = PartnerStatus.ACTIVE,
    parent: Partner | None = None,
    cam: User | None = None,
    **extra,
) -> Partner:
    slug = name.lower().replace(" ", "")
    defaults = {"web_domain": f"{slug}.example", "region": Region.EUROPE, "country": "DE", "city": "Berlin"}
    return Partner.objects.create(
        name=name, partner_type=partner_type, status=status, parent=parent, cam=cam, **(defaults | extra)
    )


def make_member(partner: Partner, email: str, role: str = PartnerRole.REP) -> User:
    user = make_user(email)
    Membership.objects.create(user=user, partner=partner, role=role)
    return user


@dataclass
class World:
    chief: User
    cam: User
    marketing: User
    ops: User
    partner_a: Partner
    admin_a: User
    rep_a: User
    partner_b: Partner
    admin_b: User
    rep_b: User
    distributor: Partner
    dist_admin: User
    reseller: Partner
    reseller_admin: User

    def actor(self, user: User):
        return build_actor(user)

    @property
    def staff(self) -> list[User]:
        return [self.chief, self.cam, self.marketing, self.ops]


def build_world() -> World:
    chief = make_user("chief@vendor.test", staff_role=StaffRole.CHIEF, full_name="Chief Channel")
    cam = make_user("cam@vendor.test", staff_role=StaffRole.CAM, full_name="Cam Manager")
    marketing = make_user("marketing@vendor.test", staff_role=StaffRole.MARKETING)
    ops = make_user("ops@vendor.test", staff_role=StaffRole.OPS)
    partner_a = make_partner("Alpha Systems", cam=cam)
    partner_b = make_partner(
        "Bravo Trading", cam=cam, region=Region.NORTH_AMERICA, country="US", city="Boston"
    )
    distributor = make_partner("Delta Distribution", partner_type=PartnerType.DISTRIBUTOR, cam=cam)
    reseller = make_partner("Rho Retail", partner_type=PartnerType.RETAILER, parent=distributor, cam=cam)
    return World(
        chief=chief,
        cam=cam,
        marketing=marketing,
        ops=ops,
        partner_a=partner_a,
        admin_a=make_member(partner_a, "admin@alpha.test", PartnerRole.ADMIN),
        rep_a=make_member(partner_a, "rep@alpha.test", PartnerRole.REP),
        partner_b=partner_b,
        admin_b=make_member(partner_b, "admin@bravo.test", PartnerRole.ADMIN),
        rep_b=make_member(partner_b, "rep@bravo.test", PartnerRole.REP),
        distributor=distributor,
        dist_admin=make_member(distributor, "admin@delta.test", PartnerRole.ADMIN),
        reseller=reseller,
        reseller_admin=make_member(reseller, "admin@rho.test", PartnerRole.ADMIN),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def api_client():
    """A client that calls the API with a personal token of the given user."""

    def _client(user: User) -> Client:
        _token, raw = api_token_create(actor=build_actor(user), name="test")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return _client
