"""The demo's campaigns-in-a-box: two published kits written by the channel marketing manager (a spring
test-ride campaign with an email, a social post, the product flyer and a landing page in English and Russian;
a fleet offer for companies), the demo bike store's launch of the first one, two weeks of page views and a few
leads left on its landing page (attributed to the store and offered to it)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

SPRING_LANDING_EN = """## Ride into spring

Test-ride the 2026 Adventure Works range at {partner_name} — road, mountain and touring bikes, set up for you.

## Why now

Spring prices hold until the end of May, and every test ride comes with a free fitting."""
SPRING_LANDING_RU = """## Весна на велосипеде

Прокатитесь на велосипедах Adventure Works 2026 года — шоссейных, горных и туристических.

## Почему сейчас

Весенние цены действуют до конца мая, а к каждому тест-драйву — бесплатная подгонка."""
FLEET_LANDING_EN = """## Bikes for your team

Company bike fleets with service included: fewer car trips, healthier people.

## How it works

We visit, your team tries the bikes, you choose a plan."""

LEADS = [
    ("Contoso Cycling Club", "Marta Ruiz", "marta@contoso-cycling.example"),
    ("Northwind Couriers", "Tom Baker", "tom@northwind-couriers.example"),
    ("Fabrikam Offices", "Ines Ortega", "ines@fabrikam-offices.example"),
]


def create_campaigns(seeder: Any, *, partner: Any) -> None:
    """Idempotent: does nothing when any campaign kit exists."""
    from accounts.models import Membership
    from campaigns.models import CampaignKit, PageView
    from campaigns.services import kit_create, kit_publish, landing_submit, launch_create, message_add
    from collateral.models import CollateralTemplate
    from content.models import Asset
    from core.actor import build_actor
    from core.roles import PartnerRole, StaffRole

    if CampaignKit.objects.exists():
        return
    marketing = build_actor(seeder.staff[StaffRole.MARKETING])
    flyer = CollateralTemplate.objects.filter(title_en="Product flyer").values_list("public_id", flat=True)
    assets = Asset.objects.filter(status="published").order_by("id").values_list("public_id", flat=True)[:2]
    spring = kit_create(
        actor=marketing,
        data={
            "title_en": "Spring test rides",
            "title_ru": "Весенние тест-драйвы",
            "description_en": "Invite customers to test-ride the 2026 range at your store.",
            "description_ru": "Пригласите покупателей прокатиться на велосипедах 2026 года.",
            "landing_en": SPRING_LANDING_EN,
            "landing_ru": SPRING_LANDING_RU,
            "form_fields": ["contact_phone", "notes"],
            "templates": list(flyer),
            "assets": list(assets),
        },
    )
    message_add(
        actor=marketing,
        kit=spring,
        data={
            "kind": "email",
            "subject_en": "Test-ride the 2026 bikes at {partner_name}",
            "subject_ru": "Тест-драйв велосипедов 2026 года в {partner_name}",
            "body_en": (
                "Hello,\n\nSpring is here. Book a free test ride: {landing_url}\n\n"
                "{partner_name}, {partner_phone}"
            ),
            "body_ru": (
                "Здравствуйте!\n\nВесна пришла. Запишитесь на тест-драйв: {landing_url}\n\n"
                "{partner_name}, {partner_phone}"
            ),
        },
    )
    message_add(
        actor=marketing,
        kit=spring,
        data={
            "kind": "social",
            "body_en": "Spring test rides at {partner_name} — book yours: {referral_url}",
            "body_ru": "Весенние тест-драйвы в {partner_name} — запишитесь: {referral_url}",
        },
    )
    spring = kit_publish(actor=marketing, kit=spring)
    fleet = kit_create(
        actor=marketing,
        data={
            "title_en": "Company bike fleets",
            "title_ru": "Велосипеды для компаний",
            "description_en": "For dealers and resellers selling to businesses.",
            "landing_en": FLEET_LANDING_EN,
            "form_fields": ["company_size", "contact_title"],
        },
    )
    message_add(
        actor=marketing,
        kit=fleet,
        data={
            "kind": "email",
            "subject_en": "A bike fleet for your team",
            "body_en": "{partner_name} sets up company bike fleets: {landing_url}",
        },
    )
    kit_publish(actor=marketing, kit=fleet)

    admin = Membership.objects.filter(partner=partner, role=PartnerRole.ADMIN).select_related("user").first()
    if admin is None:
        return
    launch = launch_create(actor=build_actor(admin.user), kit=spring)[0]
    for days in range(14):
        PageView.objects.create(
            launch=launch, day=seeder.today - timedelta(days=days), views=12 + (days * 7) % 23
        )
    for company, name, email in LEADS:
        landing_submit(
            launch=launch, data={"company_name": company, "contact_name": name, "contact_email": email}
        )
