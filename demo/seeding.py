"""Demo data: the "Kanal Bikes" partner program, built on AdventureWorks' reseller channel.

`seed_demo()` creates vendor staff (one login per role), the 701 AdventureWorks resellers as partners
(status, tier and CAM from their sales history in `data/reseller_summary.csv`), the program documents,
onboarding checklists, partner logins and a recruitment pipeline. It is reproducible (fixed random seed)
and idempotent: when the demo ops user exists it does nothing.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership, User
from core.actor import Actor, system_actor
from core.events import record_event
from core.models import Event
from core.roles import PartnerRole, StaffRole
from demo import content
from demo.seed_announcements import create_announcements
from demo.seed_campaigns import create_campaigns
from demo.seed_collateral import create_collateral
from demo.seed_competition import create_competition
from demo.seed_content import create_content
from demo.seed_funds import create_funds
from demo.seed_health import create_health
from demo.seed_incentives import create_incentives, win_since_last_payout
from demo.seed_leads import create_leads
from demo.seed_learning import create_learning
from demo.seed_ledger import check_the_books, create_rates, pay_what_is_payable
from demo.seed_programs import accept_rules, create_programs, place_in_tiers, publish_rules_update
from demo.seed_recognition import create_recognition
from demo.seed_referrals import create_referrals
from demo.seed_tiers import create_tiers
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from partners.choices import (
    CamBasis,
    Capability,
    CompanySize,
    PartnerStatus,
    PartnerType,
    Region,
    Tier,
    Vertical,
)
from partners.models import Partner, Territory
from partners.services import partner_change_status, partner_create, partner_update
from programs.models import AgreementAcceptance, AgreementKind, AgreementVersion, ProgramCharter
from programs.services import default_program_enrol
from recruitment.models import Application, Prospect, RecruitmentTargets

DATA_DIR = Path(__file__).resolve().parent / "data"
PASSWORD = "kanal-demo-2026"
SEED = 2026
MARKER_EMAIL = "ops@kanal.demo"
DATA_END = date(2020, 5, 31)  # last order date in FactResellerSales; shifted to "today" in the demo
AT_RISK_BEFORE = date(2019, 6, 1)  # no orders in the last year of data
OFFBOARDED_BEFORE = date(2018, 6, 1)  # no orders in the last two years of data

TERRITORIES = {
    1: ("Northwest", "US"),
    2: ("Northeast", "US"),
    3: ("Central", "US"),
    4: ("Southwest", "US"),
    5: ("Southeast", "US"),
    6: ("Canada", "CA"),
    7: ("France", "FR"),
    8: ("Germany", "DE"),
    9: ("Australia", "AU"),
    10: ("United Kingdom", "GB"),
}
COUNTRY_CODES = {
    "United States": "US",
    "Canada": "CA",
    "France": "FR",
    "Germany": "DE",
    "United Kingdom": "GB",
    "Australia": "AU",
}
# A misparsed row may carry a state (or city) where the country belongs; these name its country.
STATE_COUNTRIES = {
    **dict.fromkeys(
        [
            "Alabama",
            "Arizona",
            "California",
            "Colorado",
            "Connecticut",
            "Florida",
            "Georgia",
            "Idaho",
            "Illinois",
            "Indiana",
            "Kentucky",
            "Maine",
            "Massachusetts",
            "Michigan",
            "Minnesota",
            "Mississippi",
            "Missouri",
            "Montana",
            "Nevada",
            "New Hampshire",
            "New Mexico",
            "New York",
            "North Carolina",
            "Ohio",
            "Oregon",
            "Rhode Island",
            "South Carolina",
            "South Dakota",
            "Tennessee",
            "Texas",
            "Utah",
            "Virginia",
            "Washington",
            "Wisconsin",
            "Wyoming",
            "Downey",
        ],
        "US",
    ),
    **dict.fromkeys(["Alberta", "British Columbia", "Brunswick", "Manitoba", "Ontario", "Quebec"], "CA"),
    **dict.fromkeys(["Bayern", "Brandenburg", "Hamburg", "Hessen", "Nordrhein-Westfalen", "Saarland"], "DE"),
    **dict.fromkeys(["New South Wales", "Queensland", "South Australia", "Victoria"], "AU"),
    "England": "GB",
    **dict.fromkeys(
        [
            "Essonne",
            "Garonne (Haute)",
            "Gers",
            "Hauts de Seine",
            "Loir et Cher",
            "Loiret",
            "Nord",
            "Pas de Calais",
            "Seine (Paris)",
            "Seine Saint Denis",
            "Seine et Marne",
            "Val d'Oise",
            "Val de Marne",
        ],
        "FR",
    ),
}
REGIONS = {
    "US": Region.NORTH_AMERICA,
    "CA": Region.NORTH_AMERICA,
    "FR": Region.EUROPE,
    "DE": Region.EUROPE,
    "GB": Region.EUROPE,
    "AU": Region.ASIA_PACIFIC,
}
PARTNER_TYPES = {
    "Value Added Reseller": PartnerType.RESELLER,
    "Specialty Bike Shop": PartnerType.RETAILER,
    "Warehouse": PartnerType.DISTRIBUTOR,
    "Ware House": PartnerType.DISTRIBUTOR,
}
LEGAL_SUFFIXES = {"US": "Inc.", "CA": "Ltd.", "GB": "Ltd", "DE": "GmbH", "FR": "SARL", "AU": "Pty Ltd"}
CAPABILITIES = {
    PartnerType.RESELLER: [
        Capability.PRESALES,
        Capability.IMPLEMENTATION,
        Capability.SUPPORT,
        Capability.TRAINING,
        Capability.FINANCING,
    ],
    PartnerType.RETAILER: [
        Capability.SHOWROOM,
        Capability.SERVICE,
        Capability.ECOMMERCE,
        Capability.FINANCING,
    ],
    PartnerType.DISTRIBUTOR: [
        Capability.LOGISTICS,
        Capability.FINANCING,
        Capability.ECOMMERCE,
        Capability.SUPPORT,
    ],
}
SIZES = [CompanySize.MICRO, CompanySize.SMALL, CompanySize.MEDIUM, CompanySize.LARGE, CompanySize.ENTERPRISE]

# ResellerKeys of the partners with demo logins: two companies and a distributor
# ("Bicycle Lines Distributors").
BIKE_STORE, PROGRESSIVE, DISTRIBUTOR = 1, 2, 381
TWO_TIER_RETAILERS = 30


@dataclass(frozen=True)
class Login:
    email: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Sales:
    first: date
    last: date
    total: Decimal
    orders: int
    territory: int
    employee: int


@dataclass
class Plan:
    """What the seeder will create for one reseller."""

    key: int
    data: dict
    status: str
    sales: Sales | None
    business_type: str


@dataclass
class Seeder:
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    password_hash: str = field(default_factory=lambda: make_password(PASSWORD))
    actor: Actor = field(default_factory=system_actor)
    staff: dict[str, User] = field(default_factory=dict)
    cams: dict[int, User] = field(default_factory=dict)
    partners: dict[int, Partner] = field(default_factory=dict)
    key_of: dict[int, int] = field(default_factory=dict)  # partner pk -> ResellerKey
    territories: dict[int, list[int]] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)
    versions: dict[str, AgreementVersion] = field(default_factory=dict)

    @property
    def shift(self) -> timedelta:
        """Sales dates are moved forward so that the last day of the data is today."""
        return self.today - DATA_END

    def moment(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=UTC)

    def days_ago(self, days: int, hour: int = 10) -> datetime:
        return self.moment(self.today - timedelta(days=days), hour)


# --- entry points ---------------------------------------------------------------------------------------


def demo_exists() -> bool:
    return User.objects.filter(email=MARKER_EMAIL).exists()


def seed_demo(*, today: date | None = None) -> bool:
    """Create the demo data unless it is there already. Returns whether anything was created."""
    if demo_exists():
        return False
    seeder = Seeder(today=today or timezone.localdate())
    with transaction.atomic():
        create_staff(seeder)
        create_cams(seeder, territories=load_territories(), summary=load_summary())
        create_program(seeder)
        install_checklists(seeder)
        plan_partners(seeder, resellers=load_resellers(), summary=load_summary())
        create_partners(seeder)
        attach_two_tier(seeder)
        default_program_enrol(actor=system_actor())
        record_program_history(seeder)
        create_programs(
            seeder, service_partner=seeder.partners[BIKE_STORE], referral_partner=seeder.partners[PROGRESSIVE]
        )
        create_partner_logins(seeder)
        create_recruitment(seeder)
        create_direct_accounts(seeder)
        create_catalog(seeder)
        create_rates(today=seeder.today)
        create_engagement_rules(seeder)
        create_registrations(seeder)
        create_content(seeder)
        create_announcements(seeder)
        create_collateral(seeder)
        create_learning(seeder)
        create_leads(
            seeder,
            partners={"bikestore": seeder.partners[BIKE_STORE], "progressive": seeder.partners[PROGRESSIVE]},
        )
        create_referrals(partners={"bikestore": seeder.partners[BIKE_STORE]})
        create_campaigns(seeder, partner=seeder.partners[BIKE_STORE])
        create_funds(seeder, partner=seeder.partners[BIKE_STORE], other=seeder.partners[PROGRESSIVE])
        create_incentives(seeder, partner=seeder.partners[BIKE_STORE])
        create_competition(bike_store=seeder.partners[BIKE_STORE], progressive=seeder.partners[PROGRESSIVE])
        # The rules of engagement changed lately: Progressive Sports has still to accept them.
        publish_rules_update(seeder, pending=seeder.partners[PROGRESSIVE])
        # Last: what funds and earnings made payable is paid through a real payout batch; a deal won since
        # leaves earnings payable for the next one, and the night's check proves the books balance.
        pay_what_is_payable()
        win_since_last_payout(partner=seeder.partners[BIKE_STORE])
        check_the_books()
        # After the books: the leaderboards' history of won deals was closed before any accrual ran.
        create_recognition(
            seeder,
            partner=seeder.partners[BIKE_STORE],
            other=seeder.partners[PROGRESSIVE],
            skip={demo_distributor(seeder).pk},
        )
        # Then every live partner is scored (with two months of history), a few quiet ones flagged at risk,
        # one of them with a recovery plan, and one partner flagged by hand winding down.
        create_health(seeder, spare=[seeder.partners[BIKE_STORE], seeder.partners[PROGRESSIVE]])
        # The tiers follow the ERP's sales; two evaluations: a warning three weeks ago, a move up today.
        create_tiers(seeder, bike_store=seeder.partners[BIKE_STORE], at_risk=seeder.partners[PROGRESSIVE])
    return True


def demo_logins() -> list[Login]:
    """Every demo login with its role and what it works on, staff first."""
    territories = _cam_territories()
    users = User.objects.filter(email__endswith=".demo").prefetch_related("memberships__partner")
    logins = []
    for user in users:
        if user.staff_role:
            detail = user.full_name
            if user.email in territories:
                detail += f" ({territories[user.email]})"
            logins.append(Login(user.email, str(StaffRole(user.staff_role).label), detail))
        for membership in user.memberships.all():
            logins.append(Login(user.email, str(PartnerRole(membership.role).label), membership.partner.name))
    staff_order = ["chief@kanal.demo", MARKER_EMAIL, "marketing@kanal.demo", "cam@kanal.demo"]
    partner_order = [email for _slot, email, _name, _role in PARTNER_LOGINS]

    def rank(login: Login) -> tuple:
        if login.email in staff_order:
            return (0, staff_order.index(login.email), "")
        if login.email in partner_order:
            return (2, partner_order.index(login.email), "")
        return (1, 0, login.email)

    return sorted(logins, key=rank)


def _cam_territories() -> dict[str, str]:
    """CAM email -> the AdventureWorks sales territories of the rep they stand in for."""
    memorable = load_summary()[BIKE_STORE].employee
    return {
        "cam@kanal.demo" if key == memorable else f"cam.{key}@kanal.demo": ", ".join(
            TERRITORIES[t][0] for t in sorted(keys)
        )
        for key, keys in load_territories().items()
    }


# --- source data ----------------------------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_resellers() -> list[dict[str, str]]:
    return _read("Resellers.csv")


def load_territories() -> dict[int, list[int]]:
    """EmployeeKey -> the sales territories they cover."""
    territories: dict[int, list[int]] = defaultdict(list)
    for row in _read("DimEmployeeSalesTerritory.csv"):
        territories[int(row["EmployeeKey"])].append(int(row["SalesTerritoryKey"]))
    return dict(territories)


def load_summary() -> dict[int, Sales]:
    return {
        int(row["ResellerKey"]): Sales(
            first=date.fromisoformat(row["FirstOrderDate"]),
            last=date.fromisoformat(row["LastOrderDate"]),
            total=Decimal(row["TotalSales"]),
            orders=int(row["OrderCount"]),
            territory=int(row["MainTerritoryKey"]),
            employee=int(row["MainEmployeeKey"]),
        )
        for row in _read("reseller_summary.csv")
    }


def country_code(row: dict[str, str]) -> str:
    for value in (row["Country_Region"], row["StateProvinceName"], row["City"]):
        code = COUNTRY_CODES.get(value.strip()) or STATE_COUNTRIES.get(value.strip())
        if code:
            return code
    raise ValueError(f"No country for reseller {row['ResellerKey']}: {row}")


# --- users ----------------------------------------------------------------------------------------------


def _user(seeder: Seeder, email: str, full_name: str, staff_role: str = "") -> User:
    # One password hash for every demo login: hashing ~25 times would cost more than the rest of the seed.
    return User.objects.create(
        email=email, full_name=full_name, staff_role=staff_role, password=seeder.password_hash
    )


def create_staff(seeder: Seeder) -> None:
    for email, name, role in [
        ("chief@kanal.demo", "Natalia Orlova", StaffRole.CHIEF),
        (MARKER_EMAIL, "Samuel Brooks", StaffRole.OPS),
        ("marketing@kanal.demo", "Isabel Costa", StaffRole.MARKETING),
    ]:
        seeder.staff[role] = _user(seeder, email, name, role)


def create_cams(seeder: Seeder, *, territories: dict[int, list[int]], summary: dict[int, Sales]) -> None:
    """The AdventureWorks sales reps who sold to resellers become channel account managers."""
    sellers = {sales.employee for sales in summary.values()}
    memorable = summary[BIKE_STORE].employee
    for key in sorted(k for k in territories if k in sellers):
        email = "cam@kanal.demo" if key == memorable else f"cam.{key}@kanal.demo"
        seeder.cams[key] = _user(seeder, email, content.CAM_NAMES[key], StaffRole.CAM)
    seeder.territories = territories
    rows = []
    for key, cam in seeder.cams.items():
        regions, countries = kanal_territories(territories[key])
        rows += [Territory(user=cam, region=region) for region in regions]
        rows += [Territory(user=cam, country=country) for country in countries]
    Territory.objects.bulk_create(rows)


def kanal_territories(keys: list[int]) -> tuple[list[str], list[str]]:
    """A rep's AdventureWorks sales territories as Kanal territories: (regions, countries).

    A rep covering every territory of a region that has several (North America: the five US ones and
    Canada; Europe: France, Germany, the UK) manages the region; otherwise they hold the countries of
    their territories. So a German applicant goes to the German rep, a Dutch one to the European manager.
    """
    by_region: dict[str, set[int]] = defaultdict(set)
    for key, (_name, country) in TERRITORIES.items():
        by_region[REGIONS[country]].add(key)
    covered = set(keys)
    regions = sorted(r for r, ks in by_region.items() if len(ks) > 1 and ks <= covered)
    managed = {k for r in regions for k in by_region[r]}
    countries = sorted({TERRITORIES[k][1] for k in covered - managed})
    return regions, countries


def cams_for_country(seeder: Seeder, country: str) -> list[User]:
    keys = [
        key
        for key in sorted(seeder.cams)
        if any(TERRITORIES[t][1] == country for t in seeder.territories.get(key, []))
    ]
    return [seeder.cams[key] for key in keys] or list(seeder.cams.values())


# --- program --------------------------------------------------------------------------------------------


def create_program(seeder: Seeder) -> None:
    ops = seeder.staff[StaffRole.OPS]
    charter = ProgramCharter.objects.order_by("id").first()
    if charter is None:
        ProgramCharter.objects.create(updated_by=ops, **content.CHARTER)
    elif not charter.body_en.strip():
        ProgramCharter.objects.filter(pk=charter.pk).update(updated_by=ops, **content.CHARTER)
    # The rules of engagement are the default program's versioned rules (create_engagement_rules).
    for kind, version, texts, days_ago in [
        (AgreementKind.PARTNER_AGREEMENT, 1, content.AGREEMENT_V1, 900),
        (AgreementKind.PARTNER_AGREEMENT, 2, content.AGREEMENT_V2, 45),
    ]:
        row, _created = AgreementVersion.objects.get_or_create(
            kind=kind, version=version, defaults={"published_by": ops, **texts}
        )
        AgreementVersion.objects.filter(pk=row.pk).update(created_at=seeder.days_ago(days_ago))
        seeder.versions[f"{kind}:{version}"] = row


def install_checklists(seeder: Seeder) -> None:
    from onboarding.services import checklist_install_defaults

    for partner_type in PartnerType.values:
        if ChecklistStep.objects.filter(partner_type=partner_type).exists():
            continue
        if checklist_install_defaults is not None:
            checklist_install_defaults(actor=seeder.actor, partner_type=partner_type)
        else:
            ChecklistStep.objects.bulk_create(
                ChecklistStep(
                    partner_type=partner_type,
                    position=position,
                    kind=kind,
                    requires_confirmation=confirm,
                    title_en=title_en,
                    title_ru=title_ru,
                    description_en=desc_en,
                    description_ru=desc_ru,
                )
                for position, (kind, confirm, title_en, title_ru, desc_en, desc_ru) in enumerate(
                    content.DEFAULT_STEPS, start=1
                )
            )


# --- partners -------------------------------------------------------------------------------------------


def _domain(name: str, city: str, used: set[str]) -> str:
    base = slugify(name)[:50].strip("-") or "partner"
    domain = f"{base}.example"
    if domain in used:
        domain = f"{base}-{slugify(city)[:12].strip('-')}.example"
    used.add(domain)
    return domain


def _legal_name(name: str, country: str) -> str:
    words = name.replace(",", " ").replace(".", " ").split()
    if any(word in {"Inc", "Ltd", "Limited", "Company", "Co", "Corporation"} for word in words):
        return name
    return f"{name} {LEGAL_SUFFIXES[country]}"


def _tax_id(rng: random.Random, country: str) -> str:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return {
        "US": lambda: f"{digits(2)}-{digits(7)}",
        "CA": lambda: f"{digits(9)} RT0001",
        "GB": lambda: f"GB{digits(9)}",
        "DE": lambda: f"DE{digits(9)}",
        "FR": lambda: f"FR{digits(11)}",
        "AU": lambda: f"{digits(2)} {digits(3)} {digits(3)} {digits(3)}",
    }[country]()


def _phone(rng: random.Random, country: str) -> str:
    n = rng.randint(0, 99)
    return {
        "US": f"+1 206 555 01{n:02d}",
        "CA": f"+1 416 555 01{n:02d}",
        "GB": f"+44 20 7946 0{n:03d}",
        "DE": f"+49 30 {rng.randint(1000000, 9999999)}",
        "FR": f"+33 1 {rng.randint(10, 99)} {n:02d} 00 00",
        "AU": f"+61 2 9{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
    }[country]


def _verticals(rng: random.Random, partner_type: str) -> list[str]:
    by_type: dict[str, list[Vertical]] = {
        PartnerType.RETAILER: [Vertical.RETAIL, Vertical.RETAIL, Vertical.HOSPITALITY],
        PartnerType.RESELLER: [
            Vertical.RETAIL,
            Vertical.EDUCATION,
            Vertical.HOSPITALITY,
            Vertical.PUBLIC_SECTOR,
        ],
        PartnerType.DISTRIBUTOR: [Vertical.LOGISTICS, Vertical.RETAIL, Vertical.MANUFACTURING],
    }
    return [Vertical.SPORTS, rng.choice(by_type[partner_type])]


def _quantile_thresholds(values: list[Decimal], cuts: list[float]) -> list[Decimal]:
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, int(cut * len(ordered)))] for cut in cuts]


def _bucket(value: Decimal, thresholds: list[Decimal]) -> int:
    return sum(1 for threshold in thresholds if value >= threshold)


def _status(sales: Sales | None, rng: random.Random, key: int) -> str:
    if key in (BIKE_STORE, PROGRESSIVE, DISTRIBUTOR):
        return PartnerStatus.ACTIVE
    if sales is None:
        return rng.choices(
            [PartnerStatus.PROSPECT, PartnerStatus.APPLICANT, PartnerStatus.ONBOARDING], weights=[4, 3, 3]
        )[0]
    if sales.last < OFFBOARDED_BEFORE:
        return PartnerStatus.OFFBOARDED
    if sales.last < AT_RISK_BEFORE:
        return PartnerStatus.AT_RISK
    return PartnerStatus.ACTIVE


def plan_partners(seeder: Seeder, *, resellers: list[dict[str, str]], summary: dict[int, Sales]) -> None:
    rng = seeder.rng
    totals = [s.total for s in summary.values()]
    tiers = _quantile_thresholds(totals, [0.4, 0.7, 0.9])
    sizes = _quantile_thresholds(totals, [0.25, 0.6, 0.9])
    used_domains: set[str] = set()
    for row in resellers:
        key, name, city = int(row["ResellerKey"]), row["ResellerName"].strip(), row["City"].strip()
        country = country_code(row)
        partner_type = PARTNER_TYPES[row["BusinessType"].strip()]
        sales = summary.get(key)
        status = _status(sales, rng, key)
        if sales is not None:
            tier = [Tier.REGISTERED, Tier.SILVER, Tier.GOLD, Tier.PLATINUM][_bucket(sales.total, tiers)]
            size_index = _bucket(sales.total, sizes) + (1 if partner_type == PartnerType.DISTRIBUTOR else 0)
            cam = seeder.cams.get(sales.employee) or rng.choice(cams_for_country(seeder, country))
        else:
            tier, size_index = Tier.REGISTERED, rng.randint(0, 1)
            cam = rng.choice(cams_for_country(seeder, country))
        data = {
            "name": name,
            "web_domain": _domain(name, city, used_domains),
            "country": country,
            "region": REGIONS[country],
            "city": city,
            "partner_type": partner_type,
            "verticals": _verticals(rng, partner_type),
            "capabilities": sorted(rng.sample(CAPABILITIES[partner_type], 2)),
            "size": SIZES[min(size_index, len(SIZES) - 1)],
            "cam": cam,
            "tier": tier,
            "phone": _phone(rng, country),
        }
        if status != PartnerStatus.PROSPECT:
            data |= {"legal_name": _legal_name(name, country), "tax_id": _tax_id(rng, country)}
        data["description"] = _description(row, sales, seeder)
        seeder.plans[key] = Plan(key, data, status, sales, row["BusinessType"].strip())


def _description(row: dict[str, str], sales: Sales | None, seeder: Seeder) -> str:
    kind = {"Ware House": "Warehouse"}.get(row["BusinessType"], row["BusinessType"])
    place = f"{row['City']}, {row['StateProvinceName']}"
    if sales is None:
        return f"{kind} in {place}."
    since = (sales.first + seeder.shift).year
    return f"{kind} in {place}. Kanal Bikes partner since {since}; {sales.orders} orders so far."


def create_partners(seeder: Seeder) -> None:
    tiers: dict[int, str] = {}
    for key, plan in seeder.plans.items():
        initial = PartnerStatus.ACTIVE if plan.sales is not None else plan.status
        # The tier is the program membership's: set there once the partner has joined.
        data = {name: value for name, value in plan.data.items() if name != "tier"}
        seeder.partners[key] = partner_create(
            actor=seeder.actor, data=data, status=initial, note="AdventureWorks demo import"
        )
        seeder.key_of[seeder.partners[key].pk] = key
        tiers[seeder.partners[key].pk] = plan.data["tier"]
    _backdate_partners(seeder)
    place_in_tiers(seeder, tiers)
    _wind_down(seeder)


def _backdate_partners(seeder: Seeder) -> None:
    """Give partners and their creation events plausible dates instead of "now"."""
    rng = seeder.rng
    for key, partner in seeder.partners.items():
        sales = seeder.plans[key].sales
        if sales is not None:
            partner.activated_at = seeder.moment(sales.first + seeder.shift)
            partner.created_at = partner.activated_at - timedelta(days=rng.randint(20, 60))
        else:
            partner.created_at = seeder.days_ago(rng.randint(3, 150))
    Partner.objects.bulk_update(seeder.partners.values(), ["created_at", "activated_at"], batch_size=200)
    by_partner = {p.pk: p for p in seeder.partners.values()}
    events = list(Event.objects.filter(verb="partner.created", partner_id__in=by_partner))
    for event in events:
        assert event.partner_id is not None  # filtered on partner_id above
        event.occurred_at = by_partner[event.partner_id].created_at
    Event.objects.bulk_update(events, ["occurred_at"], batch_size=200)


def _wind_down(seeder: Seeder) -> None:
    """Partners that stopped ordering: flagged at risk or offboarded by their CAM, through the service."""
    for key, plan in seeder.plans.items():
        if plan.sales is None or plan.status == PartnerStatus.ACTIVE:
            continue
        partner = seeder.partners[key]
        cam_actor = Actor(user=partner.cam, staff_role=StaffRole.CAM)
        last = (plan.sales.last + seeder.shift).isoformat()
        if plan.status == PartnerStatus.AT_RISK:
            note, when = f"No orders since {last}.", plan.sales.last + seeder.shift + timedelta(days=365)
        else:
            note = f"No orders since {last}; the partner agreed to wind down."
            when = plan.sales.last + seeder.shift + timedelta(days=400)
        seeder.partners[key] = partner_change_status(
            actor=cam_actor, partner=partner, to_status=plan.status, note=note
        )
        Event.objects.filter(verb="partner.status_changed", partner=partner).update(
            occurred_at=seeder.moment(min(when, seeder.today))
        )


def attach_two_tier(seeder: Seeder) -> None:
    """About thirty retailers buy through a distributor in their own country."""
    distributors = _distributors_by_country(seeder)
    retailers = [
        p
        for key, p in seeder.partners.items()
        if p.partner_type == PartnerType.RETAILER
        and p.status == PartnerStatus.ACTIVE
        and key not in (BIKE_STORE, PROGRESSIVE)
        and distributors.get(str(p.country))
    ]
    main = demo_distributor(seeder)
    chosen = seeder.rng.sample(retailers, min(TWO_TIER_RETAILERS, len(retailers)))
    for_main = {p.pk for p in [p for p in chosen if p.country == main.country][:8]}
    for index, retailer in enumerate(chosen):
        options = distributors[str(retailer.country)]
        parent = main if retailer.pk in for_main else options[index % len(options)]
        partner_update(actor=seeder.actor, partner=retailer, data={"parent": parent})


def _distributors_by_country(seeder: Seeder) -> dict[str, list[Partner]]:
    """The three biggest active distributors of each country (besides the demo distributor)."""
    ranked = sorted(
        (
            p
            for key, p in seeder.partners.items()
            if p.partner_type == PartnerType.DISTRIBUTOR
            and p.status == PartnerStatus.ACTIVE
            and key != DISTRIBUTOR
        ),
        key=lambda p: -_sales_of(seeder, p),
    )
    by_country: dict[str, list[Partner]] = defaultdict(list)
    for partner in ranked:
        if len(by_country[str(partner.country)]) < 3:
            by_country[str(partner.country)].append(partner)
    return by_country


def _sales_of(seeder: Seeder, partner: Partner) -> Decimal:
    sales = seeder.plans[seeder.key_of[partner.pk]].sales
    return sales.total if sales else Decimal(0)


def demo_distributor(seeder: Seeder) -> Partner:
    return seeder.partners[DISTRIBUTOR]


def onboarding_demo_partner(seeder: Seeder) -> Partner:
    """The first onboarding partner in the United States: shown halfway through its checklist."""
    return next(
        p
        for key, p in sorted(seeder.partners.items())
        if p.status == PartnerStatus.ONBOARDING and p.country == "US"
    )


# --- program history: acceptances and onboarding --------------------------------------------------------


def record_program_history(seeder: Seeder) -> None:
    """Partners that were active accepted the documents of their day and finished the manual steps."""
    v1, v2 = (
        seeder.versions[f"{AgreementKind.PARTNER_AGREEMENT}:1"],
        seeder.versions[f"{AgreementKind.PARTNER_AGREEMENT}:2"],
    )
    manual_steps = _manual_steps_by_type()
    acceptances: list[tuple[AgreementAcceptance, datetime]] = []
    completions: list[tuple[StepCompletion, datetime]] = []
    for key, partner in seeder.partners.items():
        if partner.activated_at is None:
            continue
        acceptances.append((AgreementAcceptance(version=v1, partner=partner), partner.activated_at))
        if key == BIKE_STORE or (
            key != PROGRESSIVE and partner.status == PartnerStatus.ACTIVE and seeder.rng.random() < 0.7
        ):
            acceptances.append(
                (AgreementAcceptance(version=v2, partner=partner), seeder.days_ago(seeder.rng.randint(1, 44)))
            )
        if key != BIKE_STORE:
            completions += [
                (_done(partner, step), partner.activated_at) for step in manual_steps[partner.partner_type]
            ]
    _bulk_create_dated(AgreementAcceptance, acceptances)
    _bulk_create_dated(StepCompletion, completions)


def _manual_steps_by_type() -> dict[str, list[ChecklistStep]]:
    steps: dict[str, list[ChecklistStep]] = defaultdict(list)
    for step in ChecklistStep.objects.filter(kind=StepKind.MANUAL, is_active=True):
        steps[step.partner_type].append(step)
    return steps


def _done(partner: Partner, step: ChecklistStep, *, by: User | None = None) -> StepCompletion:
    confirmed = step.requires_confirmation
    return StepCompletion(
        partner=partner,
        step=step,
        state=CompletionState.DONE,
        completed_by=by,
        confirmed_by=partner.cam if confirmed else None,
        confirmed_at=partner.activated_at if confirmed else None,
    )


def _bulk_create_dated(model, rows: list[tuple]) -> None:
    """bulk_create stamps created_at with now (auto_now_add); put the historical dates back afterwards."""
    objects = model.objects.bulk_create([obj for obj, _when in rows], batch_size=500)
    for obj, (_row, when) in zip(objects, rows, strict=True):
        obj.created_at = when
    model.objects.bulk_update(objects, ["created_at"], batch_size=500)


# --- partner logins -------------------------------------------------------------------------------------

PARTNER_LOGINS = [
    # (partner: "bikestore" / "progressive" / "distributor", email, full name, role)
    ("bikestore", "admin@bikestore.demo", "Grace Holloway", PartnerRole.ADMIN),
    ("bikestore", "rep@bikestore.demo", "Ben Carter", PartnerRole.REP),
    ("progressive", "admin@progressive.demo", "Daniel Price", PartnerRole.ADMIN),
    ("progressive", "rep@progressive.demo", "Mia Fischer", PartnerRole.REP),
    ("distributor", "admin@distributor.demo", "Robert Ellis", PartnerRole.ADMIN),
]


def create_partner_logins(seeder: Seeder) -> None:
    partners = {
        "bikestore": seeder.partners[BIKE_STORE],
        "progressive": seeder.partners[PROGRESSIVE],
        "distributor": demo_distributor(seeder),
    }
    _polish_profiles(seeder, partners)
    members: dict[str, User] = {}
    for slot, email, name, role in PARTNER_LOGINS:
        members[email] = _user(seeder, email, name)
        Membership.objects.create(user=members[email], partner=partners[slot], role=role)
        if role == PartnerRole.ADMIN:
            # The demo admins are the ones who accepted their company's agreements.
            AgreementAcceptance.objects.filter(partner=partners[slot], accepted_by=None).update(
                accepted_by=members[email]
            )
    _bike_store_onboarding(seeder, partners["bikestore"], members["rep@bikestore.demo"])
    _halfway_onboarding(seeder, onboarding_demo_partner(seeder))


def _polish_profiles(seeder: Seeder, partners: dict[str, Partner]) -> None:
    descriptions = {
        "bikestore": "Seattle's full-service bike shop and value-added reseller since 1998: fitting, custom "
        "builds and corporate fleets for commuter programs across the Puget Sound.",
        "progressive": "Sports retailer in Renton with a 600 m² showroom, a repair workshop and an online "
        "store; strong in family and e-bikes.",
        "distributor": "Regional warehouse and distributor supplying independent bike shops with next-day "
        "delivery, floor-plan financing and a B2B web shop.",
    }
    sales = seeder.plans[BIKE_STORE].sales
    assert sales is not None  # the demo's own partners have sales history
    cam = seeder.cams[sales.employee]
    for slot, partner in partners.items():
        data: dict[str, Any] = {"description": descriptions[slot]}
        if slot != "distributor":
            data["cam"] = cam
        partner_update(actor=seeder.actor, partner=partner, data=data)
        partner.refresh_from_db()


def _bike_store_onboarding(seeder: Seeder, partner: Partner, rep: User) -> None:
    """A Bike Store: agreement v2 accepted, kick-off and training done, first deal awaiting confirmation."""
    steps = _manual_steps_by_type()[partner.partner_type]
    rows = []
    for step in steps[:-1]:
        rows.append((_done(partner, step, by=rep), partner.activated_at))
    if steps:
        last = StepCompletion(
            partner=partner,
            step=steps[-1],
            state=CompletionState.SUBMITTED,
            completed_by=rep,
            note="Registered the Rainier Cycling Club fleet deal.",
        )
        rows.append((last, seeder.days_ago(2)))
    _bulk_create_dated(StepCompletion, rows)


def _halfway_onboarding(seeder: Seeder, partner: Partner) -> None:
    """A partner still onboarding: profile complete, agreement accepted, kick-off awaiting confirmation."""
    partner_update(
        actor=seeder.actor,
        partner=partner,
        data={
            "cam": seeder.cams[seeder.plans[BIKE_STORE].sales.employee],  # type: ignore[union-attr]
            "legal_name": _legal_name(partner.name, str(partner.country)),
            "tax_id": _tax_id(seeder.rng, str(partner.country)),
        },
    )
    v2 = seeder.versions[f"{AgreementKind.PARTNER_AGREEMENT}:2"]
    rows = [(AgreementAcceptance(version=v2, partner=partner), seeder.days_ago(9))]
    _bulk_create_dated(AgreementAcceptance, rows)
    steps = _manual_steps_by_type()[partner.partner_type]
    if steps:
        kickoff = StepCompletion(
            partner=partner,
            step=steps[0],
            state=CompletionState.SUBMITTED,
            note="Kick-off held with the owner; goals agreed for Q1.",
        )
        _bulk_create_dated(StepCompletion, [(kickoff, seeder.days_ago(4))])


# --- recruitment ----------------------------------------------------------------------------------------

TARGETS = {
    "regions": [Region.EUROPE, Region.NORTH_AMERICA],
    "verticals": [Vertical.SPORTS, Vertical.RETAIL],
    "partner_types": [PartnerType.RESELLER, PartnerType.RETAILER, PartnerType.DISTRIBUTOR],
    "sizes": [CompanySize.SMALL, CompanySize.MEDIUM],
}

# company, domain, country, region, city, type, verticals, size, contact, language, days ago, motivation
SUBMITTED_APPLICATIONS = [
    (
        "Velo Nord GmbH",
        "velonord.example",
        "DE",
        Region.EUROPE,
        "Hamburg",
        PartnerType.RESELLER,
        ["sports", "retail"],
        "11-50",
        "Jonas Becker",
        "en",
        2,
        "Three stores in Hamburg and Kiel; our customers ask for Kanal touring bikes every week.",
    ),
    (
        "Pedal & Chain Ltd",
        "pedalandchain.example",
        "GB",
        Region.EUROPE,
        "Manchester",
        PartnerType.RETAILER,
        ["sports"],
        "1-10",
        "Amelia Clarke",
        "en",
        5,
        "Independent workshop and shop; we would like to add a premium road range.",
    ),
    (
        "Trilha Bikes",
        "trilhabikes.example",
        "BR",
        Region.LATIN_AMERICA,
        "São Paulo",
        PartnerType.DEALER,
        ["sports", "retail"],
        "51-200",
        "Rafael Souza",
        "en",
        7,
        "Largest mountain-bike dealer in São Paulo state; looking for an exclusive brand for Brazil.",
    ),
    (
        "ВелоСфера",
        "velosfera.example",
        "RU",
        Region.CIS,
        "Санкт-Петербург",
        PartnerType.RESELLER,
        ["sports", "retail"],
        "11-50",
        "Анна Смирнова",
        "ru",
        1,
        "Сеть из четырех веломагазинов с собственной мастерской; хотим продавать туристические модели Kanal.",
    ),
    (
        "Kiwi Trail Adventures",
        "kiwitrail.example",
        "NZ",
        Region.ASIA_PACIFIC,
        "Queenstown",
        PartnerType.AFFILIATE,
        ["hospitality"],
        "1-10",
        "Hemi Walker",
        "en",
        12,
        "We run guided bike tours and would recommend Kanal bikes to our guests for a commission.",
    ),
]
REJECTED_APPLICATIONS = [
    (
        "Cheap Bikes Direct",
        "cheapbikesdirect.example",
        "US",
        Region.NORTH_AMERICA,
        "Las Vegas",
        PartnerType.AFFILIATE,
        ["retail"],
        "1-10",
        "Kyle Dunn",
        "en",
        40,
        "We sell on every marketplace at the lowest price.",
        "Sells only through marketplaces below the advertised minimum price; conflicts with the rules of "
        "engagement.",
    ),
    (
        "Montagne Sport",
        "montagnesport.example",
        "FR",
        Region.EUROPE,
        "Grenoble",
        PartnerType.RETAILER,
        ["sports"],
        "1-10",
        "Lucie Bernard",
        "en",
        25,
        "Small ski and bike shop, we want to add bikes for the summer season.",
        "Too small for a direct account; we suggested buying through one of our French distributors.",
    ),
]
# company, domain, country, region, city, type, verticals, size, contact, source, stage, next step,
# next step in days, notes
PROSPECTS = [
    (
        "Alpine Cycle Works",
        "alpinecycleworks.example",
        "AT",
        Region.EUROPE,
        "Innsbruck",
        PartnerType.RETAILER,
        ["sports"],
        "11-50",
        "Lukas Huber",
        "trade_show",
        "new",
        "First call after Eurobike",
        3,
        "",
    ),
    (
        "Harbour Bikes",
        "harbourbikes.example",
        "CA",
        Region.NORTH_AMERICA,
        "Halifax",
        PartnerType.RESELLER,
        ["sports", "retail"],
        "1-10",
        "Owen MacLeod",
        "inbound",
        "new",
        "Qualify by phone",
        1,
        "",
    ),
    (
        "Nordic Wheels AB",
        "nordicwheels.example",
        "SE",
        Region.EUROPE,
        "Stockholm",
        PartnerType.DISTRIBUTOR,
        ["sports", "logistics"],
        "51-200",
        "Elin Lindqvist",
        "outreach",
        "contacted",
        "Send the distributor deck",
        2,
        "Interested in covering Sweden and Norway.",
    ),
    (
        "Sunshine Coast Cycles",
        "sunshinecoastcycles.example",
        "AU",
        Region.ASIA_PACIFIC,
        "Noosa",
        PartnerType.RETAILER,
        ["sports", "retail"],
        "11-50",
        "Chloe Bennett",
        "referral",
        "contacted",
        "Follow-up call",
        -2,
        "Referred by a Platinum partner in Brisbane.",
    ),
    (
        "Velocity Sports Group",
        "velocitysports.example",
        "US",
        Region.NORTH_AMERICA,
        "Denver",
        PartnerType.RESELLER,
        ["sports", "retail"],
        "51-200",
        "Marcus Hill",
        "trade_show",
        "qualified",
        "Demo of the partner portal",
        6,
        "Met at Sea Otter Classic; five stores in Colorado.",
    ),
    (
        "Rad & Tour GmbH",
        "radundtour.example",
        "DE",
        Region.EUROPE,
        "München",
        PartnerType.RETAILER,
        ["sports"],
        "11-50",
        "Sabine Wolf",
        "referral",
        "qualified",
        "Visit the Munich store",
        10,
        "",
    ),
    (
        "Maple Leaf Distribution",
        "mapleleafdistribution.example",
        "CA",
        Region.NORTH_AMERICA,
        "Winnipeg",
        PartnerType.DISTRIBUTOR,
        ["sports", "logistics"],
        "201-1000",
        "Grace Thompson",
        "outreach",
        "negotiating",
        "Agree the margin for the Prairies",
        4,
        "Wants exclusivity for Manitoba and Saskatchewan.",
    ),
    (
        "Iberia Bici S.L.",
        "iberiabici.example",
        "ES",
        Region.EUROPE,
        "Madrid",
        PartnerType.RESELLER,
        ["sports", "retail"],
        "11-50",
        "Javier Ortega",
        "trade_show",
        "negotiating",
        "Send the draft agreement",
        -1,
        "Would open Spain for us.",
    ),
    (
        "Coastal Bike Co.",
        "coastalbike.example",
        "US",
        Region.NORTH_AMERICA,
        "San Diego",
        PartnerType.RETAILER,
        ["sports", "retail"],
        "11-50",
        "Nina Alvarez",
        "referral",
        "converted",
        "",
        None,
        "Converted: application submitted.",
    ),
    (
        "MegaSport Retail",
        "megasport.example",
        "GB",
        Region.EUROPE,
        "Birmingham",
        PartnerType.RETAILER,
        ["sports", "retail"],
        "201-1000",
        "Harry Wilson",
        "outreach",
        "lost",
        "",
        None,
        "Chose a competitor's program with higher margins.",
    ),
    (
        "Pinnacle Outdoor",
        "pinnacleoutdoor.example",
        "US",
        Region.NORTH_AMERICA,
        "Boise",
        PartnerType.DEALER,
        ["sports"],
        "1-10",
        "Ethan Price",
        "inbound",
        "lost",
        "",
        None,
        "No budget for demo stock this year.",
    ),
]


def _score(candidate, targets) -> tuple[int, list]:
    try:
        from recruitment.fit import fit_score
    except ImportError:
        return 0, []
    return fit_score(candidate=candidate, targets=targets)


def _duplicate_flags(application: Application) -> list:
    try:
        from recruitment.duplicates import find_duplicates
    except ImportError:
        return [
            {
                "kind": "partner",
                "detail": str(p.public_id),
                "name": p.name,
                "domain": p.web_domain,
                "status": p.status,
                "message": f"Existing partner with the web domain {p.web_domain}: {p.name}",
            }
            for p in Partner.objects.filter(web_domain=application.web_domain)
        ]
    return find_duplicates(web_domain=application.web_domain, contact_email=application.contact_email)


def create_recruitment(seeder: Seeder) -> None:
    targets = RecruitmentTargets.objects.order_by("id").first()
    if targets is None:
        targets = RecruitmentTargets.objects.create(updated_by=seeder.staff[StaffRole.OPS], **TARGETS)
    for row in SUBMITTED_APPLICATIONS:
        _application(seeder, targets, *row)
    for *rejected, reason in REJECTED_APPLICATIONS:
        application = _application(seeder, targets, *rejected)
        _decide(seeder, application, status=Application.Status.REJECTED, reason=reason)
    _duplicate_application(seeder, targets)
    _approved_applications(seeder, targets)
    for prospect in PROSPECTS:
        _prospect(seeder, targets, *prospect)


def _application(
    seeder,
    targets,
    company,
    domain,
    country,
    region,
    city,
    partner_type,
    verticals,
    size,
    contact,
    language,
    days_ago,
    motivation,
    *,
    source=Application.Source.INBOUND,
    prospect=None,
    check_duplicates=True,
) -> Application:
    first = slugify(contact.split()[0]) or "info"
    application = Application(
        company_name=company,
        web_domain=domain,
        country=country,
        region=region,
        city=city,
        partner_type=partner_type,
        verticals=verticals,
        size=size,
        contact_name=contact,
        contact_email=f"{first}@{domain}",
        motivation=motivation,
        language=language,
        source=source,
        prospect=prospect,
        submitted_ip="192.0.2.10",
    )
    application.fit_score, application.fit_reasons = _score(application, targets)
    application.duplicate_flags = _duplicate_flags(application) if check_duplicates else []
    application.save()
    record_event(
        actor=seeder.actor,
        verb="application.submitted",
        target=application,
        after={"source": source, "fit_score": application.fit_score},
    )
    _backdate(application, seeder.days_ago(days_ago, hour=9))
    return application


def _decide(
    seeder,
    application: Application,
    *,
    status: str,
    reason: str = "",
    partner=None,
    when: datetime | None = None,
) -> None:
    chief = seeder.staff[StaffRole.CHIEF]
    application.status, application.rejection_reason, application.partner = status, reason, partner
    application.decided_by = chief
    application.decided_at = when or application.created_at + timedelta(days=2)
    after = {"status": status}
    if partner is not None:
        # The partner kept the rep who sold to it: by territory when the rep holds its place, else the
        # chief's choice.
        partner = Partner.objects.select_related("cam").get(pk=partner.pk)  # the seeder's copy may be stale
        application.cam = partner.cam
        application.cam_basis = _cam_basis(partner)
        after |= {"partner": partner.name, "cam": partner.cam.display_name if partner.cam else ""}
        after["cam_reason"] = application.cam_reason
    application.save()
    verb = "application.approved" if status == Application.Status.APPROVED else "application.rejected"
    event = record_event(
        actor=Actor(user=chief, staff_role=StaffRole.CHIEF),
        verb=verb,
        target=application,
        before={"status": Application.Status.SUBMITTED},
        after=after,
        note=reason,
    )
    Event.objects.filter(pk=event.pk).update(occurred_at=application.decided_at)


def _cam_basis(partner: Partner) -> str:
    if partner.cam is None:
        return CamBasis.NONE
    held = Territory.objects.filter(user=partner.cam)
    if held.filter(country=partner.country.code).exists():  # type: ignore[attr-defined]
        return CamBasis.COUNTRY
    if held.filter(region=partner.region).exists():
        return CamBasis.REGION
    return CamBasis.CHOSEN


def _backdate(obj, when: datetime) -> None:
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)
    obj.created_at = when
    Event.objects.filter(target_id=obj.pk, verb__endswith=".submitted").filter(
        target_type__model=type(obj)._meta.model_name
    ).update(occurred_at=when)
    Event.objects.filter(target_id=obj.pk, verb__endswith=".created").filter(
        target_type__model=type(obj)._meta.model_name
    ).update(occurred_at=when)


def _duplicate_application(seeder, targets) -> None:
    """Someone at Progressive Sports applies again from the partner's own domain: flagged as a duplicate."""
    existing = seeder.partners[PROGRESSIVE]
    _application(
        seeder,
        targets,
        "Progressive Sports Outlet",
        existing.web_domain,
        "US",
        Region.NORTH_AMERICA,
        "Renton",
        PartnerType.RETAILER,
        ["sports", "retail"],
        "11-50",
        "Tyler Brooks",
        "en",
        3,
        "We are opening an outlet store and would like our own partner account.",
    )


