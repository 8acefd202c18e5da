"""The demo's partner programs: the default program (resellers, retailers, distributors) with what each tier
gives — catalogue discount, MDF accrual, lead routing priority, deal protection, support response —, a
service program and a referral program with tiers and members of their own; the partners placed at the tier
of their sales history; the rules of engagement of the default program accepted by the partners, and a
second version published lately that one demo partner (Progressive Sports) has still to accept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Membership
from core.roles import PartnerRole
from partners.choices import Capability, PartnerStatus, PartnerType, Tier

# What each tier of the default program gives (percentages as text, as the API takes them).
DEFAULT_TIERS: dict[str, dict[str, Any]] = {
    Tier.REGISTERED: {
        "catalog_discount": "5",
        "mdf_rate": "",
        "routing_priority": 0,
        "support_sla_hours": 72,
        "benefits_en": "Deal registration, the partner portal, online sales training.",
        "benefits_ru": "Регистрация сделок, партнерский портал, онлайн-обучение продажам.",
    },
    Tier.SILVER: {
        "catalog_discount": "10",
        "mdf_rate": "1",
        "routing_priority": 1,
        "support_sla_hours": 48,
        "benefits_en": "Demo bikes at cost, a listing in the dealer locator.",
        "benefits_ru": "Демонстрационные велосипеды по себестоимости, место в поиске дилеров.",
    },
    Tier.GOLD: {
        "catalog_discount": "15",
        "mdf_rate": "2",
        "routing_priority": 2,
        "support_sla_hours": 24,
        "benefits_en": "A named channel account manager, co-op advertising, early access to new models.",
        "benefits_ru": "Персональный менеджер, совместная реклама, ранний доступ к новым моделям.",
    },
    Tier.PLATINUM: {
        "catalog_discount": "20",
        "mdf_rate": "3",
        "routing_priority": 3,
        "protection_days": 180,
        "support_sla_hours": 8,
        "benefits_en": "Joint business planning each quarter, exclusive launch events, a seat on the "
        "partner advisory board.",
        "benefits_ru": "Совместное бизнес-планирование каждый квартал, закрытые презентации новинок, место "
        "в партнерском совете.",
    },
}

SERVICE_TYPES = [PartnerType.RESELLER, PartnerType.RETAILER, PartnerType.DEALER]
SERVICE_PROGRAM: dict[str, Any] = {
    "code": "service",
    "name_en": "Service partners",
    "name_ru": "Сервисные партнеры",
    "description_en": "Workshops that service and repair Kanal Bikes under warranty: paid warranty work, "
    "spare parts at partner prices and technical training.",
    "description_ru": "Мастерские, которые обслуживают и ремонтируют велосипеды Kanal Bikes по гарантии: "
    "оплачиваемые гарантийные работы, запчасти по партнерским ценам и техническое обучение.",
    "partner_types": SERVICE_TYPES,
    "is_default": False,
    "position": 2,
}
SERVICE_TIERS: dict[str, dict[str, Any]] = {
    Tier.REGISTERED: {
        "name_en": "Service partner",
        "name_ru": "Сервисный партнер",
        "catalog_discount": "3",
        "support_sla_hours": 24,
        "benefits_en": "Warranty repairs paid at 55 USD an hour; the workshop manual online.",
        "benefits_ru": "Гарантийный ремонт оплачивается по 55 USD в час; руководство по ремонту онлайн.",
    },
    Tier.SILVER: {
        "name_en": "Certified service partner",
        "name_ru": "Сертифицированный сервисный партнер",
        "catalog_discount": "5",
        "routing_priority": 1,
        "support_sla_hours": 12,
        "benefits_en": "Warranty repairs at 65 USD an hour, spare parts shipped the next day.",
        "benefits_ru": "Гарантийный ремонт по 65 USD в час, запчасти на следующий день.",
    },
    Tier.GOLD: {
        "name_en": "Service centre",
        "name_ru": "Сервисный центр",
        "catalog_discount": "8",
        "routing_priority": 2,
        "support_sla_hours": 4,
        "benefits_en": "Warranty repairs at 75 USD an hour, a direct line to the factory's engineers, "
        "e-bike motor repairs.",
        "benefits_ru": "Гарантийный ремонт по 75 USD в час, прямая линия с инженерами завода, ремонт "
        "моторов электровелосипедов.",
    },
}

REFERRAL_PROGRAM: dict[str, Any] = {
    "code": "referral",
    "name_en": "Referral partners",
    "name_ru": "Партнеры по рекомендациям",
    "description_en": "Shops, clubs and fitters that recommend Kanal Bikes to companies buying fleets: a "
    "referral fee on the first order of each customer they bring.",
    "description_ru": "Магазины, клубы и специалисты по подбору, которые рекомендуют Kanal Bikes компаниям, "
    "закупающим велосипеды для сотрудников: вознаграждение с первого заказа каждого приведенного клиента.",
    "partner_types": [],
    "is_default": False,
    "position": 3,
}
REFERRAL_TIERS: dict[str, dict[str, Any]] = {
    Tier.REGISTERED: {
        "benefits_en": "A 5% referral fee on the first order.",
        "benefits_ru": "Вознаграждение 5% с первого заказа.",
    },
    Tier.SILVER: {
        "benefits_en": "A 7% referral fee on the first order, referral links with your logo.",
        "benefits_ru": "Вознаграждение 7% с первого заказа, реферальные ссылки с вашим логотипом.",
    },
    Tier.GOLD: {
        "benefits_en": "A 10% referral fee on the first order and 2% on repeat orders for a year.",
        "benefits_ru": "Вознаграждение 10% с первого заказа и 2% с повторных заказов в течение года.",
    },
}

JOINED = (PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)
TIER_RANK = {tier: rank for rank, tier in enumerate(Tier.values)}
SERVICE_MEMBERS, REFERRAL_MEMBERS = 14, 9


def place_in_tiers(seeder: Any, tiers: dict[int, str]) -> None:
    """Each partner (pk → tier) at the tier of its sales history in the default program, set by hand with
    the reason (the tier since its first order)."""
    from core.events import subscribe, unsubscribe
    from programs.models import ProgramMembership
    from programs.services import membership_set_tier
    from recognition.reactions import tier_changed

    memberships = ProgramMembership.objects.filter(
        partner_id__in=tiers, ended_at__isnull=True, program__is_default=True
    ).select_related("partner", "program")
    moved = []
    # The tiers partners held before Kanal are not news: no congratulation drafts for marketing.
    unsubscribe("program_membership.tier_changed", tier_changed)
    try:
        for membership in memberships:
            tier = tiers[membership.partner_id]
            if tier != membership.tier:
                moved.append(
                    membership_set_tier(
                        actor=seeder.actor,
                        membership=membership,
                        tier=tier,
                        reason="Tier from the AdventureWorks sales history",
                    )
                )
    finally:
        subscribe("program_membership.tier_changed", tier_changed)
    for membership in moved:
        membership.tier_since = membership.partner.activated_at or membership.tier_since
    ProgramMembership.objects.bulk_update(moved, ["tier_since"], batch_size=500)


def _tiers(actor: Any, program: Any, values: dict[str, dict[str, Any]]) -> None:
    from programs.services import tier_update

    for tier in program.tiers.all():
        if tier.tier in values:
            tier_update(actor=actor, tier=tier, data=values[tier.tier])


def _program(actor: Any, texts: dict[str, Any]) -> Any:
    from programs.models import PartnerProgram
    from programs.services import program_create

    return PartnerProgram.objects.filter(code=texts["code"]).first() or program_create(
        actor=actor, data=texts
    )


def _join(actor: Any, program: Any, partners: list[Any], *, cap: str) -> None:
    """The partners join `program` at their tier, at most `cap` (so their best tier stays what it was)."""
    from programs.services import membership_join

    for partner in partners:
        tier = partner.tier if TIER_RANK[partner.tier] <= TIER_RANK[cap] else cap
        membership_join(actor=actor, program=program, partner=partner, tier=tier)


def create_programs(seeder: Any, *, service_partner: Any, referral_partner: Any) -> None:
    """The default program's texts and benefits, the service and referral programs with their members."""
    from partners.models import Partner
    from programs.models import PartnerProgram
    from programs.services import program_update

    ops = seeder.actor
    default = PartnerProgram.objects.get(is_default=True)
    program_update(
        actor=ops,
        program=default,
        data={
            "name_en": "Kanal Bikes Partner Program",
            "name_ru": "Партнерская программа Kanal Bikes",
            "description_en": "For the shops, dealers and distributors that sell Kanal Bikes: the higher the "
            "tier, the better the prices, funds, leads and protection.",
            "description_ru": "Для магазинов, дилеров и дистрибьюторов, продающих Kanal Bikes: чем выше "
            "уровень, тем лучше цены, фонды, лиды и защита сделок.",
            "position": 1,
        },
    )
    _tiers(ops, default, DEFAULT_TIERS)
    service = _program(ops, SERVICE_PROGRAM)
    _tiers(ops, service, SERVICE_TIERS)
    referral = _program(ops, REFERRAL_PROGRAM)
    _tiers(ops, referral, REFERRAL_TIERS)
    active = Partner.objects.filter(status=PartnerStatus.ACTIVE).order_by("name")
    workshops = [
        p
        for p in active.filter(partner_type__in=SERVICE_TYPES)
        if Capability.SERVICE in (p.capabilities or []) and p.pk != service_partner.pk
    ][: SERVICE_MEMBERS - 1]
    _join(ops, service, [service_partner, *workshops], cap=Tier.GOLD)
    taken = {p.pk for p in workshops} | {service_partner.pk}
    recommenders = [p for p in active.filter(partner_type=PartnerType.RETAILER) if p.pk not in taken][
        : REFERRAL_MEMBERS - 1
    ]
    _join(ops, referral, [referral_partner, *recommenders], cap=Tier.SILVER)


