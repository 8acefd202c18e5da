"""Territories: which channel account manager looks after which place, and whom a new partner gets.

A CAM (or the channel chief) holds territories: regions and/or countries. A new partner from a country
gets the CAM whose territory covers it, most specific first: a CAM holding the country, else one holding
its region. Among several, the one looking after the fewest live partners (`LOAD_STATUSES`); ties by
name. When no territory covers the place the partner stays unassigned, and the reason says so. A reviewer
may choose another CAM explicitly (`CamBasis.CHOSEN`). Inactive users and users no longer in a CAM role
keep their rows but are never picked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django_countries import countries

from core.roles import StaffRole
from partners.choices import CamBasis, PartnerStatus, Region
from partners.models import Partner, Territory
from partners.models import StaffUser as User
from partners.selectors import account_managers

if TYPE_CHECKING:
    from core.actor import Actor

# What counts as a CAM's load: the partners they currently look after.
LOAD_STATUSES = (PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)


def country_name(code: str) -> str:
    return str(dict(countries).get(code, code)) if code else ""


def describe_cam_basis(*, basis: str, country: str, region: str, chosen_by: Any = None) -> str:
    """Why a partner from this place gets (or would get) its CAM, in the reader's language."""
    if basis == CamBasis.COUNTRY:
        return _("Territory: %(place)s") % {"place": country_name(country)}
    if basis == CamBasis.REGION:
        label = Region(region).label if region in Region.values else region
        return _("Territory: %(place)s") % {"place": label}
    if basis == CamBasis.NONE:
        return _("No territory covers %(place)s") % {"place": country_name(country) or region or "—"}
    if basis == CamBasis.CHOSEN:
        name = getattr(chosen_by, "display_name", "") or _("the reviewer")
        return _("Chosen by %(name)s") % {"name": name}
    return ""


@dataclass(frozen=True)
class CamProposal:
    """The CAM a partner from `country`/`region` gets by territory (None: no territory covers it)."""

    cam: User | None
    basis: str
    country: str
    region: str
    candidates: int = 0  # CAMs holding the matching territory
    load: int = 0  # the chosen CAM's live partners

    @property
    def reason(self) -> str:
        return describe_cam_basis(basis=self.basis, country=self.country, region=self.region)


def portfolio_loads(*, actor: Actor, users: Iterable[User]) -> dict[int, int]:
    """User pk -> number of live partners they are the CAM of."""
    rows = (
        Partner.objects.visible_to(actor)
        .filter(cam__in=users, status__in=LOAD_STATUSES)
        .values("cam")
        .annotate(n=Count("id"))
    )
    return {row["cam"]: row["n"] for row in rows}


def _least_loaded(*, actor: Actor, users: list[User]) -> tuple[User, int]:
    loads = portfolio_loads(actor=actor, users=users)
    best = min(users, key=lambda u: (loads.get(u.pk, 0), u.display_name.casefold(), u.email))
    return best, loads.get(best.pk, 0)


def cam_proposal(*, actor: Actor, country: str, region: str) -> CamProposal:
    """Pick the CAM for a new partner in `country` (ISO code) and `region` (a `Region` value)."""
    country = (country or "").upper()
    holders = (
        Territory.objects.visible_to(actor)
        .filter(user__in=account_managers(actor=actor))
        .select_related("user")
    )
    for basis, lookup in ((CamBasis.COUNTRY, {"country": country}), (CamBasis.REGION, {"region": region})):
        if not next(iter(lookup.values())):
            continue
        users = list({t.user.pk: t.user for t in holders.filter(**lookup)}.values())
        if users:
            cam, load = _least_loaded(actor=actor, users=users)
            return CamProposal(
                cam=cam, basis=basis, country=country, region=region, candidates=len(users), load=load
            )
    return CamProposal(cam=None, basis=CamBasis.NONE, country=country, region=region)


def cam_is_assignable(user: User | None) -> bool:
    """Whether `user` may be made a partner's CAM or hold territories: an active CAM or the chief."""
    return user is not None and user.is_active and user.staff_role in (StaffRole.CAM, StaffRole.CHIEF)


# --- the territories page and API --------------------------------------------------------------------


@dataclass
class CamTerritories:
    """One CAM with the regions and countries they hold and the live partners they look after."""

    user: User
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    load: int = 0

    @property
    def region_labels(self) -> list[str]:
        return [str(Region(r).label) for r in self.regions if r in Region.values]

    @property
    def country_names(self) -> list[str]:
        return [country_name(c) for c in self.countries]


def territories_of(*, actor: Actor, users: Iterable[User]) -> dict[int, tuple[list[str], list[str]]]:
    """User pk -> (regions, countries) they hold, sorted."""
    regions: dict[int, list[str]] = defaultdict(list)
    held: dict[int, list[str]] = defaultdict(list)
    for row in Territory.objects.visible_to(actor).filter(user__in=users).values("user", "region", "country"):
        if row["region"]:
            regions[row["user"]].append(row["region"])
        if row["country"]:
            held[row["user"]].append(row["country"])
    order = {value: i for i, value in enumerate(Region.values)}
    return {
        pk: (sorted(regions[pk], key=lambda r: order.get(r, 99)), sorted(held[pk]))
        for pk in {*regions, *held}
    }


def territory_board(*, actor: Actor) -> list[CamTerritories]:
    """Every active CAM (and the chief) with their territories and load, by name. Three queries."""
    users = sorted(account_managers(actor=actor), key=lambda u: (u.display_name.casefold(), u.email))
    held = territories_of(actor=actor, users=users)
    loads = portfolio_loads(actor=actor, users=users)
    rows = []
    for user in users:
        regions, countries_held = held.get(user.pk, ([], []))
        rows.append(
            CamTerritories(user=user, regions=regions, countries=countries_held, load=loads.get(user.pk, 0))
        )
    return rows


def cam_territories(*, actor: Actor, user: User) -> CamTerritories:
    regions, held = territories_of(actor=actor, users=[user]).get(user.pk, ([], []))
    load = portfolio_loads(actor=actor, users=[user]).get(user.pk, 0)
    return CamTerritories(user=user, regions=regions, countries=held, load=load)


def uncovered_regions(board: list[CamTerritories]) -> list[str]:
    """Labels of the regions no CAM holds as a whole (some of their countries may still be held)."""
    held = {r for row in board for r in row.regions}
    return [str(label) for value, label in Region.choices if value not in held]
