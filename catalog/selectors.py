"""Reads for the product catalogue. Staff see every product; partner users see the active products the
channel may sell (channel only, or channel and direct), and the families holding one: `partner_filter` on
the models. Direct-only products are the vendor's own business."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet

from catalog.filters import FamilyFilterSet, ProductFilterSet
from catalog.models import Product, ProductFamily
from catalog.pricing import Pricing, pricing_for
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from partners.choices import PartnerStatus
from partners.models import Partner

PRICED_STATUSES = (PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)


def products_visible(*, actor: Actor) -> QuerySet[Product]:
    return Product.objects.visible_to(actor)


def product_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ProductFilterSet:
    """The products list's bound FilterSet (`.qs` are the rows, `.form` the filter form)."""
    qs = products_visible(actor=actor).select_related("family")
    return bind_filters(
        ProductFilterSet,
        data,
        queryset=qs.order_by("family__name", "sku", "id"),
        strict=strict,
        actor=actor,
        families=family_list(actor=actor),
        partners=priced_partners(actor=actor) if actor.is_staff else None,
    )


def priced_partners(*, actor: Actor) -> QuerySet[Partner]:
    """The partners whose prices staff may preview: those that have joined the network."""
    return Partner.objects.visible_to(actor).filter(status__in=PRICED_STATUSES).order_by("name")


def pricing(*, actor: Actor, filters: ProductFilterSet | None = None) -> Pricing | None:
    """Whose prices a product list or page shows: a partner user's own company's; for staff, the partner
    chosen to preview (`price_for`), else none (list prices only)."""
    if actor.is_partner:
        return pricing_for(actor.partner)
    partner = filters.priced_for() if filters is not None else None
    return pricing_for(partner) if partner is not None else None


def product_get(*, actor: Actor, public_id: UUID | str) -> Product:
    return get_visible_or_404(products_visible(actor=actor).select_related("family"), public_id=public_id)


def family_list(*, actor: Actor) -> QuerySet[ProductFamily]:
    return ProductFamily.objects.visible_to(actor).order_by("name", "id")


def family_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> FamilyFilterSet:
    """The families list's bound FilterSet; staff rows carry `product_count`."""
    qs = family_list(actor=actor)
    if actor.is_staff:
        qs = qs.annotate(product_count=Count("products"))
    return bind_filters(FamilyFilterSet, data, queryset=qs, strict=strict)


def family_get(*, actor: Actor, public_id: UUID | str) -> ProductFamily:
    return get_visible_or_404(family_list(actor=actor), public_id=public_id)