def _approved_applications(seeder, targets) -> None:
    """The partners now onboarding came in through the public form."""
    halfway = onboarding_demo_partner(seeder)
    onboarding = [p for _key, p in sorted(seeder.partners.items()) if p.status == PartnerStatus.ONBOARDING]
    for partner in [halfway] + [p for p in onboarding if p.pk != halfway.pk][:2]:
        days = max(1, (seeder.today - partner.created_at.date()).days + 4)
        application = _application(
            seeder,
            targets,
            partner.name,
            partner.web_domain,
            str(partner.country),
            partner.region,
            partner.city,
            partner.partner_type,
            partner.verticals,
            partner.size,
            "Jordan Ellis",
            "en",
            days,
            "We have sold bikes for years and want direct access to Kanal Bikes' program.",
            check_duplicates=False,
        )  # the partner was created by approving this application
        _decide(
            seeder, application, status=Application.Status.APPROVED, partner=partner, when=partner.created_at
        )


def _prospect(
    seeder,
    targets,
    company,
    domain,
    country,
    region,
    city,
    partner_type,
    verticals,
    size,
    contact,
    source,
    stage,
    next_step,
    in_days,
    notes,
) -> None:
    owner = seeder.rng.choice(cams_for_country(seeder, country))
    first = slugify(contact.split()[0])
    prospect = Prospect(
        company_name=company,
        web_domain=domain,
        country=country,
        region=region,
        city=city,
        partner_type=partner_type,
        verticals=verticals,
        size=size,
        contact_name=contact,
        contact_email=f"{first}@{domain}",
        source=source,
        stage=stage,
        owner=owner,
        next_step=next_step,
        next_step_date=seeder.today + timedelta(days=in_days) if in_days is not None else None,
        notes=notes,
    )
    prospect.fit_score, prospect.fit_reasons = _score(prospect, targets)
    prospect.save()
    record_event(
        actor=Actor(user=owner, staff_role=StaffRole.CAM),
        verb="prospect.created",
        target=prospect,
        after={"stage": stage, "source": source, "owner": str(owner)},
    )
    _backdate(prospect, seeder.days_ago(seeder.rng.randint(10, 90)))
    if stage == Prospect.Stage.CONVERTED:
        _application(
            seeder,
            targets,
            company,
            domain,
            country,
            region,
            city,
            partner_type,
            verticals,
            size,
            contact,
            "en",
            6,
            "Converted from the outbound pipeline after two store visits.",
            source=Application.Source.OUTBOUND,
            prospect=prospect,
        )


