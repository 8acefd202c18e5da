"""Helpers for tests that need market development funds (funds, the isolation walk, the browser tests, the
demo): a budget for the current period, an allocation, a request approved, a claim with its files."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funds.models import FundAllocation, FundBudget, FundClaim, FundRequest
from funds.selectors import current_period
from funds.services import allocation_create, budget_create, claim_create, request_approve, request_create

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name: str = "invoice.pdf", marker: str = "") -> SimpleUploadedFile:
    """A small PDF; `marker` makes its content (and so its hash) its own."""
    return SimpleUploadedFile(name, PDF + marker.encode(), content_type="application/pdf")


def png(name: str = "photo.png", marker: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG + marker.encode(), content_type="image/png")


def this_period_budget(actor: Any, *, amount: str = "50000.00", currency: str = "USD") -> FundBudget:
    """The current period's budget in `currency` (made by `actor`, who manages funds)."""
    found = FundBudget.objects.filter(period=current_period().code, currency=currency).first()
    return found or budget_create(
        actor=actor, data={"period": current_period().code, "currency": currency, "amount": amount}
    )


def allocate(actor: Any, budget: FundBudget, partner: Any, amount: str = "10000.00") -> FundAllocation:
    return allocation_create(
        actor=actor,
        data={"budget": budget.public_id, "partner": partner.public_id, "basis": "fixed", "amount": amount},
    )[0]


def activity_days(today: date | None = None) -> tuple[date, date]:
    """An activity inside the current period that is over by today (so it can be claimed)."""
    today = today or timezone.localdate()
    start = max(current_period(today=today).start, today - timedelta(days=3))
    return start, today


def request_values(**overrides: Any) -> dict[str, Any]:
    starts, ends = activity_days()
    return {
        "period": current_period().code,
        "currency": "USD",
        "activity_type": "webinar",
        "title": "Spring e-bike webinar",
        "plan": "Two sessions for fleet buyers, followed up by our reps.",
        "starts_on": starts,
        "ends_on": ends,
        "expected_leads": 20,
        "expected_revenue": "60000.00",
        "cost": "4000.00",
        "amount": "3000.00",
    } | overrides


def approved_request(admin: Any, decider: Any, **overrides: Any) -> FundRequest:
    request = request_create(actor=admin, data=request_values(**overrides))
    return request_approve(actor=decider, request=request, data={})


def claim_for(
    admin: Any, request: FundRequest, *, marker: str = "", files: bool = True, **overrides: Any
) -> FundClaim:
    values = {
        "amount": str(request.approved_amount),
        "actual_cost": "4200.00",
        "invoice_number": f"INV-{request.code}{marker}",
        "invoice_date": timezone.localdate(),
        "attendees": 42,
        "results": "Two sessions, 42 attendees.",
    } | overrides
    if files:
        values |= {
            "invoice_file": pdf(marker=f"invoice{request.code}{marker}"),
            "proof_file": png(marker=f"proof{request.code}{marker}"),
        }
    return claim_create(actor=admin, request=request, data=values)
