"""The one FilterSet of collateral templates: the staff list, the partners' page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from collateral.models import CollateralTemplate, TemplateStatus
from core.listing import ListFilterSet, SearchFilter
from search.text import tolerant_search


class TemplateFilterSet(ListFilterSet):
    staff_only = ("status",)  # partners see published templates only
    q = SearchFilter(method="search", placeholder=_("Title, description"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=TemplateStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("title_en", "title"), ("updated_at", "updated"))
    )

    class Meta:
        model = CollateralTemplate
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(
            queryset, value, fields=("title_en", "title_ru", "description_en", "description_ru")
        )
