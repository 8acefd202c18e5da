"""Reads for the product catalogue. Staff see every product; partner users see the active products the
channel may sell (channel only, or channel and direct). Direct-only products are the vendor's own business."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from catalog.models import CHANNEL_SELLABLE, Product, ProductFamily
from core.scoping import get_visible_or_404


@dataclass(frozen=True)
class ProductFilter:
    q: str = ""
    family: str = ""  # family public id
    eligibility: str = ""


def _channel_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}channel_eligibility__in": CHANNEL_SELLABLE})


def products_visible(*, actor):
    qs = Product.objects.visible_to(actor)
    if not actor.is_staff:
        qs = qs.filter(_channel_q())
    return qs


def product_list(*, actor, filters: ProductFilter):
    qs = products_visible(actor=actor).select_related("family")
    for word in filters.q.split():
        qs = qs.filter(Q(sku__icontains=word) | Q(name__icontains=word) | Q(description__icontains=word))
    if filters.family:
        qs = qs.filter(family__public_id=filters.family)
    if filters.eligibility:
        qs = qs.filter(channel_eligibility=filters.eligibility)
    return qs.order_by("family__name", "sku", "id")


def product_get(*, actor, public_id) -> Product:
    return get_visible_or_404(products_visible(actor=actor).select_related("family"), public_id=public_id)


def family_list(*, actor):
    qs = ProductFamily.objects.visible_to(actor)
    if not actor.is_staff:
        qs = qs.filter(Exists(Product.objects.filter(_channel_q(), family=OuterRef("pk"))))
    return qs.order_by("name", "id")


def family_get(*, actor, public_id) -> ProductFamily:
    return get_visible_or_404(family_list(actor=actor), public_id=public_id)