# --- product catalogue ----------------------------------------------------------------------------------


def create_catalog(seeder: Seeder) -> None:
    """Product families and ~20 products (demo/data/products.csv), through the catalogue's CSV import."""
    from catalog.services import products_import_csv

    text = (DATA_DIR / "products.csv").read_text(encoding="utf-8")
    result = products_import_csv(actor=seeder.actor, file_text=text, dry_run=False)
    if result.errors:  # the data file is ours: an error here is a bug
        raise RuntimeError(f"demo/data/products.csv: {result.errors}")


def create_engagement_rules(seeder: Seeder) -> None:
    """The published rules of engagement: named accounts go direct, Enterprise deals of 250,000 USD or more
    and the public sector are reviewed; protection 90 days, gold 120, platinum 150, a deal for products a
    line the partner also sells competes with 30 at most; first to submit wins. Idempotent: does nothing
    when any rule set exists."""
    from engagement.models import RuleSet
    from engagement.services import rule_create, ruleset_create_draft, ruleset_publish

    if RuleSet.objects.exists():
        return
    draft = ruleset_create_draft(
        actor=seeder.actor,
        data={
            "default_protection_days": 90,
            "tier_protection_days": {"gold": 120, "platinum": 150},
            "tie_breaker": "first_registered",
            "named_accounts_direct": True,
            "competitive_protection_days": 30,
            "notes": "Kanal Bikes rules of engagement for the demo.",
        },
    )
    rules = [
        {
            "label": "Large Enterprise deals",
            "segments": ["enterprise"],
            "min_amount": "250000",
            "outcome": "review",
        },
        {"label": "Public sector", "segments": ["public_sector"], "outcome": "review"},
    ]
    for data in rules:
        rule_create(actor=seeder.actor, ruleset=draft, data=data)
    published = ruleset_publish(actor=seeder.actor, ruleset=draft)
    RuleSet.objects.filter(pk=published.pk).update(published_at=seeder.days_ago(400))
    published.refresh_from_db()
    accept_rules(seeder, published)  # every partner accepted them, by its admin where it has a login


