"""The demo's incentives: a partner commission (referral, influenced and sourced deals at their own rates,
capped per quarter), a volume rebate on bikes with marginal tiers and an accelerator over Bike Store's target,
a SPIFF on components for the salesperson, and a draft bonus for agents. Bike Store wins two more deals — one
from a lead its referral link brought — the earnings accrue, a partial refund claws some back, and its admin
disputes an earning."""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def create_incentives(seeder: Any, *, partner: Any) -> None:
    """Idempotent: does nothing when any incentive program exists."""
    from django.utils import timezone

    from accounts.models import User
    from catalog.models import Product, ProductFamily
    from core.actor import build_actor
    from core.roles import StaffRole
    from deals.services import (
        registration_approve,
        registration_close,
        registration_create,
        registration_refund,
        registration_submit,
    )
    from incentives.accrual import run_accrual
    from incentives.models import IncentiveProgram
    from incentives.services import dispute_raise, program_activate, program_create, rule_add, target_set
    from leads.models import Lead
    from leads.routing.services import accept_lead
    from leads.services import lead_convert
    from ledger.periods import period_of

    if IncentiveProgram.objects.exists():
        return
    ops = build_actor(seeder.staff[StaffRole.OPS])
    cam = partner.cam or seeder.staff[StaffRole.CHIEF]
    staff = build_actor(User.objects.get(pk=cam.pk))
    admin = build_actor(User.objects.get(email="admin@bikestore.demo"))
    rep = build_actor(User.objects.get(email="rep@bikestore.demo"))
    today = timezone.localdate()
    starts = (today - timedelta(days=120)).isoformat()
    families = {f.name: str(f.public_id) for f in ProductFamily.objects.all()}

    commission = program_create(
        actor=ops,
        data={
            "name_en": "Partner commission 2026",
            "name_ru": "Партнерская комиссия 2026",
            "kind": "commission",
            "currency": "USD",
            "starts_on": starts,
            "period": "quarter",
            "clawback_days": 90,
            "cap": "50000",
            "description_en": "Paid monthly with your statement.",
            "description_ru": "Выплачивается ежемесячно вместе с выпиской.",
        },
    )
    rule_add(
        actor=ops, program=commission, data={"basis": "percent", "rate": "12", "deal_types": ["referral"]}
    )
    rule_add(
        actor=ops, program=commission, data={"basis": "percent", "rate": "6", "deal_types": ["influenced"]}
    )
    rule_add(actor=ops, program=commission, data={"basis": "percent", "rate": "4"})
    program_activate(actor=ops, program=commission)

    rebate = program_create(
        actor=ops,
        data={
            "name_en": "Bikes volume rebate",
            "name_ru": "Бонус за объем продаж велосипедов",
            "kind": "rebate",
            "currency": "USD",
            "starts_on": starts,
            "period": "quarter",
            "clawback_days": 60,
            "accelerator": "1.25",
            "partner_types": ["reseller", "retailer", "dealer"],
            "volume_tiers": [
                {"from_amount": "0", "rate": "1"},
                {"from_amount": "50000", "rate": "2"},
                {"from_amount": "150000", "rate": "3"},
            ],
        },
    )
    rule_add(actor=ops, program=rebate, data={"basis": "percent", "families": [families["Bikes"]]})
    program_activate(actor=ops, program=rebate)
    target_set(
        actor=ops,
        data={
            "program_id": str(rebate.public_id),
            "partner_id": str(partner.public_id),
            "period": period_of(today, kind="quarter").code,
            "amount": "20000",
        },
    )

    spiff = program_create(
        actor=ops,
        data={
            "name_en": "Components SPIFF",
            "name_ru": "SPIFF за комплектующие",
            "kind": "spiff",
            "currency": "USD",
            "starts_on": starts,
            "period": "quarter",
            "clawback_days": 30,
        },
    )
    rule_add(
        actor=ops,
        program=spiff,
        data={"basis": "fixed_unit", "amount": "5", "families": [families["Components"]]},
    )
    program_activate(actor=ops, program=spiff)

    bonus = program_create(
        actor=ops,
        data={
            "name_en": "Agent referral bonus",
            "name_ru": "Бонус агентам за рекомендации",
            "kind": "commission",
            "currency": "USD",
            "starts_on": (today + timedelta(days=30)).isoformat(),
            "period": "year",
            "partner_types": ["agent", "affiliate"],
        },
    )
    rule_add(
        actor=ops, program=bonus, data={"basis": "fixed_deal", "amount": "250", "deal_types": ["referral"]}
    )

    # Two more won deals for Bike Store: one converted from a lead its referral link brought.
    products = {
        p.sku: p
        for p in Product.objects.filter(
            family__name__in=["Bikes", "Components"],
            is_active=True,
            channel_eligibility__in=["both", "channel_only"],
        )
    }
    bikes = sorted(sku for sku, p in products.items() if p.family.name == "Bikes")
    components = sorted(sku for sku, p in products.items() if p.family.name == "Components")
    referred = (
        Lead.objects.filter(partner=partner, attribution__status="attributed", status="new")
        .order_by("pk")
        .first()
    )
    won = []
    if referred is not None:
        referred.products.set([products[bikes[-1]]])  # what the visitor asked about
        accept_lead(actor=rep, lead=referred)
        registration = lead_convert(
            actor=rep,
            lead=referred,
            data={
                "expected_close_date": (today + timedelta(days=30)).isoformat(),
                "quantity": 6,
                "submit": True,
            },
        )
        won.append(registration)
    registration, _created = registration_create(
        actor=rep,
        data={
            "customer_name": "Seattle Bike Share",
            "customer_domain": "seattlebikeshare.example",
            "customer_country": "US",
            "contact_name": "Demo Contact",
            "currency": "USD",
            "expected_close_date": today + timedelta(days=20),
            "stage": "commit",
        },
        lines=[{"product_id": products[bikes[0]], "quantity": 24}]
        + [{"product_id": products[sku], "quantity": 40} for sku in components[:2]],
        idempotency_key="demo-incentives-1",
    )
    registration_submit(actor=rep, registration=registration)
    won.append(registration)
    for registration in won:
        registration.refresh_from_db()
        if registration.status == "submitted":
            registration_approve(actor=staff, registration=registration, note="Checked: no conflict.")
        registration_close(actor=rep, registration=registration, won=True, won_amount=registration.amount)
    run_accrual(actor=ops, cutoff=timezone.now())
    # A partial refund inside the clawback window gives back part of what the deal earned.
    registration_refund(actor=ops, registration=won[-1], amount="1000", reason="Two bikes returned damaged.")
    first_won = (
        type(won[-1])
        .objects.filter(partner=partner, status="won")
        .exclude(pk__in=[r.pk for r in won])
        .first()
    )
    dispute_raise(
        actor=admin,
        data={
            "kind": "wrong_amount" if first_won is None else "missing",
            "registration_id": str((first_won or won[-1]).public_id),
            "program_id": str(commission.public_id),
            "reason": "We believe this deal came from our referral and should earn 12 %.",
        },
    )


def win_since_last_payout(*, partner: Any) -> None:
    """After the demo's payout run, Bike Store wins one more of its protected deals and the hourly accrual
    books its earnings: ops see them payable now, the partner sees them pending."""
    from django.utils import timezone

    from accounts.models import User
    from core.actor import build_actor
    from deals.models import DealRegistration
    from deals.services import registration_close
    from incentives.accrual import run_accrual

    protected = DealRegistration.objects.filter(partner=partner, status="approved", amount__gt=0)
    registration = protected.order_by("pk").first()
    if registration is None:
        return
    rep = build_actor(User.objects.get(email="rep@bikestore.demo"))
    registration_close(actor=rep, registration=registration, won=True, won_amount=registration.amount)
    run_accrual(actor=build_actor(User.objects.get(email="ops@kanal.demo")), cutoff=timezone.now())
