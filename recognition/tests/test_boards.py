"""Leaderboards: each measure moves with the data that makes it, over the right days, in the program
currency; ties share a rank; the board reads a fixed number of queries whatever the number of partners."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_member, make_partner
from ledger.selectors import forget_settings, money_settings
from programs.models import PartnerProgram, ProgramMembership
from recognition.boards import board_window
from recognition.models import BoardPeriod, Metric
from recognition.tests.helpers import board, certify, partners, ranks, rate, won

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)  # Q2 of a calendar fiscal year: this quarter is 1 April to 20 May


def _standing(result, name):
    return next(p for p in result.places if p.standing.name == name)


def test_windows_follow_the_fiscal_year():
    this = board_window(BoardPeriod.THIS_QUARTER, today=TODAY)
    assert (this.start, this.last_day, this.code) == (dt.date(2026, 4, 1), TODAY, "FY2026-Q2")
    last = board_window(BoardPeriod.LAST_QUARTER, today=TODAY)
    assert (last.start, last.last_day, last.code) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31), "FY2026-Q1")
    ytd = board_window(BoardPeriod.YEAR_TO_DATE, today=TODAY)
    assert (ytd.start, ytd.last_day) == (dt.date(2026, 1, 1), TODAY)
    assert this.year_before() == (dt.date(2025, 4, 1), dt.date(2025, 5, 21))

    settings = money_settings(fresh=True)
    settings.fiscal_year_start_month = 4
    settings.save()
    forget_settings()
    # The fiscal year starts in April: 20 May is in its first quarter, named by the year it ends in.
    this = board_window(BoardPeriod.THIS_QUARTER, today=TODAY)
    assert (this.start, this.code) == (dt.date(2026, 4, 1), "FY2027-Q1")
    last = board_window(BoardPeriod.LAST_QUARTER, today=TODAY)
    assert (last.start, last.last_day, last.code) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31), "FY2026-Q4")
    assert board_window(BoardPeriod.YEAR_TO_DATE, today=TODAY).start == dt.date(2026, 4, 1)
    forget_settings()


def test_won_revenue_counts_won_deals_of_the_period_in_the_program_currency(world):
    a, b = world.partner_a, world.partner_b
    rate("EUR", "1.10")
    won(a, "1000.00", on=dt.date(2026, 4, 2))
    won(a, "500.00", on=TODAY, won_amount="400.00", refunded="100.00")  # won 400, refunded 100: 300
    won(b, "1000.00", on=dt.date(2026, 5, 1), currency="EUR")  # 1,100 USD
    won(a, "9999.00", on=dt.date(2026, 3, 31))  # last quarter
    won(a, "9999.00", on=TODAY + dt.timedelta(days=1))  # after today: not yet
    from deals.models import DealRegistration

    DealRegistration.objects.create(partner=a, customer_name="Open", status="approved", amount="9999.00")
    result = board(period=BoardPeriod.THIS_QUARTER, metric=Metric.REVENUE, today=TODAY)
    assert result.currency == "USD"
    assert _standing(result, "Alpha Systems").standing.revenue == Decimal("1300.00")
    assert _standing(result, "Bravo Trading").standing.revenue == Decimal("1100.00")
    assert ranks(result)["Alpha Systems"] == 1 and ranks(result)["Bravo Trading"] == 2
    # B wins another deal: it moves ahead.
    won(b, "300.00", on=TODAY)
    result = board(period=BoardPeriod.THIS_QUARTER, metric=Metric.REVENUE, today=TODAY)
    assert ranks(result)["Bravo Trading"] == 1 and ranks(result)["Alpha Systems"] == 2
    # Partners with nothing won are listed, unranked.
    assert ranks(result)["Delta Distribution"] is None
    assert result.ranked == 2


def test_a_currency_without_a_rate_is_named_and_left_out(world):
    won(world.partner_a, "100.00", on=TODAY)
    won(world.partner_a, "700.00", on=TODAY, currency="GBP")
    result = board(today=TODAY)
    assert result.missing_rates == ("GBP",)
    assert _standing(result, "Alpha Systems").standing.revenue == Decimal("100.00")


def test_won_deals_and_certifications(world):
    a, b = world.partner_a, world.partner_b
    won(a, "10.00", on=TODAY)
    for _ in range(3):
        won(b, "1.00", on=dt.date(2026, 4, 15))
    result = board(metric=Metric.DEALS, today=TODAY)
    assert ranks(result)["Bravo Trading"] == 1 and ranks(result)["Alpha Systems"] == 2
    assert _standing(result, "Bravo Trading").standing.deals == 3

    certify(a, world.rep_a, on=dt.date(2026, 4, 3))
    certify(a, world.admin_a, on=TODAY)
    certify(b, world.rep_b, on=TODAY)
    certify(b, world.admin_b, on=TODAY, revoked=True)  # revoked: not counted
    certify(b, world.admin_b, on=dt.date(2026, 3, 1))  # last quarter
    result = board(metric=Metric.CERTIFICATIONS, today=TODAY)
    assert _standing(result, "Alpha Systems").standing.certifications == 2
    assert _standing(result, "Bravo Trading").standing.certifications == 1
    assert ranks(result)["Alpha Systems"] == 1
    # Last quarter B earned one, A none.
    result = board(metric=Metric.CERTIFICATIONS, period=BoardPeriod.LAST_QUARTER, today=TODAY)
    assert ranks(result)["Bravo Trading"] == 1 and ranks(result)["Alpha Systems"] is None


def test_growth_compares_with_the_same_days_a_year_before(world):
    a, b = world.partner_a, world.partner_b
    won(a, "1000.00", on=dt.date(2025, 4, 10))  # a year before: 1,000
    won(a, "1500.00", on=dt.date(2026, 4, 10))  # now: 1,500 → +50 %
    won(b, "1000.00", on=dt.date(2025, 5, 1))
    won(b, "900.00", on=dt.date(2025, 5, 25))  # after 20 May 2025: not the same days
    won(b, "3000.00", on=dt.date(2026, 5, 1))  # +200 %
    won(world.reseller, "5000.00", on=TODAY)  # no revenue a year before: no growth
    result = board(metric=Metric.GROWTH, today=TODAY)
    assert _standing(result, "Alpha Systems").standing.growth == Decimal("50.0")
    assert _standing(result, "Bravo Trading").standing.growth == Decimal("200.0")
    assert _standing(result, "Rho Retail").standing.growth is None
    assert ranks(result)["Bravo Trading"] == 1 and ranks(result)["Alpha Systems"] == 2
    assert ranks(result)["Rho Retail"] is None
    # A falls behind its last year: negative growth still ranks, last.
    won(a, "9000.00", on=dt.date(2025, 4, 11))
    result = board(metric=Metric.GROWTH, today=TODAY)
    assert _standing(result, "Alpha Systems").standing.growth == Decimal("-85.0")
    assert ranks(result)["Alpha Systems"] == 2


def test_periods_count_their_own_days(world):
    a, b = world.partner_a, world.partner_b
    won(a, "100.00", on=dt.date(2026, 2, 1))  # Q1
    won(b, "50.00", on=dt.date(2026, 4, 1))  # Q2
    won(b, "60.00", on=dt.date(2025, 12, 31))  # last fiscal year
    this = board(period=BoardPeriod.THIS_QUARTER, today=TODAY)
    last = board(period=BoardPeriod.LAST_QUARTER, today=TODAY)
    ytd = board(period=BoardPeriod.YEAR_TO_DATE, today=TODAY)
    assert ranks(this)["Bravo Trading"] == 1 and ranks(this)["Alpha Systems"] is None
    assert ranks(last)["Alpha Systems"] == 1 and ranks(last)["Bravo Trading"] is None
    assert _standing(ytd, "Alpha Systems").standing.revenue == Decimal("100.00")
    assert _standing(ytd, "Bravo Trading").standing.revenue == Decimal("50.00")
    assert ranks(ytd)["Alpha Systems"] == 1


def test_ties_share_a_rank(world):
    for partner in (world.partner_a, world.partner_b):
        won(partner, "100.00", on=TODAY)
    won(world.reseller, "50.00", on=TODAY)
    result = board(today=TODAY)
    assert ranks(result)["Alpha Systems"] == ranks(result)["Bravo Trading"] == 1
    assert ranks(result)["Rho Retail"] == 3


def test_boards_per_program_region_and_partner_type(world):
    a, b = world.partner_a, world.partner_b
    for partner in (a, b, world.reseller):
        won(partner, "100.00", on=TODAY)
    resellers = PartnerProgram.objects.create(code="resellers", name_en="Resellers")
    ProgramMembership.objects.create(program=resellers, partner=a)
    ProgramMembership.objects.create(
        program=resellers, partner=b, ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert set(ranks(board(program_id=resellers.pk, today=TODAY))) == {"Alpha Systems"}
    assert set(ranks(board(region="north_america", today=TODAY))) == {"Bravo Trading"}
    assert "Rho Retail" in ranks(board(partner_type="retailer", today=TODAY))
    assert "Alpha Systems" not in ranks(board(partner_type="retailer", today=TODAY))
    # Prospects and offboarded partners are not on any board.
    gone = make_partner("Gone Ltd", status="offboarded")
    won(gone, "999.00", on=TODAY)
    assert "Gone Ltd" not in ranks(board(today=TODAY))


def test_a_board_reads_the_same_queries_for_5_or_50_partners(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            board(today=TODAY)
        return len(captured.captured_queries)

    won(world.partner_a, "10.00", on=TODAY)
    few = queries()
    for partner in partners(45):
        won(partner, "10.00", on=TODAY)
        won(partner, "10.00", on=dt.date(2025, 4, 5), currency="EUR")
        certify(partner, make_member(partner, f"x{partner.pk}@example.test"), on=TODAY)
    rate("EUR", "1.10")
    assert queries() == few <= 8


def test_a_board_is_cached_until_something_changes(world):
    from recognition.boards import leaderboard

    won(world.partner_a, "10.00", on=TODAY)
    leaderboard(today=TODAY)
    with CaptureQueriesContext(connection) as cached:
        again = leaderboard(today=TODAY)
    assert len(cached.captured_queries) <= 3  # the money settings and the event log's head, no aggregate
    assert ranks(again)["Alpha Systems"] == 1


def test_the_demo_leaderboards_have_data(demo):
    from recognition.boards import leaderboard

    # Last quarter is whole; this quarter holds its days so far (a few partners on its first day).
    assert leaderboard(period=BoardPeriod.LAST_QUARTER, fresh=True).ranked > 50
    assert leaderboard(period=BoardPeriod.LAST_QUARTER, metric=Metric.GROWTH, fresh=True).ranked > 30
    for period in (BoardPeriod.THIS_QUARTER, BoardPeriod.YEAR_TO_DATE):
        assert leaderboard(period=period, fresh=True).ranked >= 1
    assert leaderboard(metric=Metric.CERTIFICATIONS, fresh=True).ranked >= 1
    assert ranks(leaderboard(fresh=True))["A Bike Store"] is not None
