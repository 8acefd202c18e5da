"""Reads of deal registrations: a partner's own (and, for a distributor, its resellers'), staff all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from catalog.selectors import products_visible
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from deals.filters import RegistrationFilterSet
from deals.models import DealLine, DealRegistration, ExtensionRequest, RegistrationStage, RegistrationStatus

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import Product
    from conflicts.models import ConflictCheck
    from partners.models import Partner


def _base(actor: Actor) -> QuerySet[DealRegistration]:
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


def registration_get(*, actor: Actor, public_id: UUID) -> DealRegistration:
    lines = Prefetch(
        "lines", queryset=DealLine.objects.visible_to(actor).select_related("product").order_by("id")
    )
    return get_visible_or_404(_base(actor).prefetch_related(lines), public_id=public_id)


def registration_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RegistrationFilterSet:
    """The list's bound FilterSet (`.qs` are the rows, `.form` the filter form)."""
    qs = _base(actor)
    return bind_filters(
        RegistrationFilterSet,
        data,
        queryset=qs.order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=pipeline_partners(actor=actor),
        cams=pipeline_cams(actor=actor),
    )


def registration_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[DealRegistration]:
    return registration_filters(actor=actor, data=filters).qs


def registration_board(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> list[tuple[str, Any, list[DealRegistration]]]:
    """(stage, label, registrations) columns of the open registrations (draft, submitted, approved)."""
    rows = list(
        registration_list(actor=actor, filters=filters).filter(status__in=["draft", "submitted", "approved"])
    )
    return [
        (stage, label, [r for r in rows if r.stage == stage]) for stage, label in RegistrationStage.choices
    ]


def registering_partners(*, actor: Actor) -> list[Partner]:
    """Partners the actor may register for: its own company and, for a distributor, its resellers."""
    from partners.models import Partner

    if not actor.is_partner:
        return []
    resellers = Partner.objects.visible_to(actor).filter(parent_id=actor.partner_id).order_by("name")
    return [actor.partner, *resellers]


def registerable_products(*, actor: Actor) -> QuerySet[Product]:
    """Products a partner may put on a registration: active and sold through the channel."""
    from catalog.models import CHANNEL_SELLABLE

    return (
        products_visible(actor=actor)
        .filter(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE)
        .order_by("sku")
    )


def pipeline_partners(*, actor: Actor) -> QuerySet[Partner]:
    from partners.models import Partner

    if not actor.is_staff:
        return Partner.objects.none()
    return (
        Partner.objects.visible_to(actor).filter(deal_registrations__isnull=False).distinct().order_by("name")
    )


def pipeline_cams(*, actor: Actor) -> QuerySet[User]:
    from accounts.models import User
    from core.roles import StaffRole

    if not actor.is_staff:
        return User.objects.none()
    return User.objects.filter(is_active=True, staff_role=StaffRole.CAM).order_by("full_name", "email")


def registration_extensions(*, actor: Actor, registration: DealRegistration) -> list[ExtensionRequest]:
    return list(
        ExtensionRequest.objects.visible_to(actor)
        .filter(registration=registration)
        .select_related("requested_by", "decided_by")
    )


def extension_get(*, actor: Actor, public_id: UUID) -> ExtensionRequest:
    return get_visible_or_404(
        ExtensionRequest.objects.visible_to(actor).select_related("registration", "registration__partner"),
        public_id=public_id,
    )


PROTECTION_REASONS = ("protection_rule", "protection_tier", "protection_default")


def registration_engagement_reasons(
    *, actor: Actor, registration: DealRegistration, check: ConflictCheck | None
) -> list[str]:
    """The rules of engagement's reasons as the reader sees them now: a protection period reads as a promise
    before the decision, as a fact while approved, and not at all once the registration is not protected."""
    from conflicts.selectors import engagement_reasons_for
    from engagement.evaluate import render_reason

    status = registration.status
    texts = []
    for reason in engagement_reasons_for(actor=actor, check=check):
        if reason["code"] in PROTECTION_REASONS:
            if status in ("draft", "submitted", "appealed"):
                texts.append(render_reason(reason["code"], reason["params"] | {"if_approved": True}))
            elif status == "approved":
                texts.append(reason["text"])
            continue
        texts.append(reason["text"])
    return texts


@dataclass(frozen=True)
class PartnerDealFigures:
    """Key figures of one partner's registrations (amounts per currency: registrations keep their own)."""

    open_pipeline: dict[str, Decimal]  # submitted or approved: being decided or protected
    won_revenue: dict[str, Decimal]
    won: int
    lost: int
    awaiting_decision: int  # submitted (the CAM's decision)
    total: int  # every registration, drafts included

    @property
    def win_rate(self) -> int | None:
        """Won of the registrations that closed won or lost, in per cent (None before the first one)."""
        closed = self.won + self.lost
        return round(100 * self.won / closed) if closed else None


def partner_deal_figures(*, actor: Actor, partner: Partner) -> PartnerDealFigures:
    """One query: the partner's registrations grouped by currency, counted and summed by status."""
    S = RegistrationStatus
    rows = (
        DealRegistration.objects.visible_to(actor)
        .filter(partner_id=partner.pk)
        .values("currency")
        .order_by("currency")
        .annotate(
            open=Sum("amount", filter=Q(status__in=[S.SUBMITTED, S.APPROVED])),
            won_amount_sum=Sum("won_amount", filter=Q(status=S.WON)),
            won=Count("id", filter=Q(status=S.WON)),
            lost=Count("id", filter=Q(status=S.LOST)),
            submitted=Count("id", filter=Q(status=S.SUBMITTED)),
            total=Count("id"),
        )
    )
    open_pipeline: dict[str, Decimal] = {}
    won_revenue: dict[str, Decimal] = {}
    won = lost = submitted = total = 0
    for row in rows:
        if row["open"]:
            open_pipeline[row["currency"]] = row["open"]
        if row["won_amount_sum"]:
            won_revenue[row["currency"]] = row["won_amount_sum"]
        won, lost, submitted = won + row["won"], lost + row["lost"], submitted + row["submitted"]
        total += row["total"]
    return PartnerDealFigures(open_pipeline, won_revenue, won, lost, submitted, total)


def partner_registrations(*, actor: Actor, partner: Partner, limit: int = 20) -> list[DealRegistration]:
    """The partner's latest registrations (newest first) for its page."""
    return list(_base(actor).filter(partner_id=partner.pk).order_by("-created_at", "-id")[:limit])
