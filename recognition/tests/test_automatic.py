"""Automatic awards: the top of a leaderboard for the last fiscal quarter, a first won deal, N certified
people — granted once per partner and period by the periodic job, never given back after a revocation."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.testing import make_member, make_partner
from core.actor import system_actor
from core.models import Event
from notifications.models import Notification
from recognition.models import Award, AwardGrant
from recognition.services import badges_grant_due, grant_revoke
from recognition.tasks import grant_badges
from recognition.tests.helpers import certify, won

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 2)  # a new quarter has begun: the last one is April to June (FY2026-Q2)


def _award(rule, **extra):
    return Award.objects.create(name_en=f"Award {rule}", rule=rule, **extra)


def test_the_top_of_last_quarters_leaderboard_is_awarded_once(world):
    _award("leaderboard_top", metric="revenue", top=2)
    gamma = make_partner("Gamma Gears")
    won(world.partner_a, "300.00", on=dt.date(2026, 6, 30))
    won(world.partner_b, "200.00", on=dt.date(2026, 4, 1))
    won(gamma, "100.00", on=dt.date(2026, 5, 5))
    won(gamma, "9000.00", on=dt.date(2026, 7, 1))  # this quarter: not counted
    assert badges_grant_due(today=TODAY) == 2
    grants = {g.partner.name: g for g in AwardGrant.objects.select_related("partner")}
    assert set(grants) == {"Alpha Systems", "Bravo Trading"}
    alpha = grants["Alpha Systems"]
    assert (alpha.period, alpha.rank, alpha.automatic, alpha.granted_by) == ("FY2026-Q2", 1, True, None)
    assert "Rank 1" in alpha.citation_en and "Q2 FY2026" in alpha.citation_en
    assert alpha.citation_ru and alpha.citation_ru != alpha.citation_en
    assert Event.objects.filter(verb="award.granted").count() == 2
    assert Notification.objects.filter(verb="award.granted", user=world.rep_a).exists()
    # Run again (the hour after, the day after): nothing more.
    assert badges_grant_due(today=TODAY) == 0
    assert badges_grant_due(today=TODAY + dt.timedelta(days=5)) == 0
    assert AwardGrant.objects.count() == 2 and Event.objects.filter(verb="award.granted").count() == 2


def test_a_revoked_automatic_award_is_not_given_back(world):
    award = _award("first_won_deal")
    won(world.partner_a, "10.00")
    assert badges_grant_due() == 1
    grant = AwardGrant.objects.get(award=award)
    assert grant.period == "" and grant.citation_en == "First deal won together."
    grant_revoke(actor=world.actor(world.ops), grant=grant, data={"reason": "A test deal."})
    won(world.partner_a, "20.00")
    assert badges_grant_due() == 0
    assert AwardGrant.objects.filter(award=award).count() == 1


def test_first_won_deal_goes_to_every_partner_with_one(world):
    _award("first_won_deal")
    won(world.partner_a, "10.00")
    won(world.partner_a, "10.00")
    won(world.partner_b, "10.00")
    gone = make_partner("Gone Ltd", status="offboarded")
    won(gone, "10.00")
    from deals.models import DealRegistration

    DealRegistration.objects.create(
        partner=world.reseller, customer_name="Lost", status="lost", amount="5.00"
    )
    assert badges_grant_due() == 2
    assert set(AwardGrant.objects.values_list("partner__name", flat=True)) == {
        "Alpha Systems",
        "Bravo Trading",
    }


def test_certified_people_counts_valid_certifications_per_person(world):
    _award("certified_people", threshold=2)
    certify(world.partner_a, world.rep_a)
    certify(world.partner_a, world.rep_a)  # the same person twice: one person
    assert badges_grant_due() == 0
    certify(world.partner_a, world.admin_a)
    certify(world.partner_b, world.rep_b)
    certify(world.partner_b, world.admin_b, revoked=True)
    assert badges_grant_due() == 1
    grant = AwardGrant.objects.get()
    assert grant.partner == world.partner_a and grant.citation_en == "2 people hold a valid certification."
    assert "2" in grant.citation_ru


def test_inactive_and_manual_awards_are_left_alone(world):
    _award("first_won_deal", is_active=False)
    _award("manual")
    _award("leaderboard_top", metric="")  # no leaderboard named: nothing to go by
    won(world.partner_a, "10.00", on=dt.date(2026, 5, 1))
    assert badges_grant_due(today=TODAY) == 0


def test_the_periodic_job_runs_the_awards():
    from scheduling.scheduler import registered_jobs

    assert "recognition.grant_badges" in {job.name for job in registered_jobs()}
    _award("first_won_deal")
    partner = make_partner("Solo Sports")
    make_member(partner, "solo@example.test")
    won(partner, "10.00", on=timezone.localdate())
    assert grant_badges.call() == 1
    assert AwardGrant.objects.get().granted_by is None
    assert system_actor().is_staff
