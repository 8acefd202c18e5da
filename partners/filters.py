"""The one FilterSet of partners: the staff directory, its exports and `GET /api/partners`."""

from __future__ import annotations

from collections.abc import Mapping

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.conditions import filters_q
from core.listing import ListFilterSet, SearchFilter, SelectedFilter
from core.schemas import IdOrNone
from partners.choices import PartnerStatus, PartnerType, Region, Tier, Vertical
from partners.errors import PartnerErrorCode
from partners.models import Partner
from partners.querysets import vertical_q
from search.text import tolerant_search

SEARCH_FIELDS = ("name", "legal_name", "web_domain", "tax_id", "city")

# sort key -> ordering (a leading "-" reverses every part); "created" lists the newest first.
SORTS = {
    "name": ("name",),
    "status": ("status", "name"),
    "tier": ("tier", "name"),
    "region": ("region", "name"),
    "country": ("country", "name"),
    "created": ("-created_at",),
}
SORT_LABELS = {
    "name": _("Name A–Z"),
    "-name": _("Name Z–A"),
    "status": _("Status"),
    "tier": _("Tier"),
    "region": _("Region"),
    "country": _("Country"),
    "created": _("Newest"),
}
UNASSIGNED = "none"


def _reverse(part: str) -> str:
    return part[1:] if part.startswith("-") else f"-{part}"


class PartnerOrdering(django_filters.OrderingFilter):
    """`sort`: a key of SORTS, or "-key" for the reverse; ties fall back to the name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fields", {key: key for key in SORTS})
        kwargs.setdefault("field_labels", SORT_LABELS)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        order: list[str] = []
        for param in value:
            key = param.lstrip("-")
            parts = SORTS[key]
            order += [_reverse(p) for p in parts] if param.startswith("-") else list(parts)
        return qs.order_by(*order, "id")


class ManagerField(django_filters.fields.ChoiceField):
    """The account manager filter: an id that is not one of the managers is a business refusal (the API says
    `unknown_manager`), not a broken schema: the schema can only say "an id"."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as exc:
            raise ValidationError(
                _("No account manager with this id."), code=PartnerErrorCode.UNKNOWN_MANAGER
            ) from exc


class ManagerFilter(django_filters.ChoiceFilter):
    field_class = ManagerField


class PartnerFilterSet(ListFilterSet):
    staff_only = ("cam",)
    q = SearchFilter(method="search", placeholder=_("Name, domain, tax id, city"))
    id = SelectedFilter()  # the rows chosen on the page ("Export selected"), by public id
    partner_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=PartnerType.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PartnerStatus.choices, empty_label=_("Any")
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices, empty_label=_("Any"))
    vertical = django_filters.ChoiceFilter(
        label=_("Vertical"), choices=Vertical.choices, empty_label=_("Any"), method="by_vertical"
    )
    cam = ManagerFilter(label=_("Account manager"), choices=(), empty_label=_("Anyone"), method="by_cam")
    sort = PartnerOrdering(label=_("Sort"), empty_label=_("My partners first"))

    class Meta:
        model = Partner
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, cams=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        if "cam" in self.form.fields:
            field = self.form.fields["cam"]
            field.choices = [
                ("", _("Anyone")),
                (UNASSIGNED, _("Unassigned")),
                *((str(u.public_id), u.display_name) for u in (cams or ())),
            ]
            field.api_type = IdOrNone  # documented as an id or "none"; unknown ids are refused

    def search(self, queryset, name, value):
        # Typos and Cyrillic spellings forgiven (search.text); every word must still be found.
        return tolerant_search(queryset, value, fields=SEARCH_FIELDS)

    def by_vertical(self, queryset, name, value):
        return queryset.filter(vertical_q(value))

    def by_cam(self, queryset, name, value):
        return queryset.filter(cam_q(value))


def cam_q(value: str) -> Q:
    """The partners an account manager (public id) holds, or the unassigned ones."""
    return Q(cam__isnull=True) if value == UNASSIGNED else Q(cam__public_id=value)


def directory_q(filters: Mapping[str, str]) -> Q:
    """The directory's rows for these filters (a home card's figure, its link) as one Q (core.conditions)."""
    return filters_q(PartnerFilterSet, filters, conditions={"by_vertical": vertical_q, "by_cam": cam_q})
