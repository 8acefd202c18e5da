"""The demo's market development funds: the current quarter's budget, allocated to every gold and platinum
partner and to the demo bike store (a fixed amount and a share of its won revenue); the bike store's
activities in every state — claimed and paid, claimed and awaiting approval (flagged: the same invoice as
another partner's), approved and ready to claim, awaiting the channel chief, awaiting marketing, rejected,
withdrawn, cancelled — with invoices and proof photos drawn by Typst; last quarter closed with its unused
funds expired; and leads and registrations carrying the activities' codes, so their ROI shows."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

_compile: Any = None


def _typst(source: str, *, fmt: str) -> bytes:
    """A document drawn by Typst (its embedded fonts only, in a private empty folder)."""
    global _compile
    if _compile is None:
        import typst

        _compile = typst.compile
    with tempfile.TemporaryDirectory(prefix="kanal-demo-") as root:
        return _compile(
            source.encode(),
            root=root,
            ignore_system_fonts=True,
            format=fmt,
            ppi=72.0 if fmt == "png" else None,
        )


def invoice_pdf(
    number: str, supplier: str, partner: str, lines: list[tuple[str, Decimal]], day: date
) -> SimpleUploadedFile:
    rows = "".join(f"[{text}], [{amount:,.2f} USD],\n" for text, amount in lines)
    total = sum((amount for _text, amount in lines), start=Decimal(0))
    source = f"""#set page(width: 148mm, height: 210mm, margin: 14mm)
#set text(size: 10pt)
= {supplier}
Invoice *{number}* · {day.isoformat()}

Billed to: {partner}

#table(columns: (1fr, auto), [*Item*], [*Amount*],
{rows}[*Total*], [*{total:,.2f} USD*])
"""
    return SimpleUploadedFile(f"{number}.pdf", _typst(source, fmt="pdf"), content_type="application/pdf")


def proof_png(title: str, detail: str) -> SimpleUploadedFile:
    source = f"""#set page(width: 120mm, height: 80mm, margin: 6mm, fill: rgb("#eef4ee"))
