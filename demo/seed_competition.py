"""The demo's competing vendors: five bike brands and their lines, each mapped to the Kanal Bikes families it
competes with; what Bike Store, Progressive Sports and a few other partners declare they also sell; the
applications awaiting review answering the form's questions (capabilities, competing products) with the
targets weighing them; and one competitive registration: Bike Store sells Shimano groupsets, so its deal
for components is protected for 30 days only (the rules of engagement say so)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from catalog.models import Product, ProductFamily
from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor, CompetitionDisclosure
from competition.services import declaration_create, disclosure_confirm, line_create, vendor_create
from core.actor import build_actor, system_actor
from core.events import record_event
from partners.models import Partner
from recruitment.fit import fit_score
from recruitment.models import Application, ApplicationCompetitor, RecruitmentTargets

# vendor, web domain, [(line, [our families it competes with])]
VENDORS = [
    (
        "Trek Bicycle Corporation",
        "trekbikes.example",
        [
            ("Madone road bikes", ["Bikes"]),
            ("Bontrager components", ["Components"]),
            ("Bontrager apparel", ["Clothing"]),
        ],
    ),
    (
        "Giant Manufacturing",
        "giant-bicycles.example",
        [("TCR road bikes", ["Bikes"]), ("Giant accessories", ["Accessories"])],
    ),
    (
        "Specialized Bicycle Components",
        "specialized.example",
        [("S-Works bikes", ["Bikes"]), ("Specialized apparel", ["Clothing"])],
    ),
    ("Shimano", "shimano.example", [("Deore groupsets", ["Components"]), ("Cycling shoes", ["Clothing"])]),
    ("Cannondale", "cannondale.example", [("SuperSix EVO", ["Bikes"])]),
]

# Other partners' declarations: (vendor, line or None for all its products, since, share %)
OTHERS: list[list[tuple[str, str | None, int, int | None]]] = [
    [("Giant Manufacturing", "TCR road bikes", 2015, 25)],
    [("Specialized Bicycle Components", "Specialized apparel", 2019, None)],
    [("Cannondale", None, 2011, 100)],  # a Cannondale dealer: competitor-exclusive
    [("Trek Bicycle Corporation", "Madone road bikes", 2017, 30), ("Shimano", "Cycling shoes", 2020, 5)],
]

# Submitted applications (by web domain): capabilities, certifications, competing products or none.
APPLICATION_ANSWERS = {
    "velonord.example": (
        ["implementation", "support", "service"],
        "Two Shimano-certified mechanics; Bosch eBike service partner.",
        [("Giant Manufacturing", "TCR road bikes", 2018, 20)],
    ),
}

TARGET_WEIGHTS = {
    "capabilities": ["implementation", "support", "service"],
    "weight_region": 25,
    "weight_verticals": 20,
    "weight_type": 20,
    "weight_size": 10,
    "weight_capabilities": 15,
    "weight_competition": 10,
}


def create_competition(*, bike_store: Partner, progressive: Partner) -> None:
    if CompetingVendor.objects.exists():
        return
    ops = build_actor(User.objects.get(email="ops@kanal.demo"))
    families = {f.name: f for f in ProductFamily.objects.all()}
    lines: dict[tuple[str, str], CompetingLine] = {}
    vendors: dict[str, CompetingVendor] = {}
    for name, domain, vendor_lines in VENDORS:
        vendor = vendors[name] = vendor_create(actor=ops, data={"name": name, "web_domain": domain})
        for line_name, competes in vendor_lines:
            ids = [families[f].public_id for f in competes if f in families]
            lines[name, line_name] = line_create(
                actor=ops, vendor=vendor, data={"name": line_name, "families": ids}
            )
    _declare_own(
        bike_store,
        "admin@bikestore.demo",
        [(vendors["Shimano"], lines["Shimano", "Deore groupsets"], 2016, 15)],
    )
    _declare_own(
        progressive, "admin@progressive.demo", [(vendors["Trek Bicycle Corporation"], None, 2012, 60)]
    )
    _declare_others(vendors, lines, exclude={bike_store.pk, progressive.pk})
    _answer_applications(vendors, lines)
    _competitive_registration(bike_store)


def _declare_own(partner: Partner, admin_email: str, rows) -> None:
    """A demo login's company: its admin declares and confirms the list (the profile shows it)."""
    admin = build_actor(User.objects.get(email=admin_email))
    for vendor, line, since, share in rows:
        data = {"vendor_id": vendor.public_id, "since": since, "share": share}
        if line is not None:
            data["line_id"] = line.public_id
        declaration_create(actor=admin, data=data)
    disclosure_confirm(actor=admin)


