"""The demo's leads: custom attributes channel ops defined, a year of closed leads with a plausible history
(offers, a few declines, conversions and losses that depend on what the lead said about itself), and open
leads: some awaiting the demo partners' answer, some being worked, some not routed yet, one for direct sales.

How likely a historical lead converted follows a hidden rule of thumb (site visits, a demo asked for, a budget
confirmed, the campaign, the company's size) with noise, so the scoring model trained at seeding time has
something real to learn and its reasons read sensibly.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from core.actor import system_actor
from leads.models import Lead, LeadAssignment, LeadAttribute, LeadNote
from matching.normalize import name_key
from partners.regions import region_for_country

if TYPE_CHECKING:
    from demo.seeding import Seeder
    from partners.models import Partner

SEED = 20261129
HISTORY_LEADS = 1200
OPEN_PER_PARTNER = {"bikestore": (4, 3), "progressive": (2, 2)}  # (awaiting an answer, being worked)

ATTRIBUTES: list[dict[str, Any]] = [
    {
        "key": "web_visits",
        "label_en": "Site visits",
        "label_ru": "Визиты на сайт",
        "kind": "number",
        "reason_en": "visited the site {value} times",
        "reason_ru": "визитов на сайт: {value}",
    },
    {"key": "requested_demo", "label_en": "Asked for a demo", "label_ru": "Запросил демо", "kind": "boolean"},
    {
        "key": "budget_confirmed",
        "label_en": "Budget confirmed",
        "label_ru": "Бюджет подтвержден",
        "kind": "boolean",
    },
    {
        "key": "campaign",
        "label_en": "Campaign",
        "label_ru": "Кампания",
        "kind": "choice",
        "choices": [
            {"value": "webinar", "label_en": "Webinar", "label_ru": "Вебинар"},
            {"value": "trade_show", "label_en": "Trade show", "label_ru": "Выставка"},
            {"value": "paid_search", "label_en": "Paid search", "label_ru": "Контекстная реклама"},
            {"value": "newsletter", "label_en": "Newsletter", "label_ru": "Рассылка"},
            {"value": "partner_event", "label_en": "Partner event", "label_ru": "Мероприятие партнера"},
        ],
    },
    {
        "key": "fleet_size",
        "label_en": "Bikes needed",
        "label_ru": "Нужно велосипедов",
        "kind": "number",
        "reason_en": "needs {value} bikes",
        "reason_ru": "нужно велосипедов: {value}",
    },
]
CAMPAIGN_EFFECT = {
    "webinar": 0.4,
    "trade_show": 0.6,
    "paid_search": -0.3,
    "newsletter": -0.6,
    "partner_event": 0.8,
}
SIZE_EFFECT = {"1-10": -0.7, "11-50": 0.0, "51-200": 0.3, "201-1000": 0.5, "1000+": 0.1}
VERTICALS = ["sports", "retail", "hospitality", "logistics", "education", "public_sector", "healthcare"]
FIRST = [
    "Northwind", "Blue Ridge", "Cascade", "Summit", "Harbor", "Evergreen", "Redwood", "Lakeside", "Pioneer",
    "Granite", "Silver Creek", "Maple", "Riverside", "Highland", "Coastal", "Prairie", "Aurora", "Beacon",
    "Cedar", "Falcon", "Juniper", "Meridian", "Orchard", "Sequoia", "Timber", "Willow", "Alpine", "Canyon",
]  # fmt: skip
SECOND = [
    "Cycles", "Outdoor", "Logistics", "Health", "Hotels", "Couriers", "Sports Club", "Academy", "Rentals",
    "Fitness", "Delivery", "Tours", "Parks", "University", "Resorts", "Bike Share", "Clinic", "Foods",
]  # fmt: skip
PLACES = [
    "",
    "",
    "",
    "Seattle",
    "Portland",
    "Boston",
    "Denver",
    "Austin",
    "Toronto",
    "Berlin",
    "Munich",
    "Calgary",
]
FORMS = ["Inc.", "LLC", "Ltd", "GmbH", "Co.", ""]
PEOPLE = [
    "Alex Morgan", "Jamie Lee", "Taylor Reed", "Jordan Blake", "Casey Quinn", "Riley Hayes", "Morgan Diaz",
    "Avery Brooks", "Dana Fox", "Sam Ortiz", "Чен Ли", "Анна Смирнова", "Олег Петров",
]  # fmt: skip
TITLES = ["Operations Manager", "Facilities Director", "Procurement Lead", "Owner", "Fleet Manager", "CFO"]
DECLINE_REASONS = ["no_capacity", "out_of_territory", "no_expertise", "poor_fit"]
LOST_REASONS = ["no_budget", "no_need", "competitor", "no_response", "timing"]


def create_lead_attributes() -> dict[str, LeadAttribute]:
    made = {}
    for position, spec in enumerate(ATTRIBUTES):
        made[spec["key"]] = LeadAttribute.objects.create(position=position, **spec)
    return made


def _company(rng: random.Random, used: set[str]) -> tuple[str, str]:
    # 28 × 18 × 10 names: far more than the demo's leads, so the loop ends quickly.
    while True:
        name = " ".join(part for part in (rng.choice(FIRST), rng.choice(PLACES), rng.choice(SECOND)) if part)
        if name not in used:
            used.add(name)
            form = rng.choice(FORMS)
            slug = name.lower().replace(" ", "")
            return (f"{name} {form}".strip(), f"{slug}.example")


def _profile(rng: random.Random) -> dict[str, Any]:
    """What a lead said about itself, and how likely that kind of lead converts (the hidden rule)."""
    visits = min(30, int(rng.expovariate(1 / 5)))
    demo = rng.random() < 0.3
    budget = rng.random() < 0.25
    campaign = rng.choice(list(CAMPAIGN_EFFECT))
    size = rng.choice(list(SIZE_EFFECT))
    fleet = rng.choice([2, 5, 10, 20, 40, 80])
    logit = (
        -2.6
        + 0.13 * visits
        + 1.3 * demo
        + 1.5 * budget
        + CAMPAIGN_EFFECT[campaign]
        + SIZE_EFFECT[size]
        + 0.004 * fleet
        + rng.gauss(0, 0.6)
    )
    attributes = {
        "web_visits": visits,
        "requested_demo": demo,
        "budget_confirmed": budget,
        "campaign": campaign,
    }
    if rng.random() < 0.7:
        attributes["fleet_size"] = fleet
    return {"attributes": attributes, "company_size": size, "p": 1 / (1 + math.exp(-logit))}


def _lead(rng: random.Random, used: set[str], partner: Partner | None, **fields: Any) -> tuple[Lead, float]:
    name, domain = _company(rng, used)
    profile = _profile(rng)
    country = (
        partner.country.code if partner is not None and partner.country else rng.choice(["US", "CA", "DE"])
    )
    region = region_for_country(country)
    first, last = rng.choice(PEOPLE).split(" ", 1)
    lead = Lead(
        company_name=name,
        name_key=name_key(name),
        domain=domain,
        country=country,
        region=region.value if region else "",
        vertical=rng.choice(VERTICALS),
        company_size=profile["company_size"],
        contact_name=f"{first} {last}",
        contact_email=f"{first.lower()}@{domain}" if first.isascii() else "",
        contact_title=rng.choice(TITLES),
        source=rng.choice(["import", "import", "web_form", "api"]),
        attributes=profile["attributes"],
        partner=partner,
        destination="channel" if partner is not None else "unrouted",
        **fields,
    )
    return lead, profile["p"]


def create_leads(seeder: Seeder, *, partners: dict[str, Partner]) -> None:
    """Attributes, a year of history across the active partners, and the open leads of the demo logins."""
    rng = random.Random(SEED)
    create_lead_attributes()
    now = timezone.now()
    active = [p for p in seeder.partners.values() if p.status == "active"]
    used: set[str] = set()
    leads: list[Lead] = []
    offers: list[tuple[int, Partner, str, int, int]] = []  # (lead index, partner, outcome, age days, hours)
    for index in range(HISTORY_LEADS):
        partner = rng.choice(active)
        age = rng.randint(20, 365)
        lead, p = _lead(rng, used, partner)
        converted = rng.random() < p
        lead.status = "converted" if converted else "lost"
        lead.lost_reason = "" if converted else rng.choice(LOST_REASONS)
        lead.closed_at = now - timedelta(days=age - rng.randint(5, 19))
        lead.accepted_at = now - timedelta(days=age, hours=-rng.randint(1, 30))
        leads.append(lead)
        if rng.random() < 0.12:  # another partner declined it first
            other = rng.choice(active)
            if other.pk != partner.pk:
                offers.append((index, other, "declined", age + 2, 0))
        offers.append((index, partner, "accepted", age, rng.randint(1, 30)))
    history_end = len(leads)
    for slot, (awaiting, working) in OPEN_PER_PARTNER.items():
        partner = partners[slot]
        for n in range(awaiting):
            hours = [3, 20, 30, 44][n % 4]
            lead, _p = _lead(rng, used, partner, status="new", accept_by=now + timedelta(hours=hours))
            lead.assigned_at = now - timedelta(hours=48 - hours)
            leads.append(lead)
            offers.append((len(leads) - 1, partner, "pending", 0, 0))
        for n in range(working):
            status = ["accepted", "contacted", "qualified"][n % 3]
            lead, _p = _lead(
                rng,
                used,
                partner,
                status=status,
                next_step=["Call back", "Site visit", "Send a quote"][n % 3],
                next_step_on=seeder.today + timedelta(days=n + 1),
                accepted_at=now - timedelta(days=n + 2),
            )
            leads.append(lead)
            offers.append((len(leads) - 1, partner, "accepted", n + 3, 5))
    for _n in range(6):
        lead, _p = _lead(rng, used, None, status="new")
        leads.append(lead)
    Lead.objects.bulk_create(leads, batch_size=500)
    # Backdate: created when first offered (history) or lately (the open ones).
    first_offered: dict[int, int] = {}
    for i, _partner, _outcome, age, _hours in offers:
        first_offered[i] = max(first_offered.get(i, 0), age)
    for index, lead in enumerate(leads):
        days = first_offered.get(index, rng.randint(0, 3))
        lead.created_at = lead.updated_at = now - timedelta(days=days, hours=6)
    Lead.objects.bulk_update(leads, ["created_at", "updated_at"], batch_size=500)
    rows = []
    for index, partner, outcome, age, hours in offers:
        lead = leads[index]
        offered_at = now - timedelta(days=age, hours=6) if index < history_end else lead.assigned_at or now
        rows.append(
            LeadAssignment(
                lead=lead,
                partner=partner,
                explanation=[
                    {"code": "region", "params": {"region": lead.region}}
                    if lead.region
                    else {"code": "rotation"},
                    {"code": "vertical", "params": {"vertical": lead.vertical}},
                    {"code": "sla", "params": {"hours": 48}},
                ],
                accept_by=lead.accept_by if outcome == "pending" else offered_at + timedelta(hours=48),
                outcome=outcome,
                decided_at=None if outcome == "pending" else offered_at + timedelta(hours=max(hours, 1)),
                decline_reason=rng.choice(DECLINE_REASONS) if outcome == "declined" else "",
            )
        )
    LeadAssignment.objects.bulk_create(rows, batch_size=500)
    for row in rows:
        row.created_at = row.updated_at = row.decided_at or now
    LeadAssignment.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=500)
    worked = [lead for lead in leads[history_end:] if lead.status in ("contacted", "qualified")]
    LeadNote.objects.bulk_create(
        [
            LeadNote(
                lead=lead, partner=lead.partner, text="Spoke with the fleet manager; interested in a pilot."
            )
            for lead in worked
        ]
    )
    create_routing_rules()
    _route_waiting(leads[-6:])
    _train_scoring()


def create_routing_rules() -> None:
    """Version 1 of the routing rules, published by ops: North America and Europe by region, everywhere else
    by country; 48 hours to accept (24 for gold and platinum partners), 15 open leads per partner."""
    from leads.routing.services import rule_create, ruleset_create_draft, ruleset_publish

    actor = system_actor()
    draft = ruleset_create_draft(
        actor=actor,
        data={
            "default_sla_hours": 48,
            "tier_sla_hours": {"gold": 24, "platinum": 24},
            "default_capacity": 15,
            "notes": "First version: by region, 48 hours to accept (24 for gold and platinum).",
        },
    )
    for name, regions, territory in [
        ("North America", ["north_america"], "region"),
        ("Europe", ["europe"], "region"),
        ("Everywhere else, by country", [], "country"),
    ]:
        rule_create(
            actor=actor,
            ruleset=draft,
            data={"name": name, "lead_regions": regions, "territory": territory, "direct": False},
        )
    ruleset_publish(actor=actor, ruleset=draft)


def _route_waiting(leads: list[Lead]) -> None:
    from leads.hooks import route_waiting

    route_waiting(leads)


def _train_scoring() -> None:
    """The demo's scoring model, trained from its history like any instance's; the open leads scored."""
    from leads.scoring.services import score_leads, train_scoring_model

    train_scoring_model(actor=system_actor())
    score_leads(Lead.objects.filter(status__in=["new", "accepted", "contacted", "qualified"]))