#set text(size: 14pt)
#align(center + horizon)[*{title}* \\ #text(size: 10pt)[{detail}]]
"""
    return SimpleUploadedFile(
        f"{title[:40].replace(' ', '-').lower()}.png", _typst(source, fmt="png"), content_type="image/png"
    )


def _days(start: date, today: date, length: int, ago: int) -> tuple[date, date]:
    """An activity inside the period [start, …] that ended `ago` days before today (or today)."""
    ends = max(start, today - timedelta(days=ago))
    return max(start, ends - timedelta(days=length)), ends


def create_funds(seeder: Any, *, partner: Any, other: Any) -> None:
    """Idempotent: does nothing when any fund budget exists. `partner` is the demo bike store, `other` the
    second partner with demo logins."""
    from accounts.models import User
    from core.actor import build_actor
    from core.roles import StaffRole
    from deals.models import DealRegistration
    from funds.models import AllocationBasis, FundAllocation, FundBudget
    from funds.selectors import current_period, periods_to_budget
    from funds.services import (
        allocation_adjust,
        allocation_create,
        budget_create,
        claim_approve,
        claim_create,
        periods_close,
        request_approve,
        request_cancel,
        request_create,
        request_reject,
        request_withdraw,
    )
    from leads.models import LeadSource
    from leads.services import lead_create
    from partners.choices import Tier
    from partners.models import Partner
    from referrals.models import ReferralLink
    from referrals.selectors import LINKING_STATUSES

    if FundBudget.objects.exists():
        return
    today = seeder.today
    marketing = build_actor(seeder.staff[StaffRole.MARKETING])
    admin = build_actor(User.objects.get(email="admin@bikestore.demo"))
    rep = build_actor(User.objects.get(email="rep@bikestore.demo"))
    other_admin = build_actor(User.objects.get(email="admin@progressive.demo"))
    period = current_period(today=today)
    previous_code = periods_to_budget(today=today)[0][0]

    # --- last quarter: allocated, one activity claimed, the rest expired at its end
    past = budget_create(
        actor=marketing,
        data={
            "period": previous_code,
            "currency": "USD",
            "amount": "150000.00",
            "notes": "Reduced after the Q-end review.",
        },
    )
    allocation_create(
        actor=marketing,
        data={"budget": past.public_id, "partner": partner.public_id, "basis": "fixed", "amount": "8000.00"},
    )
    clinic = request_create(
        actor=admin,
        data={
            "period": previous_code,
            "currency": "USD",
            "activity_type": "event",
            "title": "Winter indoor-trainer clinic",
            "plan": "Three evening clinics on indoor training, with the 2026 trainers on the floor.",
            "starts_on": past.starts_on + timedelta(days=20),
            "ends_on": past.starts_on + timedelta(days=22),
            "expected_leads": 25,
            "expected_revenue": "30000.00",
            "cost": "6500.00",
            "amount": "5000.00",
        },
    )
    request_approve(actor=marketing, request=clinic, data={})
    claim = claim_create(
        actor=admin,
        request=clinic,
        data={
            "amount": "4800.00",
            "actual_cost": "6300.00",
            "invoice_number": "EVT-2291",
            "invoice_date": clinic.ends_on,
            "attendees": 61,
            "results": "61 riders over three evenings; 14 asked for a quote.",
            "invoice_file": invoice_pdf(
                "EVT-2291",
                "Hall & Stage Events",
                partner.name,
                [
                    ("Venue, three evenings", Decimal("4100")),
                    ("Trainers on loan, transport", Decimal("2200")),
                ],
                clinic.ends_on,
            ),
            "proof_file": proof_png("Winter indoor-trainer clinic", "61 riders, three evenings"),
        },
    )
    claim_approve(actor=marketing, claim=claim, data={})
    periods_close(actor=marketing, today=past.ends_on + timedelta(days=1))

    # --- this quarter
    sellers = Partner.objects.filter(status__in=LINKING_STATUSES)
    platinum = sellers.filter(tier=Tier.PLATINUM).count()
    gold = sellers.filter(tier=Tier.GOLD).count()
    amount = Decimal(platinum * 6000 + gold * 3000 + 90000)
    budget = budget_create(
        actor=marketing,
        data={
            "period": period.code,
            "currency": "USD",
            "amount": f"{amount}",
            "notes": "Weighted to gold and platinum partners; the rest for partners with a strong plan.",
        },
    )
    for tier, each in ((Tier.PLATINUM, "6000.00"), (Tier.GOLD, "3000.00")):
        if sellers.filter(tier=tier).exists():
            allocation_create(
                actor=marketing,
                data={"budget": budget.public_id, "tier": tier, "basis": "fixed", "amount": each},
            )
    # Gold partners also earn a share of what they win, at their tier's MDF rate (no rate of its own).
    if sellers.filter(tier=Tier.GOLD).exists():
        allocation_create(
            actor=marketing,
            data={"budget": budget.public_id, "tier": Tier.GOLD, "basis": "accrual", "cap": "1500.00"},
        )
    for who, total in ((partner, "25000.00"), (other, "8000.00")):
        fixed = FundAllocation.objects.filter(budget=budget, partner=who, basis=AllocationBasis.FIXED).first()
        if fixed is None:
            allocation_create(
                actor=marketing,
                data={
                    "budget": budget.public_id,
                    "partner": who.public_id,
                    "basis": "fixed",
                    "amount": total,
                },
            )
        else:
            allocation_adjust(
                actor=marketing,
                allocation=fixed,
                data={"amount": total, "reason": "A strong marketing plan for the quarter."},
            )
    allocation_create(
        actor=marketing,
        data={
            "budget": budget.public_id,
            "partner": partner.public_id,
            "basis": "accrual",
            "rate": "2",
            "cap": "4000.00",
        },
    )

    link = ReferralLink.objects.filter(partner=partner, name="E-bike fleet page").first()
    launch = partner.campaign_launches.first()

    def ask(
        title: str, kind: str, days: tuple[date, date], cost: str, asked: str, plan: str, **extra: Any
    ) -> Any:
        return request_create(
            actor=admin,
            data={
                "period": period.code,
                "currency": "USD",
                "activity_type": kind,
                "title": title,
                "plan": plan,
                "starts_on": days[0],
                "ends_on": days[1],
                "expected_leads": extra.pop("leads", 15),
                "expected_revenue": extra.pop("revenue", "40000.00"),
                "cost": cost,
                "amount": asked,
            }
            | extra,
        )

    start = period.start
    test_rides = ask(
        "Spring test-ride weekend",
        "event",
        _days(start, today, 1, 6),
        "5200.00",
        "4000.00",
        "Two days of test rides in front of the store, with the spring campaign's landing page and flyers.",
        links=[str(link.public_id)] if link else [],
        launches=[str(launch.public_id)] if launch else [],
        leads=40,
        revenue="90000.00",
    )
    request_approve(actor=marketing, request=test_rides, data={})
    claim = claim_create(
        actor=admin,
        request=test_rides,
        data={
            "amount": "3600.00",
            "actual_cost": "4700.00",
            "invoice_number": "EVT-3307",
            "invoice_date": test_rides.ends_on,
            "attendees": 138,
            "results": "138 test rides, 31 leads taken at the stand.",
            "invoice_file": invoice_pdf(
                "EVT-3307",
                "Hall & Stage Events",
                partner.name,
                [("Marquee and stand, two days", Decimal("3100")), ("Flyers and banners", Decimal("1600"))],
                test_rides.ends_on,
            ),
            "proof_file": proof_png("Spring test-ride weekend", "138 test rides in two days"),
        },
    )
    claim_approve(actor=marketing, claim=claim, data={})
    webinar = ask(
        "E-bike webinar for fleet managers",
        "webinar",
        _days(start, today, 0, 2),
        "2500.00",
        "2500.00",
        "A 45-minute webinar on company e-bike fleets: costs, servicing, insurance; the recording to all.",
        leads=20,
    )
    request_approve(actor=marketing, request=webinar, data={})
    claim_create(
        actor=admin,
        request=webinar,
        data={
            "amount": "2350.00",
            "actual_cost": "2350.00",
            "invoice_number": "WBN-0415",
            "invoice_date": webinar.ends_on,
            "attendees": 57,
            "results": "57 attended live, 112 watched the recording.",
            "invoice_file": invoice_pdf(
                "WBN-0415",
                "StreamStage",
                partner.name,
                [("Webinar platform and moderation", Decimal("2350"))],
                webinar.ends_on,
            ),
            "proof_file": proof_png("E-bike webinar for fleet managers", "57 live attendees"),
        },
    )
    newsletter = ask(
        "Customer newsletter: spring range",
        "email",
        _days(start, today, 0, 1),
        "1400.00",
        "1200.00",
        "A printed and emailed newsletter to 3,000 customers of the store.",
    )
    request_approve(
        actor=marketing,
        request=newsletter,
        data={"amount": "1000.00", "reason": "Printing is covered up to 1,000 USD."},
    )
    trade_show = ask(
        "Booth at CityBike Expo",
        "trade_show",
        _days(start, today, 2, 0),
        "18000.00",
        "14000.00",
        "A 24 m² booth with test track at the regional bike expo; three staff, two days.",
        leads=120,
        revenue="250000.00",
    )
    request_approve(
        actor=marketing, request=trade_show, data={"reason": "Worth it: last year's expo brought 40 deals."}
    )
    ask(
        "LinkedIn ads for fleet buyers",
        "digital",
        _days(start, today, 0, 0),
        "3000.00",
        "3000.00",
        "Sponsored posts to fleet and facility managers within 50 km, linking to the fleet page.",
    )
    catalogue = ask(
        "Printed catalogue",
        "print",
        _days(start, today, 0, 0),
        "6000.00",
        "6000.00",
        "5,000 printed catalogues of the whole range.",
    )
    request_reject(
        actor=marketing,
        request=catalogue,
        data={"reason": "The vendor prints the catalogue itself: ask for copies instead."},
    )
    podcast = ask(
        "Local podcast sponsorship",
        "content",
        _days(start, today, 0, 0),
        "900.00",
        "900.00",
        "Three episodes of a local cycling podcast.",
    )
    request_withdraw(actor=admin, request=podcast)
    roadshow = ask(
        "Summer roadshow",
        "event",
        _days(start, today, 0, 0),
        "2000.00",
        "2000.00",
        "A van with demo bikes at three company parks.",
    )
    request_approve(actor=marketing, request=roadshow, data={})
    request_cancel(actor=admin, request=roadshow, data={"reason": "The parks closed for renovation."})

    # --- the other partner claims with the same invoice number as the webinar's: flagged for staff
    other_request = request_create(
        actor=other_admin,
        data={
            "period": period.code,
            "currency": "USD",
            "activity_type": "webinar",
            "title": "Fleet day webinar",
            "plan": "A webinar for local companies.",
            "starts_on": _days(start, today, 0, 2)[0],
            "ends_on": _days(start, today, 0, 2)[1],
            "expected_leads": 10,
            "expected_revenue": "20000.00",
            "cost": "2000.00",
            "amount": "2000.00",
        },
    )
    request_approve(actor=marketing, request=other_request, data={})
    claim_create(
        actor=other_admin,
        request=other_request,
        data={
            "amount": "1900.00",
            "actual_cost": "1900.00",
            "invoice_number": "wbn 0415",
            "invoice_date": other_request.ends_on,
            "attendees": 21,
            "results": "21 attended.",
            "invoice_file": invoice_pdf(
                "WBN-0415",
                "StreamStage",
                other.name,
                [("Webinar platform", Decimal("1900"))],
                other_request.ends_on,
            ),
            "proof_file": proof_png("Fleet day webinar", "21 attendees"),
        },
    )

    # --- what the activities brought: leads the rep took with the codes, registrations carrying them
    for company, code in (
        ("Harbor Fleet Services", test_rides.code),
        ("Alpine Office Park", test_rides.code),
        ("Greenway Logistics", webinar.code),
    ):
        lead_create(
            actor=rep,
            data={
                "company_name": company,
                "country": "US",
                "fund_activity_code": code,
                "notes": "Met at the activity.",
            },
            source=LeadSource.REFERRAL,
        )
    won = list(DealRegistration.objects.filter(partner=partner, status="won").order_by("id")[:2])
    open_ = list(
        DealRegistration.objects.filter(partner=partner, status__in=["submitted", "approved"]).order_by("id")[
            :1
        ]
    )
    DealRegistration.objects.filter(pk__in=[r.pk for r in won + open_]).update(
        fund_activity_code=test_rides.code
    )