# --- direct sales ---------------------------------------------------------------------------------------

# Invented look-alikes of partners' customers (the Bike Store's fleet deal, Seattle commuters): the
# channel-conflict engine should notice them.
DIRECT_LOOKALIKES = [
    ("Rainier Cycling Club", "rainiercyclingclub.example", "Seattle"),
    ("Puget Sound Commuter Fleet", "pugetsoundfleet.example", "Seattle"),
    ("Progressive Sports Club", "progressivesportsclub.example", "Renton"),
]
DIRECT_ACCOUNTS = 37  # from demo/data/direct_accounts.csv, besides the look-alikes
DIRECT_SEGMENTS = ["enterprise", "enterprise", "mid_market", "mid_market", "smb", "public_sector"]
DIRECT_STAGES = ["prospecting", "qualification", "proposal", "negotiation"]


def create_direct_accounts(seeder: Seeder) -> None:
    """~40 accounts the vendor sells to directly (S&P 500 names, some named accounts with open deals)."""
    from direct.services import account_create, deal_create

    rng = random.Random(SEED + 1)  # its own generator: the rest of the demo stays as it was
    owners = [seeder.staff[StaffRole.CHIEF], *list(seeder.cams.values())[:3]]
    rows = [
        (row["name"], f"{slugify(row['name']).replace('-', '')}.example", row["headquarters"].split(",")[0])
        for row in _read("direct_accounts.csv")[:DIRECT_ACCOUNTS]
    ]
    for index, (name, domain, city) in enumerate(rows + DIRECT_LOOKALIKES):
        lookalike = index >= len(rows)
        named = lookalike or index % 3 == 0
        account = account_create(
            actor=seeder.actor,
            data={
                "name": name,
                "legal_name": f"{name} Inc." if not lookalike else "",
                "web_domain": domain,
                "country": "US",
                "region": Region.NORTH_AMERICA,
                "segment": "smb" if lookalike else rng.choice(DIRECT_SEGMENTS),
                "annual_revenue": Decimal(rng.randint(5, 900) * 1_000_000) if not lookalike else None,
                "employees": rng.randint(50, 90_000) if not lookalike else rng.randint(10, 200),
                "owner": owners[index % len(owners)],
                "is_named_account": named,
                "notes": f"Headquarters: {city}.",
            },
            note="Demo direct account",
        )
        if named:
            for number in range(rng.randint(1, 2)):
                deal_create(
                    actor=seeder.actor,
                    account=account,
                    data={
                        "name": f"{name} fleet {'renewal' if number else 'program'}",
                        "amount": Decimal(rng.randint(20, 400) * 1_000),
                        "stage": rng.choice(DIRECT_STAGES),
                        "expected_close_date": seeder.today + timedelta(days=rng.randint(10, 150)),
                        "owner": account.owner,
                    },
                )


