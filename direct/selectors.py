"""Reads of the vendor's direct-sales records (staff only: `visible_to` gives partner users nothing)."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from direct.filters import AccountFilterSet, DealFilterSet
from direct.models import DirectAccount, DirectDeal


def account_get(*, actor: Actor, public_id: UUID | str) -> DirectAccount:
    return get_visible_or_404(
        DirectAccount.objects.visible_to(actor).select_related("owner"), public_id=public_id
    )


def deal_get(*, actor: Actor, public_id: UUID | str) -> DirectDeal:
    return get_visible_or_404(
        DirectDeal.objects.visible_to(actor).select_related("account", "owner"), public_id=public_id
    )


def account_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AccountFilterSet:
    """The accounts list's bound FilterSet (`.qs` are the rows, `.form` the filter form)."""
    qs = (
        DirectAccount.objects.visible_to(actor)
        .select_related("owner")
        .annotate(open_deals=Count("deals", filter=Q(deals__is_open=True)))
    )
    return bind_filters(
        AccountFilterSet,
        data,
        queryset=qs.order_by("name", "id"),
        strict=strict,
        owners=staff_owners(actor=actor),
    )


def deal_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> DealFilterSet:
    """The deals list's bound FilterSet."""
    qs = DirectDeal.objects.visible_to(actor).select_related("account", "owner")
    return bind_filters(
        DealFilterSet,
        data,
        queryset=qs.order_by("-is_open", "expected_close_date", "-id"),
        strict=strict,
        owners=staff_owners(actor=actor),
    )


def deals_of(*, actor: Actor, account: DirectAccount) -> QuerySet[DirectDeal]:
    return (
        DirectDeal.objects.visible_to(actor)
        .filter(account=account)
        .select_related("owner")
        .order_by("-is_open", "-created_at", "-id")
    )


def staff_owners(*, actor: Actor) -> QuerySet[User]:
    """Vendor staff who may own direct records (staff users belong to no partner: partners see none)."""
    staff = User.objects.visible_to(actor).filter(is_active=True).exclude(staff_role="")
    return staff.order_by("full_name", "email")
