"""The offboardings list's one FilterSet: the page, its CSV/XLSX export and `GET /api/offboarding`. No status
means the wind-downs in progress; `all` means any."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.listing import ListFilterSet, SearchFilter
from offboarding.models import Offboarding, OffboardingStatus

ANY = "all"


class StatusOrAll(django_filters.ChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(choices=[*OffboardingStatus.choices, (ANY, _("Any status"))], **kwargs)

    def filter(self, qs, value):
        if value == ANY:
            return qs
        if value in EMPTY_VALUES:
            return qs.filter(status=OffboardingStatus.IN_PROGRESS)
        return super().filter(qs, value)


class OffboardingFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Partner"))
    status = StatusOrAll(label=_("Status"), empty_label=_("Winding down"))
    access_until = django_filters.DateFilter(
        label=_("Access ends by"),
        field_name="access_ends_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("access_ends_on", "access"), ("created_at", "started"), ("partner__name", "partner")),
    )

    class Meta:
        model = Offboarding
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, **kwargs):
        # Always bound, so the default (in progress) applies to a page opened without filters too.
        super().__init__(data if data is not None else {}, queryset=queryset, actor=actor, **kwargs)

    def filter_queryset(self, queryset):
        if "status" not in self.form.cleaned_data:
            queryset = self.filters["status"].filter(queryset, "")
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("access_ends_on", "id")
        return queryset

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(partner__name__icontains=q) if q else queryset