# --- deal registrations ---------------------------------------------------------------------------------

# Invented end customers of the demo partners; the second looks like one of the vendor's direct look-alikes.
REGISTRATION_CUSTOMERS = [
    ("Whidbey Island Cyclery", "whidbeycyclery.example", "US"),
    ("Puget Sound Commuters", "pugetsoundcommuters.example", "US"),
    ("Emerald City Couriers", "emeraldcouriers.example", "US"),
    ("Bellevue School District", "bellevueschools.example", "US"),
    ("Tacoma Parks Department", "tacomaparks.example", "US"),
    ("Redmond Tech Campus", "redmondcampus.example", "US"),
    ("Olympia Bike Share", "olympiabikeshare.example", "US"),
    ("Spokane Trail Tours", "spokanetrails.example", "US"),
    ("Kirkland Fitness Studio", "kirklandfitness.example", "US"),
    ("Everett Delivery Co-op", "everettdelivery.example", "US"),
    ("Renton Family Sports", "rentonfamilysports.example", "US"),
    ("Cascade Rental Fleet", "cascaderentals.example", "US"),
    ("Portland Pedal Partners", "portlandpedal.example", "US"),
    ("Vancouver Island Tours", "islandtours.example", "CA"),
    ("Boise Mountain Club", "boisemountain.example", "US"),
    ("Yakima Valley Resorts", "yakimaresorts.example", "US"),
    ("Seattle Police Bike Unit", "seattlepolicebikes.example", "US"),
    ("Snohomish County Health", "snohomishhealth.example", "US"),
    ("Bainbridge Island Inn", "bainbridgeinn.example", "US"),
    ("Lakeside Academy", "lakesideacademy.example", "US"),
    ("Anchorage Adventure Co", "anchorageadventure.example", "US"),
    ("Victoria Cycle Tours", "victoriacycletours.example", "CA"),
    ("Salem Community College", "salemcc.example", "US"),
    ("Eugene Courier Collective", "eugenecouriers.example", "US"),
    ("Missoula Outfitters", "missoulaoutfitters.example", "US"),
]
REGISTRATION_STATUSES = [
    "draft",
    "submitted",
    "approved",
    "rejected",
    "won",
    "lost",
    "expired",
    "approved",
    "appealed",
    "extension",
]
REGISTRATION_STAGES = ["qualification", "proposal", "negotiation", "commit"]
# Submitted last, so the CAMs find conflicts to review: a direct named account, another partner's protected
# customer (same domain), and another partner's customer written in Cyrillic.
CONFLICT_SHOWCASE = [
    ("rep@bikestore.demo", "Rainier Cycling Club", "rainiercycling.example", "US"),
    ("rep@progressive.demo", "Emerald City Couriers, LLC", "emeraldcouriers.example", "US"),
    ("admin@distributor.demo", "ООО «Каскад Рентал Флит»", "", "US"),
]


