"""Statements: opening + movements = closing for every account and currency, the periods, the CSV and the PDF
(Cyrillic included), and who may read which."""

import csv
import datetime as dt
import io
import re
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from ledger.models import LedgerAccount
from ledger.services import settings_update
from ledger.statements import (
    parse_period,
    recent_periods,
    statement,
    statement_csv,
    statement_for,
    statement_pdf,
)
from ledger.tests.conftest import accrue, clawback, fund_claim

A = LedgerAccount
pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def history(world):
    """October: 100 earned, a 40 fund claim. November: 25 earned, 10 clawed back, a 15 claim. December: 5."""
    accrue(world.partner_a, "100.00", booked_at=_at(dt.date(2026, 10, 3)))
    fund_claim(world.partner_a, "40.00", booked_at=_at(dt.date(2026, 10, 20)))
    accrue(world.partner_a, "25.00", booked_at=_at(dt.date(2026, 11, 2)))
    clawback(world.partner_a, "10.00", booked_at=_at(dt.date(2026, 11, 15)))
    fund_claim(
        world.partner_a,
        "15.00",
        booked_at=_at(
            dt.date(
                2026,
                11,
                30,
            ),
            23,
        ),
    )
    accrue(world.partner_a, "5.00", booked_at=_at(dt.date(2026, 12, 1), 0))
    accrue(world.partner_a, "7.00", currency="GBP", booked_at=_at(dt.date(2026, 11, 5)))
    accrue(world.partner_b, "999.00", booked_at=_at(dt.date(2026, 11, 5)))


def _sections(found):
    return {(s.currency, s.account): s for s in found.sections}


def test_opening_plus_movements_is_closing(world, history):
    staff = world.actor(world.chief)
    november = statement(actor=staff, partner=world.partner_a, period=parse_period("2026-11"))
    sections = _sections(november)
    earnings = sections[("EUR", A.EARNINGS_PAYABLE)]
    assert (earnings.opening, earnings.moved, earnings.closing) == (
        Decimal("100.00"),
        Decimal("15.00"),
        Decimal("115.00"),
    )
    assert [m.amount for m in earnings.movements] == [Decimal("25.00"), Decimal("-10.00")]
    assert [m.balance for m in earnings.movements] == [Decimal("125.00"), Decimal("115.00")]
    claims = sections[("EUR", A.MDF_PAYABLE)]
    assert (claims.opening, claims.closing) == (Decimal("40.00"), Decimal("55.00"))
    # Funds allocated, committed and claimed in the same month leave nothing available or committed.
    assert sections[("EUR", A.MDF_AVAILABLE)].closing == 0 and sections[("EUR", A.MDF_COMMITTED)].closing == 0
    assert sections[("GBP", A.EARNINGS_PAYABLE)].closing == Decimal("7.00")
    for section in november.sections:
        assert section.opening + sum(m.amount for m in section.movements) == section.closing
    # Each closing is the next period's opening, and December's 5 is not November's.
    december = _sections(statement(actor=staff, partner=world.partner_a, period=parse_period("2026-12")))
    assert december[("EUR", A.EARNINGS_PAYABLE)].opening == Decimal("115.00")
    assert december[("EUR", A.EARNINGS_PAYABLE)].closing == Decimal("120.00")
    # A quarter holds its months.
    quarter = _sections(statement(actor=staff, partner=world.partner_a, period=parse_period("FY2026-Q4")))
    assert (quarter[("EUR", A.EARNINGS_PAYABLE)].opening, quarter[("EUR", A.EARNINGS_PAYABLE)].closing) == (
        0,
        120,
    )


def test_a_fiscal_year_starting_in_april_moves_the_quarters(world, history):
    settings_update(actor=world.actor(world.chief), data={"fiscal_year_start_month": 4})
    period = parse_period("FY2027-Q3")
    assert (period.start, period.end) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    codes = [p.code for p in recent_periods(day=dt.date(2026, 11, 28))]
    assert codes[:2] == ["2026-11", "2026-10"] and "FY2027-Q3" in codes and "FY2027-Q2" in codes


@pytest.mark.parametrize("code", ["2026-13", "2026", "FY2026", "FY2026-Q5", "x", "0000-01", "2026-11-01"])
def test_a_period_is_a_month_or_a_fiscal_quarter(code):
    with pytest.raises(ValidationError) as refused:
        parse_period(code)
    assert refused.value.error_dict["period"][0].code == "period_invalid"


def test_the_csv_carries_opening_movements_and_closing(world, history):
    found = statement(actor=world.actor(world.chief), partner=world.partner_a, period=parse_period("2026-11"))
    rows = list(csv.DictReader(io.StringIO(statement_csv(found))))
    earnings = [r for r in rows if r["currency"] == "EUR" and r["account"] == "earnings_payable"]
    assert [(r["description"], r["amount"], r["balance"]) for r in earnings] == [
        ("opening", "", "100.00"),
        ("Commission", "25.00", "125.00"),
        ("Clawback", "-10.00", "115.00"),
        ("closing", "15.00", "115.00"),
    ]


