"""The one FilterSet of campaign kits: the staff list, the partner's list, the API and the export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignKit, KitStatus
from core.listing import ListFilterSet, SearchFilter
from search.text import tolerant_search


class KitFilterSet(ListFilterSet):
    staff_only = ("status",)  # partners read published kits only
    q = SearchFilter(method="search", placeholder=_("Title, description"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=KitStatus.choices, empty_label=_("Any"))
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("title_en", "title"), ("published_at", "published"), ("created_at", "created")),
    )

    class Meta:
        model = CampaignKit
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(
            queryset, value, fields=("title_en", "title_ru", "description_en", "description_ru")
        )