# --- the rules of engagement, accepted ----------------------------------------------------------------------


def _admins(partner_ids: list[int]) -> dict[int, Any]:
    """Each partner's first admin (the one who accepts for it), if it has a login."""
    found: dict[int, Any] = {}
    for membership in Membership.objects.filter(
        partner_id__in=partner_ids, role=PartnerRole.ADMIN, is_active=True
    ).order_by("id"):
        found.setdefault(membership.partner_id, membership.user_id)
    return found


def accept_rules(seeder: Any, ruleset: Any, *, skip: tuple[int, ...] = (), days_ago: int = 0) -> int:
    """Every partner `ruleset` is in force for accepts it (but `skip`), by its admin when it has a login,
    dated after the partner joined and the version was published. Returns how many accepted."""
    from engagement.models import RuleSetAcceptance
    from engagement.notify import bound_partner_ids
    from partners.models import Partner

    partner_ids = [pk for pk in bound_partner_ids(ruleset) if pk not in skip]
    admins = _admins(partner_ids)
    published = ruleset.published_at or timezone.now()
    rows = []
    for partner in Partner.objects.filter(pk__in=partner_ids).order_by("pk"):
        when = max(published, partner.activated_at or published) + timedelta(
            days=seeder.rng.randint(0, max(1, days_ago)) if days_ago else 0, hours=seeder.rng.randint(1, 30)
        )
        rows.append(
            (
                RuleSetAcceptance(ruleset=ruleset, partner=partner, accepted_by_id=admins.get(partner.pk)),
                min(when, timezone.now()),
            )
        )
    created = RuleSetAcceptance.objects.bulk_create([row for row, _when in rows], batch_size=500)
    for row, (_row, when) in zip(created, rows, strict=True):
        row.created_at = when
    RuleSetAcceptance.objects.bulk_update(created, ["created_at"], batch_size=500)
    return len(created)


def publish_rules_update(seeder: Any, *, pending: Any) -> None:
    """Version 2 of the default program's rules, published nine days ago: deals with a direct-only product
    go to direct sales. Every partner but `pending` has accepted it since; `pending`'s admin is asked to
    (a notification, the home card) and its registrations wait until then."""
    from engagement.models import RuleSet
    from engagement.services import rule_create, ruleset_create_draft, ruleset_publish

    if RuleSet.objects.filter(program__is_default=True, version__gte=2).exists():
        return
    draft = ruleset_create_draft(
        actor=seeder.actor,
        data={"notes": "Version 2: deals that include a direct-only product go to direct sales."},
    )
    rule_create(
        actor=seeder.actor,
        ruleset=draft,
        data={"label": "Direct-only products", "product_eligibility": "direct_only", "outcome": "direct"},
    )
    published = ruleset_publish(actor=seeder.actor, ruleset=draft)
    when = seeder.days_ago(9)
    RuleSet.objects.filter(pk=published.pk).update(published_at=when)
    published.published_at = when
    accept_rules(seeder, published, skip=(pending.pk,), days_ago=8)
