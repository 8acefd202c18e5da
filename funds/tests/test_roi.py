"""ROI of an activity: the leads and registrations carrying its code and the leads credited through its links
and campaigns, the deals won and the pipeline, against what the vendor pays, in the program currency."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import DealRegistration
from funds.roi import activities_roi, partners_roi
from funds.services import claim_approve
from funds.testing import approved_request, claim_for
from leads.models import Lead
from ledger.models import ExchangeRate
from referrals.models import Attribution, ReferralLink

pytestmark = pytest.mark.django_db
D = Decimal


def _registration(partner, status, amount, *, currency="USD", code="", won=None):
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=f"{status} {amount}",
        status=status,
        amount=D(amount),
        won_amount=D(won) if won else None,
        currency=currency,
        fund_activity_code=code,
        closed_at=timezone.now() if status in ("won", "lost") else None,
    )


@pytest.fixture
def activity(world, funded, marketing, admin_a):
    link = ReferralLink.objects.create(
        partner=world.partner_a, code="alpha777", name="Webinar link", destination="/p/a/w/"
    )
    request = approved_request(admin_a, marketing)
    request.links.add(link)
    code = request.code
    # by its code: a lead, a registration won and one still open
    Lead.objects.create(company_name="Coded Lead", partner=world.partner_a, fund_activity_code=code)
    _registration(world.partner_a, "won", "20000.00", code=code, won="20000.00")
    _registration(world.partner_a, "submitted", "5000.00", code=code)
    # through its link: a lead whose registration was won in EUR
    linked = Lead.objects.create(company_name="Linked Lead", partner=world.partner_a)
    linked.registration = _registration(world.partner_a, "won", "10000.00", currency="EUR", won="10000.00")
    linked.save()
    Attribution.objects.create(lead=linked, partner=world.partner_a, source="link", link=link)
    # before the activity started: not its lead
    early = Lead.objects.create(company_name="Early Lead", partner=world.partner_a)
    attribution = Attribution.objects.create(lead=early, partner=world.partner_a, source="link", link=link)
    Attribution.objects.filter(pk=attribution.pk).update(created_at=timezone.now() - timedelta(days=400))
    # another partner's lead with another code: not counted
    Lead.objects.create(company_name="Other", partner=world.partner_b, fund_activity_code="MDF-OTHER1")
    return request


def test_roi_counts_code_and_link_leads_in_the_program_currency(marketing, activity, admin_a):
    roi = activities_roi(actor=marketing, requests=[activity])[activity.pk]
    assert (roi.leads, roi.registrations, roi.won) == (2, 3, 2)
    assert roi.revenue == {"USD": D("20000.00"), "EUR": D("10000.00")} and roi.pipeline == {
        "USD": D("5000.00")
    }
    assert roi.revenue_total is None and roi.roi is None and roi.missing_rates == ["EUR"]  # no rate: unknown
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=timezone.localdate(), rate=D("1.10")
    )
    roi = activities_roi(actor=marketing, requests=[activity])[activity.pk]
    assert (
        roi.revenue_total == D("31000.00") and roi.cost == D("3000.00") and roi.pipeline_total == D("5000.00")
    )
    assert roi.roi == D("9.33") and roi.roi_percent == D("933")
    claim_approve(
        actor=marketing, claim=claim_for(admin_a, activity), data={"amount": "2500.00", "reason": "Less"}
    )
    roi = activities_roi(actor=marketing, requests=[activity])[activity.pk]
    assert roi.cost == D("2500.00") and roi.roi == D("11.40")


def test_roi_per_partner_and_what_the_partner_reads(world, marketing, activity, admin_a):
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=timezone.localdate(), rate=D("1.10")
    )
    (row,) = partners_roi(actor=marketing, requests=[activity])
    assert (
        row["partner"] == world.partner_a
        and row["roi"].activities == 1
        and row["roi"].revenue_total == D("31000.00")
    )
    mine = activities_roi(actor=admin_a, requests=[activity])[activity.pk]
    assert mine.leads == 2 and mine.revenue_total == D("31000.00")
