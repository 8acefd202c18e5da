"""Every kind of rule, on real accrual runs: percent, fixed per deal, fixed per unit; by product, family,
partner type, tier and deal type (sourced, influenced, referral); volume tiers, the accelerator over target,
the cap; effective dates. Each run books one transaction per payee, currency and period; a rerun books
nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from incentives.models import Accrual
from incentives.services import target_set
from incentives.tests.conftest import earned
from leads.models import Lead
from ledger.check import check_books
from ledger.models import LedgerTransaction
from referrals.models import Attribution

pytestmark = pytest.mark.django_db


def test_percent_of_the_amount_won_one_transaction_per_payee(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 2, "1000")])
    won(lines=[(catalog["c1"], 5, "200")], won_amount="900")  # the lines' share of what was won: 900
    won(world.partner_b, lines=[(catalog["r2"], 1, "500")])
    result = run()
    assert earned(world.partner_a) == Decimal("290.00")  # 10 % of 2000 + 900
    assert earned(world.partner_b) == Decimal("50.00")
    assert LedgerTransaction.objects.filter(kind="accrual").count() == 2 == result.booked
    tx = LedgerTransaction.objects.get(kind="accrual", partner=world.partner_a)
    assert "Partner commission" in tx.description and "won deals closed" in tx.description
    assert check_books().balanced
    # A rerun books nothing.
    again = run()
    assert again.booked == 0 and LedgerTransaction.objects.count() == 2


def test_fixed_amounts_per_deal_and_per_unit(world, catalog, won, make_program, run):
    make_program(
        rules=[
            {"basis": "fixed_unit", "amount": "25", "products": [str(catalog["r1"].public_id)]},
            {"basis": "fixed_deal", "amount": "100", "families": [str(catalog["city"].public_id)]},
        ]
    )
    won(lines=[(catalog["r1"], 3, "1000"), (catalog["c1"], 2, "200")])  # 3 × 25 + one deal × 100
    won(lines=[(catalog["c1"], 7, "200")])  # one deal × 100
    won(lines=[(catalog["r2"], 4, "500")])  # no rule fits: nothing
    run()
    assert earned(world.partner_a) == Decimal("275.00")


def test_first_rule_that_fits_a_line_decides(world, catalog, won, make_program, run):
    make_program(
        rules=[
            {"basis": "percent", "rate": "20", "products": [str(catalog["r1"].public_id)]},
            {"basis": "percent", "rate": "5", "families": [str(catalog["road"].public_id)]},
            {"basis": "percent", "rate": "1"},
        ]
    )
    won(lines=[(catalog["r1"], 1, "1000"), (catalog["r2"], 2, "500"), (catalog["c1"], 10, "200")])
    run()
    assert earned(world.partner_a) == Decimal("270.00")  # 200 + 50 + 20


def test_partner_type_and_tier(world, catalog, won, make_program, run):
    world.partner_b.tier = "gold"
    world.partner_b.partner_type = "agent"
    world.partner_b.save()
    make_program(
        rules=[
            {"basis": "percent", "rate": "8", "tiers": ["gold"], "partner_types": ["agent"]},
            {"basis": "percent", "rate": "3", "partner_types": ["reseller"]},
        ]
    )
    won(world.partner_a, lines=[(catalog["r1"], 1, "1000")])  # a registered reseller: 3 %
    won(world.partner_b, lines=[(catalog["r1"], 1, "1000")])  # a gold agent: 8 %
    won(world.distributor, lines=[(catalog["r1"], 1, "1000")])  # a distributor: no rule
    run()
    assert earned(world.partner_a) == Decimal("30.00")
    assert earned(world.partner_b) == Decimal("80.00")
    assert earned(world.distributor) == 0


def test_program_audience(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}], regions=["north_america"])
    won(world.partner_a, lines=[(catalog["r1"], 1, "1000")])  # Europe
    won(world.partner_b, lines=[(catalog["r1"], 1, "1000")])  # North America
    run()
    assert earned(world.partner_a) == 0 and earned(world.partner_b) == Decimal("100.00")


def test_deal_types_and_the_referral_payee(world, catalog, won, make_program, run):
    make_program(
        rules=[
            {"basis": "percent", "rate": "15", "deal_types": ["referral"]},
            {"basis": "percent", "rate": "5", "deal_types": ["influenced"]},
            {"basis": "percent", "rate": "2", "deal_types": ["sourced"]},
        ]
    )
    won(lines=[(catalog["r1"], 1, "1000")])  # sourced: 20 to A
    vendor_lead = Lead.objects.create(company_name="Vendor lead", partner=world.partner_a)
    won(lines=[(catalog["r1"], 1, "1000")], lead=vendor_lead)  # influenced: 50 to A
    referred = Lead.objects.create(company_name="Referred", partner=world.partner_a)
    Attribution.objects.create(lead=referred, partner=world.partner_b, source="link")
    won(lines=[(catalog["r1"], 1, "1000")], lead=referred)  # referral: 150 to B, the attributed partner
    excluded = Lead.objects.create(company_name="Own click", partner=world.partner_a)
    Attribution.objects.create(lead=excluded, partner=world.partner_b, source="link", status="excluded")
    won(lines=[(catalog["r1"], 1, "1000")], lead=excluded)  # an excluded attribution: influenced, 50 to A
    run()
    assert earned(world.partner_a) == Decimal("120.00")
    assert earned(world.partner_b) == Decimal("150.00")


def test_volume_tiers_are_marginal_across_runs(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent"}], tiers=[(0, 2), (10000, 4), (20000, 6)])
    won(lines=[(catalog["r1"], 8, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("160.00")  # 8000 at 2 %
    won(lines=[(catalog["r1"], 8, "1000")])
    won(lines=[(catalog["r1"], 8, "1000")])
    run()
    # 8000 → 24000: 2000 at 2 %, 10000 at 4 %, 4000 at 6 %
    assert earned(world.partner_a) == Decimal("160.00") + Decimal("40") + Decimal("400") + Decimal("240")
    accruals = Accrual.objects.filter(partner=world.partner_a).order_by("window_end")
    assert [a.volume for a in accruals] == [Decimal("8000.00"), Decimal("16000.00")]


def test_accelerator_over_target(world, catalog, won, make_program, run):
    program = make_program(rules=[{"basis": "percent", "rate": "10"}], accelerator="1.5")
    from ledger.periods import period_of

    period = period_of(timezone.localdate(), kind="quarter").code
    target_set(
        actor=world.actor(world.ops),
        data={
            "program_id": str(program.public_id),
            "partner_id": str(world.partner_a.public_id),
            "period": period,
            "amount": "3000",
        },
    )
    won(lines=[(catalog["r1"], 2, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("200.00")  # under the target
    won(lines=[(catalog["r1"], 2, "1000")])
    run()
    # 2000 → 4000 with a target of 3000: 1000 at 10 %, 1000 at 15 %
    assert earned(world.partner_a) == Decimal("200.00") + Decimal("250.00")
    # Partner B has no target: no accelerator.
    won(world.partner_b, lines=[(catalog["r1"], 10, "1000")])
    run()
    assert earned(world.partner_b) == Decimal("1000.00")


def test_cap_per_period_counts_earlier_runs(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}], cap="250")
    won(lines=[(catalog["r1"], 2, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("200.00")
    won(lines=[(catalog["r1"], 2, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("250.00")
    won(lines=[(catalog["r1"], 2, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("250.00")
    # The capped run still counted its volume.
    assert Accrual.objects.filter(partner=world.partner_a).count() == 3
    assert Accrual.objects.filter(partner=world.partner_a, booked_at__isnull=True).count() == 1


def test_effective_dates_of_program_and_rules(world, catalog, won, make_program, run):
    today = timezone.localdate()
    make_program(
        rules=[
            {"basis": "percent", "rate": "50", "starts_on": (today - dt.timedelta(days=3)).isoformat()},
            {"basis": "percent", "rate": "10"},
        ],
        starts_on=(today - dt.timedelta(days=10)).isoformat(),
        ends_on=(today + dt.timedelta(days=10)).isoformat(),
    )
    now = timezone.now()
    won(lines=[(catalog["r1"], 1, "1000")], closed_at=now - dt.timedelta(days=20))  # before the program
    won(lines=[(catalog["r1"], 1, "1000")], closed_at=now - dt.timedelta(days=5))  # 10 %
    won(lines=[(catalog["r1"], 1, "1000")], closed_at=now - dt.timedelta(days=1))  # 50 %
    run()
    assert earned(world.partner_a) == Decimal("600.00")


def test_spiffs_are_paid_to_the_person_who_registered(world, catalog, won, make_program, run):
    make_program(kind="spiff", name_en="Spring SPIFF", rules=[{"basis": "fixed_unit", "amount": "10"}])
    won(lines=[(catalog["r1"], 3, "1000")], by=world.rep_a)
    won(lines=[(catalog["r1"], 2, "1000")], by=world.admin_a)
    run()
    assert earned(world.partner_a, person=world.rep_a) == Decimal("30.00")
    assert earned(world.partner_a, person=world.admin_a) == Decimal("20.00")
    assert LedgerTransaction.objects.filter(kind="accrual").count() == 2


def test_draft_programs_earn_nothing_and_nothing_is_booked_twice(world, catalog, won, make_program, run):
    make_program(rules=[{"basis": "percent", "rate": "10"}], activate=False)
    won(lines=[(catalog["r1"], 1, "1000")])
    assert run().booked == 0 and not LedgerTransaction.objects.exists()
