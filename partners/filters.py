"""The one FilterSet of partners: the staff directory, its exports and `GET /api/partners`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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
    staff_only: tuple[str, ...] = ("cam",)
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
        for name, added in DIRECTORY_FILTERS.items():
            if name in self.form.fields:
                added_field = self.form.fields[name]
                added_field.choices = added.choices  # a callable: read when the control is drawn or checked
                added_field.api_type = added.api_type
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

    def by_added(self, queryset, name, value):
        return queryset.filter(DIRECTORY_FILTERS[name].condition(value))


def cam_q(value: str) -> Q:
    """The partners an account manager (public id) holds, or the unassigned ones."""
    return Q(cam__isnull=True) if value == UNASSIGNED else Q(cam__public_id=value)


def directory_q(filters: Mapping[str, str]) -> Q:
    """The directory's rows for these filters (a home card's figure, its link) as one Q (core.conditions)."""
    own = {name: value for name, value in filters.items() if name not in DIRECTORY_FILTERS}
    condition = filters_q(PartnerFilterSet, own, conditions={"by_vertical": vertical_q, "by_cam": cam_q})
    for name, value in filters.items():
        if name in DIRECTORY_FILTERS and value:
            condition &= DIRECTORY_FILTERS[name].condition(value)
    return condition


# --- filters other apps add ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilter:
    """A staff-only filter a higher app adds to the directory (its page, export and `GET /api/partners`), such
    as competition's "sells a competing vendor". `condition(value)` is the Q of the partners a value keeps
    (the list and `directory_q` both apply it), `choices()` its options (read when the control is drawn or a
    value checked), `api_type` how the API documents the value."""

    name: str
    label: Any
    empty_label: Any
    choices: Callable[[], list[tuple[str, Any]]]
    condition: Callable[[str], Q]
    api_type: Any = str


DIRECTORY_FILTERS: dict[str, DirectoryFilter] = {}


class AddedField(django_filters.fields.ChoiceField):
    """An added filter's value. Its choices are rows (competing vendors), which the schema can only describe
    (`api_type`), so a value that names none of them is "unknown_id", as an unknown id anywhere else."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                raise ValidationError(exc.messages[0], code="unknown_id") from exc
            raise


class AddedFilter(django_filters.ChoiceFilter):
    field_class = AddedField


def register_directory_filter(added: DirectoryFilter) -> None:
    """Add a filter to the directory; called from the app's `ready()`, before any list is built."""
    declared = PartnerFilterSet.base_filters  # type: ignore[attr-defined]
    if added.name in declared and added.name not in DIRECTORY_FILTERS:
        raise ValueError(f"The directory already has a filter named {added.name!r}")
    control = AddedFilter(label=added.label, choices=(), empty_label=added.empty_label, method="by_added")
    control.field_name = added.name
    DIRECTORY_FILTERS[added.name] = added
    # Before the sort, which stays the last control.
    sort = declared.pop("sort")
    declared[added.name] = control
    declared["sort"] = sort
    if added.name not in PartnerFilterSet.staff_only:
        PartnerFilterSet.staff_only = (*PartnerFilterSet.staff_only, added.name)
