"""Reads of competing vendors and declarations, through `visible_to`: anyone reads the active vendors and
lines, staff every one; a partner user reads its own company's declarations (a distributor's, its
resellers' too, as every scoped row).

`competing_line_counts` and `competing_line_count` are what other apps count with (a tier criterion, the fit
score): set-based, for every partner at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from competition.filters import DeclarationFilterSet, VendorFilterSet
from competition.models import (
    CompetingDeclaration,
    CompetingLine,
    CompetingVendor,
    CompetitionDisclosure,
    family_model,
)
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404


def _lines(actor: Actor) -> QuerySet[CompetingLine]:
    """The lines the reader may see, each with the product families it competes with that the reader may
    see (a family of direct-only products is the vendor's)."""
    families = family_model().objects.visible_to(actor).order_by("name")
    return (
        CompetingLine.objects.visible_to(actor)
        .prefetch_related(Prefetch("families", queryset=families))
        .order_by("name")
    )


def vendor_list(*, actor: Actor) -> QuerySet[CompetingVendor]:
    lines = _lines(actor)
    return (
        CompetingVendor.objects.visible_to(actor)
        .prefetch_related(Prefetch("lines", queryset=lines))
        .annotate(
            partner_count=Coalesce(
                Subquery(
                    CompetingDeclaration.objects.filter(vendor=OuterRef("pk"))
                    .order_by()
                    .values("vendor")
                    .annotate(n=Count("partner", distinct=True))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )
    )


def vendor_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> VendorFilterSet:
    """The vendors list's bound FilterSet (page, export, API)."""
    return bind_filters(VendorFilterSet, data, queryset=vendor_list(actor=actor), strict=strict, actor=actor)


def vendor_get(*, actor: Actor, public_id: UUID | str) -> CompetingVendor:
    return get_visible_or_404(vendor_list(actor=actor), public_id=public_id)


def line_get(*, actor: Actor, public_id: UUID | str) -> CompetingLine:
    return get_visible_or_404(_lines(actor).select_related("vendor"), public_id=public_id)


def declaration_list(*, actor: Actor) -> QuerySet[CompetingDeclaration]:
    return CompetingDeclaration.objects.visible_to(actor).select_related("vendor", "line", "partner")


def declaration_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> DeclarationFilterSet:
    return bind_filters(
        DeclarationFilterSet, data, queryset=declaration_list(actor=actor), strict=strict, actor=actor
    )


def declaration_get(*, actor: Actor, public_id: UUID | str) -> CompetingDeclaration:
    return get_visible_or_404(declaration_list(actor=actor), public_id=public_id)


def declarations_of(*, actor: Actor, partner: Any) -> list[CompetingDeclaration]:
    """The partner's declarations the reader may see (none of another partner's)."""
    return list(declaration_list(actor=actor).filter(partner=partner))


def disclosure_of(*, actor: Actor, partner: Any) -> CompetitionDisclosure | None:
    return (
        CompetitionDisclosure.objects.visible_to(actor)
        .select_related("confirmed_by")
        .filter(partner=partner)
        .first()
    )


# --- what other apps count with -------------------------------------------------------------------------


def has_disclosed(partner_id: int) -> bool:
    """Whether the partner has confirmed its declaration of competing products (the rules may require it)."""
    return CompetitionDisclosure.objects.filter(partner_id=partner_id).exists()


def competing_line_count() -> Coalesce:
    """An expression for a queryset of partners: how many competing products each declares (a vendor's
    products in general count as one), 0 for none. `Partner.objects.annotate(n=competing_line_count())`."""
    counted = (
        CompetingDeclaration.objects.filter(partner=OuterRef("pk"))
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def competing_line_counts(partner_ids: Iterable[int] | None = None) -> dict[int, int]:
    """{partner id: number of competing products declared} for every partner that declares any (absent: 0),
    in one aggregate query; `partner_ids` narrows it."""
    rows = CompetingDeclaration.objects.order_by().values("partner_id")
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=list(partner_ids))
    return {row["partner_id"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def competing_lines(partner: Any) -> list[CompetingDeclaration]:
    """Everything the partner declares (no reader: for rules and criteria, not pages)."""
    return list(
        CompetingDeclaration.objects.filter(partner=partner)
        .select_related("vendor", "line")
        .order_by("vendor__name", "line__name", "pk")
    )


def competes_q(family_ids: Iterable[int]) -> Q:
    """The declarations that compete with products of these families: a declared line that competes with
    one of them, or a vendor declared as a whole that has such a line."""
    families = list(family_ids)
    line_competes = CompetingLine.families.through.objects.filter(
        productfamily_id__in=families, competingline_id=OuterRef("line_id")
    )
    vendor_competes = CompetingLine.objects.filter(vendor_id=OuterRef("vendor_id"), families__in=families)
    return Q(Exists(line_competes), line__isnull=False) | Q(Exists(vendor_competes), line__isnull=True)


def competitive_lines(partner_id: int, family_ids: Iterable[int]) -> list[str]:
    """What the partner declares that competes with products of these families, by name ("Fortinet
    FortiGate", "Fortinet (all products)"): why a registration for them is a competitive deal."""
    families = list(family_ids)
    if not families:
        return []
    found = (
        CompetingDeclaration.objects.filter(competes_q(families), partner_id=partner_id)
        .select_related("vendor", "line")
        .order_by("vendor__name", "line__name", "pk")
    )
    return [declaration.label for declaration in found]
