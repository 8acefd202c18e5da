"""The demo shows competing products: vendors and lines mapped to the families, partners that declare
them, an application whose fit score weighs them, and a competitive registration protected for 30 days."""

from datetime import timedelta

from django.utils import timezone

from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor
from competition.selectors import competing_line_counts, has_disclosed
from deals.models import DealRegistration
from engagement.selectors import current_ruleset
from partners.models import Partner
from recruitment.models import Application


def test_demo_has_competing_vendors_and_declarations(demo):
    assert CompetingVendor.objects.count() == 5
    assert not CompetingLine.objects.filter(families__isnull=True).exists()
    bike_store = Partner.objects.get(memberships__user__email="admin@bikestore.demo")
    assert [d.label for d in CompetingDeclaration.objects.filter(partner=bike_store)] == [
        "Shimano Deore groupsets"
    ]
    assert has_disclosed(bike_store.pk)
    assert len(competing_line_counts()) >= 6
    assert CompetingDeclaration.objects.filter(share=100).exists()  # a competitor-exclusive dealer


def test_demo_has_a_competitive_registration(demo):
    assert current_ruleset().competitive_protection_days == 30
    registration = DealRegistration.objects.get(customer_name="Cascade Trail Riders")
    assert registration.status == "approved"
    assert registration.protected_until == timezone.localdate() + timedelta(days=30)
    reasons = registration.conflict_checks.get().engagement_reasons
    assert reasons[-1] == {
        "code": "competitive_protection",
        "params": {"days": 30, "lines": "Shimano Deore groupsets"},
    }


def test_demo_applications_answer_and_are_scored_on_it(demo):
    velo = Application.objects.get(web_domain="velonord.example")
    assert velo.sells_competing and velo.competitors.count() == 1
    components = {r.get("code", "").rsplit("_", 1)[0] for r in velo.fit_reasons}
    assert {"capabilities", "competition"} <= components
