"""Reads for the product catalogue. Staff see every product; partner users see the active products the
channel may sell (channel only, or channel and direct), and the families holding one: `partner_filter` on
the models. Direct-only products are the vendor's own business."""

from dataclasses import dataclass

from django.db.models import Q

from catalog.models import Product, ProductFamily
from core.scoping import get_visible_or_404


@dataclass(frozen=True)
class ProductFilter:
    q: str = ""
    family: str = ""  # family public id
    eligibility: str = ""


def products_visible(*, actor):
    return Product.objects.visible_to(actor)


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
    return ProductFamily.objects.visible_to(actor).order_by("name", "id")


def family_get(*, actor, public_id) -> ProductFamily:
    return get_visible_or_404(family_list(actor=actor), public_id=public_id)
