from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from core.actor import Actor
from core.listing import bind_filters
from core.roles import StaffRole
from core.scoping import get_visible_or_404
from partners.choices import PartnerStatus, PartnerType
from partners.filters import PartnerFilterSet, directory_q
from partners.models import Partner


def partner_get(*, actor: Actor, public_id: UUID | str) -> Partner:
    return get_visible_or_404(
        Partner.objects.visible_to(actor).select_related("cam", "parent"), public_id=public_id
    )


def partner_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> PartnerFilterSet:
    """The directory's bound FilterSet (`.qs` are the rows, `.form` the filter form). Without a `sort`, a CAM
    sees their own portfolio first, then the rest by name."""
    qs = Partner.objects.visible_to(actor).select_related("cam", "parent")
    order: tuple[str, ...] = ("name",)
    if actor.user is not None:
        qs = qs.annotate(
            mine=Case(When(cam=actor.user, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        order = ("mine", *order)
    return bind_filters(
        PartnerFilterSet,
        data,
        queryset=qs.order_by(*order, "id"),
        strict=strict,
        actor=actor,
        cams=account_managers(actor=actor) if actor.is_staff else None,
    )


def partner_directory(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> QuerySet[Partner]:
    return partner_filters(actor=actor, data=filters).qs


def directory_rows(*, actor: Actor, filters: Mapping[str, str]) -> QuerySet[Partner]:
    """The directory's rows for a home card's filters (its first few), without binding its form."""
    return Partner.objects.visible_to(actor).filter(directory_q(filters))


def status_counts(*, actor: Actor, filters: Mapping[str, str] | None = None) -> dict[str, int]:
    """Partners per status, among those the directory's `filters` select (all when None); one query."""
    qs = Partner.objects.visible_to(actor).filter(directory_q(filters or {}))
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def resellers_of(*, actor: Actor, partner: Partner) -> QuerySet[Partner]:
    return Partner.objects.visible_to(actor).filter(parent=partner).order_by("name")


def distributors(*, actor: Actor) -> QuerySet[Partner]:
    """The distributors a partner can be placed under (two-tier): not offboarded ones."""
    return (
        Partner.objects.visible_to(actor)
        .filter(partner_type=PartnerType.DISTRIBUTOR)
        .exclude(status=PartnerStatus.OFFBOARDED)
    )


def my_portfolio_count(*, actor: Actor) -> int:
    if actor.user is None:
        return 0
    return Partner.objects.visible_to(actor).filter(Q(cam=actor.user)).count()


def account_managers(*, actor: Actor) -> QuerySet[Any]:
    """The staff a partner can be assigned to: channel account managers and the channel chief (active).
    The user model is Django's (`get_user_model`), so partners needs nothing from accounts; its rows are
    typed where partners reads them (`partners.models.StaffUser`)."""
    return (
        get_user_model()
        .objects.visible_to(actor)
        .filter(staff_role__in=[StaffRole.CAM, StaffRole.CHIEF], is_active=True)
    )


def user_by_email(*, actor: Actor, email: str) -> Any:
    """The user in the actor's scope with this email (any case), or None."""
    return get_user_model().objects.visible_to(actor).filter(email=email.lower()).first()