def create_registrations(seeder: Seeder) -> None:
    """~25 deal registrations of the demo partner logins (the distributor also for two of its resellers),
    in every status, through the deal services."""
    from core.actor import build_actor
    from deals.selectors import registerable_products
    from deals.services import (
        extension_request,
        latest_check,
        needs_justification,
        registration_appeal,
        registration_approve,
        registration_close,
        registration_create,
        registration_reject,
        registration_submit,
        registrations_expire,
    )

    rng = random.Random(SEED + 2)  # its own generator: the rest of the demo stays as it was
    users = {u.email: u for u in User.objects.filter(email__in=[e for _s, e, _n, _r in PARTNER_LOGINS])}
    distributor = demo_distributor(seeder)
    resellers = list(distributor.resellers.order_by("name")[:2])
    plan: list[tuple[User, Partner | None]] = [(users["rep@bikestore.demo"], None)] * 5
    plan += [(users["admin@bikestore.demo"], None)] * 4
    plan += [(users["rep@progressive.demo"], None)] * 4 + [(users["admin@progressive.demo"], None)] * 4
    plan += [(users["admin@distributor.demo"], None)] * 4
    plan += [(users["admin@distributor.demo"], r) for r in resellers for _ in range(2)]
    today = timezone.localdate()
    for index, ((user, for_partner), (name, domain, country)) in enumerate(
        zip(plan, REGISTRATION_CUSTOMERS, strict=False)
    ):
        actor = build_actor(user)
        products = list(registerable_products(actor=actor).filter(currency="USD"))
        chosen = rng.sample(products, min(len(products), rng.randint(1, 3)))
        registration, _created = registration_create(
            actor=actor,
            partner=for_partner,
            data={
                "customer_name": name,
                "customer_domain": domain,
                "customer_country": country,
                "contact_name": "Demo Contact",
                "contact_email": f"purchasing@{domain}",
                "currency": "USD",
                "expected_close_date": today + timedelta(days=rng.randint(14, 120)),
                "stage": rng.choice(REGISTRATION_STAGES),
                "notes": "Demo registration.",
            },
            lines=[{"product_id": p, "quantity": rng.randint(2, 40)} for p in chosen],
            idempotency_key=f"demo-{index}",
        )
        status = REGISTRATION_STATUSES[index % len(REGISTRATION_STATUSES)]
        if status == "draft":
            continue
        registration_submit(actor=actor, registration=registration)
        if status == "submitted":
            continue
        partner = registration.partner
        decider = partner.cam or seeder.staff[StaffRole.CHIEF]
        staff = Actor(user=decider, staff_role=decider.staff_role)
        if status in ("rejected", "appealed"):
            registration_reject(
                actor=staff, registration=registration, reason="The customer is a named direct account."
            )
            if status == "appealed":
                registration_appeal(
                    actor=actor,
                    registration=registration,
                    reason="We have served this customer for two years; direct sales has no open deal.",
                )
            continue
        note = ""
        if needs_justification(latest_check(registration)):
            note = "Checked with the direct team: they are not working this customer."
        registration_approve(actor=staff, registration=registration, note=note)
        if status == "extension":
            extension_request(
                actor=actor,
                registration=registration,
                days=30,
                reason="The customer's board approves the budget next quarter.",
            )
        if status == "won":
            registration_close(
                actor=actor, registration=registration, won=True, won_amount=registration.amount
            )
        elif status == "lost":
            registration_close(
                actor=actor,
                registration=registration,
                won=False,
                lost_reason="Lost to a competitor on price.",
            )
        elif status == "expired":
            type(registration).objects.filter(pk=registration.pk).update(
                protected_until=today - timedelta(days=1)
            )
    registrations_expire(today=today)
    for index, (email, name, domain, country) in enumerate(CONFLICT_SHOWCASE):
        actor = build_actor(users[email])
        product = registerable_products(actor=actor).filter(currency="USD").order_by("sku").first()
        registration, _created = registration_create(
            actor=actor,
            data={
                "customer_name": name,
                "customer_domain": domain,
                "customer_tax_id": "" if domain else "US-77-1234567",
                "customer_country": country,
                "contact_name": "Demo Contact",
                "currency": "USD",
                "expected_close_date": today + timedelta(days=45),
                "stage": "proposal",
                "notes": "Demo registration with a possible conflict.",
            },
            lines=[{"product_id": product, "quantity": 12}],
            idempotency_key=f"demo-conflict-{index}",
        )
        registration_submit(actor=actor, registration=registration)
