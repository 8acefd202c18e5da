from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, Value, When

from core.roles import StaffRole
from core.scoping import get_visible_or_404
from partners.models import Partner
from partners.querysets import search_q, vertical_q

SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "status": ("status", "name"),
    "tier": ("tier", "name"),
    "region": ("region", "name"),
    "created": ("-created_at",),
    "country": ("country", "name"),
}


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    partner_type: str = ""
    status: str = ""
    region: str = ""
    cam: str = ""  # user public id, or "none"
    tier: str = ""
    vertical: str = ""
    sort: str = ""


def partner_get(*, actor, public_id) -> Partner:
    return get_visible_or_404(
        Partner.objects.visible_to(actor).select_related("cam", "parent"), public_id=public_id
    )


def partner_directory(*, actor, filters: DirectoryFilter):
    qs = Partner.objects.visible_to(actor).select_related("cam", "parent")
    if filters.q:
        qs = qs.filter(search_q(filters.q))
    if filters.partner_type:
        qs = qs.filter(partner_type=filters.partner_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.vertical:
        qs = qs.filter(vertical_q(filters.vertical))
    if filters.cam == "none":
        qs = qs.filter(cam__isnull=True)
    elif filters.cam:
        qs = qs.filter(cam__public_id=filters.cam)
    order = SORTS.get(filters.sort, ("name",))
    if actor.user is not None and not filters.sort:
        # A CAM sees their own portfolio first.
        qs = qs.annotate(
            mine=Case(When(cam=actor.user, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        order = ("mine", *order)
    return qs.order_by(*order, "id")


def status_counts(*, actor) -> dict[str, int]:
    rows = Partner.objects.visible_to(actor).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def resellers_of(*, actor, partner: Partner):
    return Partner.objects.visible_to(actor).filter(parent=partner).order_by("name")


def my_portfolio_count(*, actor) -> int:
    if actor.user is None:
        return 0
    return Partner.objects.visible_to(actor).filter(Q(cam=actor.user)).count()


def account_managers(*, actor):
    """The staff a partner can be assigned to: channel account managers and the channel chief (active).
    The user model is Django's (`get_user_model`), so partners needs nothing from accounts."""
    return (
        get_user_model()
        .objects.visible_to(actor)
        .filter(staff_role__in=[StaffRole.CAM, StaffRole.CHIEF], is_active=True)
    )
