"""The pages and the API of incentives: who sees what, the forms, the exports, the per-registration detail and
forecast, and every list's query budget (the same number of queries however many rows)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.testing import error_codes, items
from deals.models import DealRegistration
from incentives.models import Dispute, IncentiveProgram, Target, VolumeTier
from incentives.selectors import earning_lines
from ledger.models import MoneySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def accrued(world, catalog, won, make_program, run):
    program = make_program(rules=[{"basis": "percent", "rate": "10"}], name_en="Reseller commission")
    spiff = make_program(kind="spiff", name_en="Rep SPIFF", rules=[{"basis": "fixed_unit", "amount": "5"}])
    registration = won(lines=[(catalog["r1"], 2, "1000")], by=world.rep_a)
    won(lines=[(catalog["r2"], 1, "500")], by=world.admin_a)
    won(world.partner_b, lines=[(catalog["r1"], 1, "1000")])
    run()
    return {"program": program, "spiff": spiff, "registration": registration}


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def test_programs_pages(world, login, accrued, catalog):
    staff = login(world.ops)
    page = staff.get("/incentives/")
    assert page.status_code == 200 and b"Reseller commission" in page.content and b"Run now" in page.content
    detail = staff.get(f"/incentives/{accrued['program'].public_id}/")
    assert b"10% of the amount won" in detail.content and b"New version" in detail.content
    partner = login(world.rep_a).get(f"/incentives/{accrued['program'].public_id}/")
    assert (
        partner.status_code == 200
        and b"How it pays" in partner.content
        and b"Recent accruals" not in partner.content
    )
    draft = IncentiveProgram.objects.create(name_en="Secret draft", starts_on="2026-01-01")
    assert login(world.admin_a).get(f"/incentives/{draft.public_id}/").status_code == 404
    assert b"Secret draft" not in login(world.admin_a).get("/incentives/").content
    # The editor and a rule form.
    form = staff.post(
        "/incentives/new/",
        {
            "name_en": "Spring rebate",
            "kind": "rebate",
            "currency": "USD",
            "starts_on": "2026-03-01",
            "period": "quarter",
            "clawback_days": "60",
            "volume_tiers-TOTAL_FORMS": "1",
            "volume_tiers-INITIAL_FORMS": "0",
            "volume_tiers-0-from_amount": "0",
            "volume_tiers-0-rate": "2,5",
        },
    )
    assert form.status_code == 302, form.content.decode()[:2000]
    rebate = IncentiveProgram.objects.get(name_en="Spring rebate")
    assert rebate.volume_tiers.get().rate == Decimal("2.500")
    rule = staff.post(
        f"/incentives/{rebate.public_id}/rules/new/",
        {"basis": "percent", "families": [str(catalog["road"].public_id)]},
    )
    assert rule.status_code == 302 and rebate.rules.count() == 1
    assert staff.post(f"/incentives/{rebate.public_id}/activate/").status_code == 302
    assert IncentiveProgram.objects.get(pk=rebate.pk).status == "active"
    assert login(world.chief).get("/incentives/new/").status_code == 403
    # Its volume tiers read with their amounts, as the reader writes numbers.
    VolumeTier.objects.create(program=rebate, from_amount=Decimal("25000"), rate=Decimal("3.5"))
    tiers = staff.get(f"/incentives/{rebate.public_id}/").content.decode()
    assert "2.5 % from 0.00 USD" in tiers and "3.5 % from 25,000.00 USD" in tiers
    assert "3.5% from 25,000.00 USD" in tiers  # the summary partners read


def test_run_now_button(world, login, catalog, won, make_program):
    make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 1, "1000")], closed_at=timezone.now() - dt.timedelta(minutes=5))
    response = login(world.ops).post("/incentives/run/", follow=True)
    assert b"1 transaction booked" in response.content
    assert login(world.cam).post("/incentives/run/").status_code == 403


def test_earnings_page_and_detail(world, login, accrued):
    page = login(world.admin_a).get("/incentives/earnings/")
    text = page.content.decode()
    assert page.status_code == 200 and "Pending" in text and "Forecast" in text
    assert "Per registration" in text and accrued["registration"].customer_name in text
    assert "Bravo" not in text
    # Lines: the commission and the two SPIFFs of partner A this quarter.
    lines = earning_lines(
        actor=world.actor(world.admin_a),
        partner=world.partner_a,
        start=timezone.localdate() - dt.timedelta(days=1),
        end=timezone.localdate() + dt.timedelta(days=1),
    )
    assert sorted((line.program.name_en, line.amount) for line in lines) == [
        ("Rep SPIFF", Decimal("5.00")),
        ("Rep SPIFF", Decimal("10.00")),
        ("Reseller commission", Decimal("50.00")),
        ("Reseller commission", Decimal("200.00")),
    ]
    export = login(world.admin_a).get("/incentives/earnings/per-registration/")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert len(rows) == 4 and {r["kind"] for r in rows} == {"accrual"}


def test_reps_read_their_own_spiffs_only(world, login, accrued):
    rep = world.actor(world.rep_a)
    lines = earning_lines(
        actor=rep,
        partner=world.partner_a,
        start=timezone.localdate() - dt.timedelta(days=1),
        end=timezone.localdate() + dt.timedelta(days=1),
    )
    assert [(line.program.name_en, line.amount) for line in lines] == [("Rep SPIFF", Decimal("10.00"))]
    page = login(world.rep_a).get("/incentives/earnings/").content.decode()
    assert "Reseller commission" not in page
    MoneySettings.objects.update_or_create(defaults={"rep_money_visibility": "company"})
    from ledger.selectors import forget_settings

    forget_settings()
    page = login(world.rep_a).get("/incentives/earnings/").content.decode()
    assert "Reseller commission" in page


def test_forecast_of_open_protected_registrations(world, catalog, make_program):
    from deals.models import DealLine
    from incentives.selectors import forecast

    make_program(rules=[{"basis": "percent", "rate": "10"}])
    open_one = DealRegistration.objects.create(
        partner=world.partner_a,
        status="approved",
        amount="3000",
        protected_until=timezone.localdate() + dt.timedelta(days=10),
        customer_name="Open Co",
    )
    DealLine.objects.create(registration=open_one, product=catalog["r1"], quantity=3, unit_price="1000")
    lapsed = DealRegistration.objects.create(
        partner=world.partner_a,
        status="approved",
        amount="1000",
        protected_until=timezone.localdate() - dt.timedelta(days=1),
    )
    DealLine.objects.create(registration=lapsed, product=catalog["r1"], quantity=1, unit_price="1000")
    lines = forecast(actor=world.actor(world.admin_a), partner=world.partner_a)
    assert [(line.registration, line.amount) for line in lines] == [(open_one, Decimal("300.00"))]
    assert forecast(actor=world.actor(world.admin_b), partner=world.partner_b) == []


def test_accrual_page_lists_the_deals(world, login, accrued):
    from incentives.models import Accrual

    accrual = Accrual.objects.get(partner=world.partner_a, program=accrued["program"])
    page = login(world.admin_a).get(f"/incentives/accruals/{accrual.public_id}/")
    assert page.status_code == 200 and accrued["registration"].customer_name.encode() in page.content
    assert login(world.admin_b).get(f"/incentives/accruals/{accrual.public_id}/").status_code == 404


def test_disputes_pages(world, login, accrued):
    registration = accrued["registration"]
    admin = login(world.admin_a)
    form = admin.get(f"/incentives/disputes/new/?registration={registration.public_id}")
    assert form.status_code == 200
    sent = admin.post(
        "/incentives/disputes/new/",
        {"kind": "wrong_amount", "registration_id": str(registration.public_id), "reason": "Too low"},
    )
    assert sent.status_code == 302
    dispute = Dispute.objects.get()
    assert (
        b"Uphold and book the adjustment"
        in login(world.ops).get(f"/incentives/disputes/{dispute.public_id}/").content
    )
    refused = login(world.ops).post(
        f"/incentives/disputes/{dispute.public_id}/decide/", {"uphold": "on", "note": "x"}
    )
    assert refused.status_code == 200 and b"enter its amount" in refused.content
    done = login(world.ops).post(
        f"/incentives/disputes/{dispute.public_id}/decide/",
        {"uphold": "on", "amount": "25", "currency": "USD", "note": "Right."},
    )
    assert done.status_code == 302
    assert Dispute.objects.get().status == "upheld"
    assert (
        b"Your company's admin raises disputes" in login(world.rep_a).get("/incentives/disputes/new/").content
    )


def test_api(world, api_client, accrued, catalog):
    ops = api_client(world.ops)
    created = ops.post(
        "/api/incentives/programs",
        {"name_en": "API rebate", "kind": "rebate", "currency": "USD", "starts_on": "2026-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    program_id = created.json()["id"]
    assert created.json()["actions"] == ["edit"] and created.json()["summary_ru"]
    rule = ops.post(
        f"/api/incentives/programs/{program_id}/rules",
        {"basis": "fixed_deal", "amount": "40", "deal_types": ["referral"]},
        content_type="application/json",
    )
    assert rule.status_code == 201 and rule.json()["position"] == 1
    refused = ops.post(
        f"/api/incentives/programs/{program_id}/rules",
        {"basis": "fixed_deal"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and error_codes(refused) == {"amount": "rate_or_amount"}
    activated = ops.post(f"/api/incentives/programs/{program_id}/activate")
    assert activated.json()["status"] == "active"
    run = ops.post("/api/incentives/runs")
    assert run.status_code == 201 and run.json()["booked"] == 0
    admin = api_client(world.admin_a)
    assert {p["name_en"] for p in items(admin.get("/api/incentives/programs"))} >= {
        "Reseller commission",
        "API rebate",
    }
    entries = items(admin.get("/api/incentives/earnings"))
    assert {e["amount"] for e in entries} == {"250.00", "5.00", "10.00"}
    summary = admin.get("/api/incentives/earnings/summary").json()
    assert summary["totals"][0]["pending"] == "265.00"
    today = timezone.localdate()
    lines = items(
        admin.get(f"/api/incentives/earnings/lines?start={today}&end={today + dt.timedelta(days=1)}")
    )
    assert len(lines) == 4
    assert admin.post("/api/incentives/runs").status_code == 403
    raised = admin.post(
        "/api/incentives/disputes",
        {"kind": "missing", "registration_id": str(accrued["registration"].public_id), "reason": "x"},
        content_type="application/json",
    )
    assert raised.status_code == 201 and raised.json()["actions"] == []
    decided = ops.post(
        f"/api/incentives/disputes/{raised.json()['id']}/decision",
        {"uphold": False, "note": "No."},
        content_type="application/json",
    )
    assert decided.json()["status"] == "rejected"
    target = ops.post(
        "/api/incentives/targets",
        {
            "program_id": program_id,
            "partner_id": str(world.partner_a.public_id),
            "period": "FY2026-Q2",
            "amount": "1000",
        },
        content_type="application/json",
    )
    assert target.status_code == 200 and target.json()["currency"] == "USD"
    assert items(admin.get("/api/incentives/targets"))[0]["period"] == "FY2026-Q2"
    assert items(api_client(world.admin_b).get("/api/incentives/targets")) == []


def test_list_query_budgets(world, login, catalog, won, make_program, run):
    """Each list costs the same queries with a few rows as with more (no query per row)."""
    from ledger.selectors import forget_settings

    pages = {
        "programs": "/incentives/",
        "targets": "/incentives/targets/",
        "earnings": "/incentives/earnings/",
        "disputes": "/incentives/disputes/",
    }
    programs = [
        make_program(rules=[{"basis": "percent", "rate": "1"}], name_en="Budget commission"),
        make_program(kind="spiff", rules=[{"basis": "fixed_unit", "amount": "1"}], name_en="Budget SPIFF"),
    ]

    def grow(n, period):
        for _i in range(n):
            Target.objects.create(
                program=programs[0], partner=world.partner_a, period=f"FY20{20 + _i}-{period}", amount="1"
            )
            registration = won(lines=[(catalog["r1"], 1, "100")], by=world.rep_a)
            won(lines=[(catalog["r2"], 1, "100")], by=world.admin_a)
            Dispute.objects.create(partner=world.partner_a, registration=registration, reason="x")
            run()  # a run per registration: more accruals and entries

    def measure():
        out = {}
        for key, url in pages.items():
            for client in (staff, admin):
                forget_settings()
                _queries(client, url)  # warm: the session, the money settings
            forget_settings()
            out[key] = (_queries(staff, url), _queries(admin, url))
        return out

    staff, admin = login(world.chief), login(world.admin_a)
    grow(2, "Q1")
    first = measure()
    grow(4, "Q2")
    assert measure() == first
