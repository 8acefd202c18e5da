"""Each signal's provider, with data that moves it: every partner read in one aggregate query per signal."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership
from accounts.testing import make_partner
from health.models import Signal
from health.selectors import forget_settings, health_settings
from health.services import _partners
from health.signals import SIGNALS, Context, Window
from health.testing import backdate, days_ago, download, offer, registration
from learning.models import Enrollment
from learning.testing import make_course
from ledger.models import ExchangeRate
from partners.choices import PartnerStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_settings():
    forget_settings()
    yield
    forget_settings()


def read(signal: str, partner):
    settings = health_settings(fresh=True)
    context = Context(Window(timezone.now(), settings.window_days), settings, _partners())
    return SIGNALS[signal](context)[partner.pk]


def test_logins_count_the_share_of_members_who_signed_in_within_the_window(world):
    assert read(Signal.LOGINS, world.partner_a).score == 0
    world.admin_a.last_login = days_ago(3)
    world.admin_a.save()
    world.rep_a.last_login = days_ago(200)  # before the window
    world.rep_a.save()
    reading = read(Signal.LOGINS, world.partner_a)
    assert (reading.score, reading.raw, reading.detail) == (50, Decimal("0.50"), {"active": 1, "members": 2})
    Membership.objects.filter(user=world.rep_a).update(is_active=False)
    assert read(Signal.LOGINS, world.partner_a).score == 100
    lonely = make_partner("Lonely Bikes")
    assert read(Signal.LOGINS, lonely).score == 0  # nobody to sign in: no engagement


def test_downloads_count_this_partners_downloads_in_the_window(world):
    for _ in range(5):
        download(world.partner_a)
    download(world.partner_a, days=200)  # too old
    download(world.partner_a, kind="view")  # a view is not a download
    download(world.partner_b)
    reading = read(Signal.DOWNLOADS, world.partner_a)
    assert (reading.score, reading.detail["downloads"]) == (50, 5)  # full marks at 10
    for _ in range(7):
        download(world.partner_a)
    assert read(Signal.DOWNLOADS, world.partner_a).score == 100  # capped


def test_course_progress_counts_completions_and_half_of_the_courses_started(world):
    course, other = make_course("Road"), make_course("Gravel")
    assert read(Signal.LEARNING, world.partner_a).score == 0
    Enrollment.objects.create(
        user=world.rep_a, partner=world.partner_a, course=course, state="completed", completed_at=days_ago(5)
    )
    assert read(Signal.LEARNING, world.partner_a).score == 50  # full marks at 2
    Enrollment.objects.create(user=world.admin_a, partner=world.partner_a, course=other)
    reading = read(Signal.LEARNING, world.partner_a)
    assert (reading.score, reading.detail["completed"], reading.detail["in_progress"]) == (75, 1, 1)


def test_lead_acceptance_is_the_share_of_answered_offers_accepted_and_needs_an_offer(world):
    assert read(Signal.LEAD_ACCEPTANCE, world.partner_a).score is None  # no offer: does not apply
    for _ in range(3):
        offer(world.partner_a)
    offer(world.partner_a, outcome="declined")
    offer(world.partner_a, outcome="pending")  # not answered yet: not counted
    offer(world.partner_a, outcome="lapsed", days=200)  # before the window
    reading = read(Signal.LEAD_ACCEPTANCE, world.partner_a)
    assert (reading.score, reading.detail) == (75, {"accepted": 3, "answered": 4})
    offer(world.partner_a, outcome="lapsed")
    assert read(Signal.LEAD_ACCEPTANCE, world.partner_a).score == 60


def test_lead_speed_scores_the_average_time_to_accept_against_the_limit(world):
    assert read(Signal.LEAD_SPEED, world.partner_a).score is None
    offer(world.partner_a, hours=6)
    offer(world.partner_a, hours=18)
    reading = read(Signal.LEAD_SPEED, world.partner_a)
    assert (reading.raw, reading.score) == (Decimal("12.0"), 75)  # 0 points at 48 hours
    offer(world.partner_a, hours=100)
    assert read(Signal.LEAD_SPEED, world.partner_a).score == 14  # 41.3 hours on average


def test_registrations_count_what_was_submitted_in_the_window(world):
    registration(world.partner_a, submitted=100)  # before the window
    registration(world.partner_a, status="draft", submitted=None)
    assert read(Signal.REGISTRATIONS, world.partner_a).score == 0
    registration(world.partner_a, submitted=5)
    assert read(Signal.REGISTRATIONS, world.partner_a).score == 33  # full marks at 3
    registration(world.partner_a, submitted=6, status="approved")
    registration(world.partner_a, submitted=7, status="rejected")
    assert read(Signal.REGISTRATIONS, world.partner_a).score == 100


def test_revenue_trend_compares_the_window_with_the_same_days_last_year(world):
    assert read(Signal.REVENUE_TREND, world.partner_a).score is None  # nothing won in either year
    registration(world.partner_a, won="500.00", closed=10)
    reading = read(Signal.REVENUE_TREND, world.partner_a)
    assert reading.score == 100  # nothing to compare with: growth
    registration(world.partner_a, won="1000.00", closed=375)  # the same days a year earlier
    registration(world.partner_a, won="9000.00", closed=500)  # outside both periods
    reading = read(Signal.REVENUE_TREND, world.partner_a)
    assert (reading.raw, reading.score) == (Decimal("0.50"), 50)
    assert (reading.detail["now"], reading.detail["before"]) == ("500.00", "1000.00")
    refunded = registration(world.partner_a, won="500.00", closed=3)
    refunded.refunded_amount = Decimal("500.00")
    refunded.save()
    assert read(Signal.REVENUE_TREND, world.partner_a).score == 50  # a refund is no revenue


def test_revenue_in_another_currency_is_converted_or_named_when_no_rate_exists(world):
    registration(world.partner_a, won="1000.00", closed=375)
    registration(world.partner_a, won="500.00", closed=5, currency="EUR")
    reading = read(Signal.REVENUE_TREND, world.partner_a)
    assert reading.score == 0 and reading.detail["missing_rates"] == ["EUR"]
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", rate="1.2", valid_from=timezone.localdate() - timedelta(days=1)
    )
    reading = read(Signal.REVENUE_TREND, world.partner_a)
    assert (reading.score, reading.detail["now"], reading.detail["missing_rates"]) == (60, "600.00", [])


def test_onboarding_applies_while_onboarding_and_falls_after_the_time_allowed(world):
    assert read(Signal.ONBOARDING, world.partner_a).score is None  # active: onboarding is over
    newcomer = make_partner("Newcomer", status=PartnerStatus.ONBOARDING)
    assert read(Signal.ONBOARDING, newcomer).score == 100
    backdate(newcomer, created_at=days_ago(90))  # 60 days allowed, 0 at 120
    reading = read(Signal.ONBOARDING, newcomer)
    assert (reading.score, reading.detail["days"]) == (50, 90)
    backdate(newcomer, created_at=days_ago(400))
    assert read(Signal.ONBOARDING, newcomer).score == 0


def test_each_signal_reads_every_partner_in_a_constant_number_of_queries(world):
    settings = health_settings(fresh=True)

    def queries() -> int:
        context = Context(Window(timezone.now(), settings.window_days), settings, _partners())
        with CaptureQueriesContext(connection) as ctx:
            for provider in SIGNALS.values():
                provider(context)
        return len(ctx)

    few = queries()
    for i in range(6):
        partner = make_partner(f"Grown {i}")
        registration(partner, won="100.00")
        offer(partner)
        download(partner)
    assert queries() == few
