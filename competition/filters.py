"""The FilterSets of competing vendors (the staff list, its export, `GET /api/competition/vendors`) and of
declarations (`GET /api/competition/declarations`), and the partner directory's "sells a competitor" filter
(registered with `partners.filters.register_directory_filter`)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor
from core.listing import ListFilterSet, SearchFilter
from core.schemas import UUID_PATTERN
from search.text import tolerant_search

ANY, NONE = "any", "none"
CompetitorValue = Annotated[
    str,
    Field(
        pattern=f"^(|{ANY}|{NONE}|{UUID_PATTERN})$",
        description='A competing vendor\'s id, "any" (declares a competing product) or "none"',
    ),
]


class _ActiveFilter(django_filters.ChoiceFilter):
    """Active vendors unless asked otherwise: "" active, "no" inactive, "all" both."""

    def filter(self, qs, value):
        if value == "all":
            return qs
        return qs.filter(is_active=value != "no")


class VendorFilterSet(ListFilterSet):
    staff_only = ("active",)
    q = SearchFilter(method="search", placeholder=_("Vendor or product line"))
    active = _ActiveFilter(
        label=_("Active"), choices=[("no", _("Inactive")), ("all", _("All"))], empty_label=_("Active")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("name", "name"), ("partner_count", "partners"))
    )

    class Meta:
        model = CompetingVendor
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # Always bound: with no filters at all the list still shows the active vendors only.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)

    def search(self, queryset, name, value):
        # By the vendor's name or an active line's, without joining the lines (a vendor is listed once).
        vendors = tolerant_search(CompetingVendor.objects.all(), value, fields=("name",)).values("pk")
        lines = CompetingLine.objects.filter(is_active=True)
        by_line = tolerant_search(lines, value, fields=("name",)).values("vendor_id")
        return queryset.filter(Q(pk__in=vendors) | Q(pk__in=by_line))


class DeclarationFilterSet(ListFilterSet):
    staff_only = ("partner",)
    partner = django_filters.UUIDFilter(label=_("Partner"), field_name="partner__public_id")
    vendor = django_filters.UUIDFilter(label=_("Vendor"), field_name="vendor__public_id")
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("partner__name", "partner"), ("vendor__name", "vendor"), ("created_at", "created")),
    )

    class Meta:
        model = CompetingDeclaration
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        for name in ("partner", "vendor"):
            if name in self.form.fields:
                self.form.fields[name].api_type = UUID


# --- the partner directory's filter ------------------------------------------------------------------------


def competitor_q(value: str) -> Q:
    """The partners that declare this competing vendor (its public id), any competing product ("any"), or
    none ("none")."""
    declared = CompetingDeclaration.objects.filter(partner=OuterRef("pk"))
    if value == NONE:
        return ~Q(Exists(declared))
    if value != ANY:
        declared = declared.filter(vendor__public_id=value)
    return Q(Exists(declared))


def competitor_choices() -> list[tuple[str, Any]]:
    vendors = CompetingVendor.objects.order_by("name").values_list("public_id", "name")
    return [
        ("", _("Any or none")),
        (ANY, _("Sells a competing product")),
        (NONE, _("Declares none")),
        *((str(public_id), name) for public_id, name in vendors),
    ]


def register_directory_filters() -> None:
    from partners.filters import DirectoryFilter, register_directory_filter

    register_directory_filter(
        DirectoryFilter(
            name="competitor",
            label=_("Competing vendor"),
            empty_label=_("Any or none"),
            choices=competitor_choices,
            condition=competitor_q,
            api_type=CompetitorValue,
        )
    )
