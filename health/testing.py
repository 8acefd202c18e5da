"""Rows that move the health signals, for tests (and the isolation walk's factories): written straight to the
tables the signals read, with the moments they happened."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from content.models import ActivityKind, Asset, AssetActivity
from deals.models import DealRegistration, RegistrationStatus
from leads.models import AssignmentOutcome, Lead, LeadAssignment


def days_ago(days: float) -> Any:
    return timezone.now() - timedelta(days=days)


def backdate(obj: Any, **moments: Any) -> Any:
    """Set auto-filled moments (created_at …) that `save()` would not let a test choose."""
    type(obj).objects.filter(pk=obj.pk).update(**moments)
    obj.refresh_from_db()
    return obj


def registration(
    partner: Any,
    *,
    status: str = RegistrationStatus.SUBMITTED,
    submitted: float | None = 10,
    won: str | None = None,
    closed: float | None = None,
    currency: str = "USD",
    customer: str = "Contoso",
) -> DealRegistration:
    """A registration of `partner` submitted `submitted` days ago; `won` (an amount) closes it as won `closed`
    days ago."""
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=customer,
        amount=Decimal(won or "1000.00"),
        currency=currency,
        status=RegistrationStatus.WON if won else status,
        submitted_at=days_ago(submitted) if submitted is not None else None,
        won_amount=Decimal(won) if won else None,
        closed_at=days_ago(closed if closed is not None else 1) if won else None,
    )


def download(partner: Any, *, days: float = 5, kind: str = ActivityKind.DOWNLOAD, user: Any = None) -> None:
    asset = Asset.objects.order_by("pk").first() or Asset.objects.create(title_en="Price list")
    AssetActivity.objects.create(asset=asset, kind=kind, partner=partner, user=user, at=days_ago(days))


def offer(
    partner: Any, *, outcome: str = AssignmentOutcome.ACCEPTED, hours: float = 4, days: float = 5
) -> Any:
    """A lead offered to `partner` `days` ago and answered (`outcome`) `hours` later."""
    lead = Lead.objects.create(
        company_name=f"Lead for {partner.name}", partner=partner, destination="channel"
    )
    offered = days_ago(days)
    assignment = LeadAssignment.objects.create(
        lead=lead,
        partner=partner,
        outcome=outcome,
        decided_at=offered + timedelta(hours=hours) if outcome != AssignmentOutcome.PENDING else None,
    )
    return backdate(assignment, created_at=offered)
