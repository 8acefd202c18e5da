"""The one FilterSet of the imports list: the page, the API and the export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListFilterSet, SearchFilter
from imports.models import ImportJob, ImportStatus


class ImportJobFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("File name"))
    kind = django_filters.CharFilter(label=_("Kind"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ImportStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("created_at", "created"), ("file_name", "file"), ("total_rows", "rows"))
    )

    class Meta:
        model = ImportJob
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(file_name__icontains=value)
