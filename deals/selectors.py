"""Reads of deal registrations: a partner's own (and, for a distributor, its resellers'), staff all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, Q, Subquery

from catalog.selectors import products_visible
from core.scoping import get_visible_or_404
from deals.models import DealLine, DealRegistration, ExtensionRequest, RegistrationStage
from matching.normalize import tax_id_key


@dataclass(frozen=True)
class RegistrationFilter:
    q: str = ""
    status: str = ""
    stage: str = ""
    partner: str = ""  # partner public id
    cam: str = ""  # CAM user public id
    submitted_from: date | None = None
    submitted_to: date | None = None
    conflict: str = ""  # "conflict" or "clear": the outcome of the latest conflict check


def _base(actor):
    from conflicts.models import ConflictCheck

    latest_outcome = (
        ConflictCheck.objects.filter(registration=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("outcome")[:1]
    )
    return (
        DealRegistration.objects.visible_to(actor)
        .select_related("partner", "partner__cam", "registered_by", "registered_via", "decided_by")
        .annotate(conflict_outcome=Subquery(latest_outcome))
    )


def registration_get(*, actor, public_id) -> DealRegistration:
    lines = Prefetch(
        "lines", queryset=DealLine.objects.visible_to(actor).select_related("product").order_by("id")
    )
    return get_visible_or_404(_base(actor).prefetch_related(lines), public_id=public_id)


def registration_list(*, actor, filters: RegistrationFilter):
    qs = _base(actor)
    if actor.is_staff:
        # A draft is the partner's own work in progress; the vendor sees a registration once it is submitted.
        qs = qs.exclude(status="draft")
    if filters.q:
        q = filters.q.strip()
        cond = Q(customer_name__icontains=q) | Q(customer_domain__icontains=q.lower())
        if key := tax_id_key(q):
            cond |= Q(tax_id_key__contains=key)
        qs = qs.filter(cond)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.partner:
        qs = qs.filter(partner__public_id=filters.partner)
    if filters.cam:
        qs = qs.filter(partner__cam__public_id=filters.cam)
    if filters.submitted_from:
        qs = qs.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        qs = qs.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.conflict:
        qs = qs.filter(conflict_outcome=filters.conflict)
    return qs.order_by("-created_at", "-id")


def registration_board(*, actor, filters: RegistrationFilter) -> list[tuple[str, str, list]]:
    """(stage, label, registrations) columns of the open registrations (draft, submitted, approved)."""
    rows = list(
        registration_list(actor=actor, filters=filters).filter(status__in=["draft", "submitted", "approved"])
    )
    return [
        (stage, label, [r for r in rows if r.stage == stage]) for stage, label in RegistrationStage.choices
    ]


def registering_partners(*, actor) -> list:
    """Partners the actor may register for: its own company and, for a distributor, its resellers."""
    from partners.models import Partner

    if not actor.is_partner:
        return []
    resellers = Partner.objects.visible_to(actor).filter(parent_id=actor.partner_id).order_by("name")
    return [actor.partner, *resellers]


def registerable_products(*, actor):
    """Products a partner may put on a registration: active and sold through the channel."""
    from catalog.models import CHANNEL_SELLABLE

    return (
        products_visible(actor=actor)
        .filter(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE)
        .order_by("sku")
    )


def pipeline_partners(*, actor):
    from partners.models import Partner

    if not actor.is_staff:
        return Partner.objects.none()
    return (
        Partner.objects.visible_to(actor).filter(deal_registrations__isnull=False).distinct().order_by("name")
    )


def pipeline_cams(*, actor):
    from accounts.models import User
    from core.roles import StaffRole

    if not actor.is_staff:
        return User.objects.none()
    return User.objects.filter(is_active=True, staff_role=StaffRole.CAM).order_by("full_name", "email")


def registration_extensions(*, actor, registration) -> list[ExtensionRequest]:
    return list(
        ExtensionRequest.objects.visible_to(actor)
        .filter(registration=registration)
        .select_related("requested_by", "decided_by")
    )


def extension_get(*, actor, public_id) -> ExtensionRequest:
    return get_visible_or_404(
        ExtensionRequest.objects.visible_to(actor).select_related("registration", "registration__partner"),
        public_id=public_id,
    )
