"""The demo shows MDF working: budgets, allocations, activities in every state, claims with proof, a flagged
duplicate, an expired period, ROI from the activities' codes, and books that balance."""

from core.actor import system_actor
from funds.models import ClaimDuplicate, FundBudget, FundClaim, FundRequest
from funds.roi import activities_roi
from ledger.check import check_books
from ledger.models import LedgerTransaction


def test_the_demo_shows_mdf_at_work(demo):
    assert FundBudget.objects.filter(closed_at__isnull=True).count() == 1
    assert FundBudget.objects.filter(closed_at__isnull=False).count() == 1
    statuses = set(FundRequest.objects.values_list("status", flat=True))
    assert statuses >= {
        "submitted",
        "awaiting_chief",
        "approved",
        "rejected",
        "withdrawn",
        "cancelled",
        "claimed",
    }
    assert set(FundClaim.objects.values_list("status", flat=True)) >= {"submitted", "approved"}
    assert all(claim.files.count() >= 2 for claim in FundClaim.objects.all())
    assert ClaimDuplicate.objects.filter(reason="invoice_number").count() == 2
    assert LedgerTransaction.objects.filter(kind="expiry").exists()
    test_rides = FundRequest.objects.get(title="Spring test-ride weekend")
    roi = activities_roi(actor=system_actor(), requests=[test_rides])[test_rides.pk]
    assert roi.leads >= 2 and roi.won >= 1 and roi.roi is not None
    assert check_books().balanced