def _pdf_text_codes(pdf: bytes) -> set[str]:
    """The Unicode code points the PDF's fonts map their glyphs to (their ToUnicode maps)."""
    found: set[str] = set()
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if b"beginbfchar" in data:
            found.update(
                code.decode().upper() for code in re.findall(rb"<[0-9A-Fa-f]{4}> <([0-9A-Fa-f]{4})>", data)
            )
    return found


def test_the_pdf_writes_cyrillic(world, history):
    world.partner_a.name = "Альфа Системы"
    world.partner_a.save()
    found = statement(actor=world.actor(world.chief), partner=world.partner_a, period=parse_period("2026-11"))
    with translation.override("ru"):
        pdf = statement_pdf(found)
    assert pdf.startswith(b"%PDF")
    codes = _pdf_text_codes(pdf)
    for letter in "АльфаСистемыВыписка":  # the partner and the Russian heading
        assert f"{ord(letter):04X}" in codes, letter
    assert b"LibertinusSerif" in pdf


def test_partners_read_their_own_statement_only(world, history):
    admin = world.actor(world.admin_a)
    own = statement_for(actor=admin, partner_id=world.partner_a.public_id, period="2026-11")
    assert _sections(own)[("EUR", A.EARNINGS_PAYABLE)].closing == Decimal("115.00")
    with pytest.raises(Http404):
        statement_for(actor=admin, partner_id=world.partner_b.public_id, period="2026-11")
    with pytest.raises(Http404):
        statement_for(actor=admin, partner_id=world.partner_a.public_id, period="2026-14")


def test_a_sales_rep_reads_as_the_settings_say(world, history):
    rep = world.actor(world.rep_a)
    accrue(world.partner_a, "3.00", person=world.rep_a, booked_at=_at(dt.date(2026, 11, 9)))
    own = statement_for(actor=rep, partner_id=world.partner_a.public_id, period="2026-11")
    assert [(s.account, s.closing) for s in own.sections] == [(A.EARNINGS_PAYABLE, Decimal("3.00"))]
    settings_update(actor=world.actor(world.ops), data={"rep_money_visibility": "none"})
    assert statement_for(actor=rep, partner_id=world.partner_a.public_id, period="2026-11").sections == []
    settings_update(actor=world.actor(world.ops), data={"rep_money_visibility": "company"})
    company = statement_for(actor=rep, partner_id=world.partner_a.public_id, period="2026-11")
    assert _sections(company)[("EUR", A.EARNINGS_PAYABLE)].closing == Decimal("118.00")


def test_the_pages_files_and_api(world, history, login, api_client):
    admin = login(world.admin_a)
    url = f"/money/statements/{world.partner_a.public_id}/2026-11/"
    page = admin.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Opening balance" in text and "Closing balance" in text and "Bravo" not in text
    pdf_link = re.search(r'href="(/files/[^"]+)"', text).group(1)
    pdf = admin.get(pdf_link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert login(world.admin_b).get(pdf_link).status_code == 404  # a link is for the person it was made for
    csv_response = admin.get(f"{url}csv/")
    assert csv_response["Content-Type"].startswith("text/csv") and b"closing" in csv_response.content
    assert admin.get(f"/money/statements/{world.partner_b.public_id}/2026-11/").status_code == 404
    picked = admin.get("/money/statements/", {"period": "2026-11"})
    assert picked.status_code == 302 and picked["Location"] == url
    staff = login(world.cam)
    assert (
        staff.get("/money/statements/", {"partner": str(world.partner_a.public_id), "period": "FY2026-Q4"})[
            "Location"
        ]
        == f"/money/statements/{world.partner_a.public_id}/FY2026-Q4/"
    )
    with translation.override("ru"):
        ru = login(world.admin_a)
        ru.cookies["django_language"] = "ru"
        assert "Остаток на начало" in ru.get(url).content.decode()
    answer = api_client(world.admin_a).get(f"/api/ledger/statements/{world.partner_a.public_id}/2026-11")
    assert answer.status_code == 200
    body = answer.json()
    earnings = next(
        s for s in body["sections"] if s["currency"] == "EUR" and s["account"] == "earnings_payable"
    )
    assert (earnings["opening"], earnings["moved"], earnings["closing"]) == ("100.00", "15.00", "115.00")
    assert body["period"] == {
        "code": "2026-11",
        "kind": "month",
        "label": "November 2026",
        "start": "2026-11-01",
        "end": "2026-11-30",
    }
    assert body["pdf_url"].startswith("/files/") and body["csv_url"].endswith("/2026-11/csv")
    csv_answer = api_client(world.admin_a).get(body["csv_url"])
    assert csv_answer.status_code == 200 and b"opening" in csv_answer.content
    other = api_client(world.admin_a).get(f"/api/ledger/statements/{world.partner_b.public_id}/2026-11")
    assert other.status_code == 404