def _declare_others(vendors, lines, *, exclude: set[int]) -> None:
    """A few active resellers without demo logins: what they declared with their applications."""
    partners = (
        Partner.objects.filter(status="active", partner_type="reseller", parent__isnull=True)
        .exclude(pk__in=exclude)
        .order_by("name")[: len(OTHERS)]
    )
    actor = system_actor()
    for partner, rows in zip(partners, OTHERS, strict=False):
        made = [
            CompetingDeclaration.objects.create(
                partner=partner,
                vendor=vendors[vendor],
                line=lines[vendor, line] if line else None,
                since=since,
                share=share,
            )
            for vendor, line, since, share in rows
        ]
        CompetitionDisclosure.objects.create(
            partner=partner, confirmed_at=partner.created_at, from_application=True
        )
        record_event(
            actor=actor,
            verb="competition.from_application",
            target=partner,
            partner=partner,
            after={"competing": [d.label for d in made], "competing_count": len(made)},
        )


def _answer_applications(vendors, lines) -> None:
    """The applications awaiting review answer the form's questions; the targets weigh the answers, and every
    one awaiting review is scored again."""
    targets = RecruitmentTargets.objects.order_by("id").first()
    if targets is None:
        return
    for name, value in TARGET_WEIGHTS.items():
        setattr(targets, name, value)
    targets.save()
    for application in Application.objects.filter(status=Application.Status.SUBMITTED):
        answer = APPLICATION_ANSWERS.get(application.web_domain)
        if answer is not None:
            application.capabilities, application.certifications, competing = answer
            application.sells_competing = bool(competing)
            ApplicationCompetitor.objects.bulk_create(
                ApplicationCompetitor(
                    application=application,
                    vendor=vendors[vendor],
                    line=lines[vendor, line] if line else None,
                    since=since,
                    share=share,
                )
                for vendor, line, since, share in competing
            )
        elif application.source == Application.Source.INBOUND:
            application.capabilities, application.sells_competing = ["support"], False
        application.fit_score, application.fit_reasons = fit_score(candidate=application, targets=targets)
        application.save(
            update_fields=["capabilities", "certifications", "sells_competing", "fit_score", "fit_reasons"]
        )


def _competitive_registration(partner: Partner) -> None:
    """Bike Store's rep registers a deal for components, which Shimano's Deore groupsets compete with: the
    check says the protection is 30 days only, and the CAM approves it so."""
    from deals.services import registration_approve, registration_create, registration_submit

    rep = build_actor(User.objects.get(email="rep@bikestore.demo"))
    products = Product.objects.filter(family__name="Components", is_active=True, currency="USD")
    products = products.exclude(channel_eligibility="direct_only").order_by("sku")[:2]
    registration, _created = registration_create(
        actor=rep,
        data={
            "customer_name": "Cascade Trail Riders",
            "customer_domain": "cascadetrailriders.example",
            "customer_country": "US",
            "contact_name": "Dana Brooks",
            "contact_email": "dana@cascadetrailriders.example",
            "currency": "USD",
            "expected_close_date": timezone.localdate() + timedelta(days=45),
            "stage": "proposal",
            "notes": "Groupset upgrades for the club's rental fleet.",
        },
        lines=[{"product_id": p, "quantity": 12} for p in products],
        idempotency_key="demo-competitive",
    )
    registration_submit(actor=rep, registration=registration)
    cam = partner.cam or User.objects.get(email="chief@kanal.demo")
    registration_approve(actor=build_actor(cam), registration=registration)
