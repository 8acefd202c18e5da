"""The one FilterSet of announcements: the staff list, the partner list, the API and the export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, AnnouncementKind, AnnouncementStatus
from core.listing import ListFilterSet, SearchFilter
from search.text import tolerant_search


class AnnouncementFilterSet(ListFilterSet):
    # Partners read only published announcements: the status would say nothing to them.
    staff_only = ("status",)
    q = SearchFilter(method="search", placeholder=_("Title, text"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AnnouncementKind.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AnnouncementStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("publish_at", "published"), ("title_en", "title"), ("created_at", "created")),
    )

    class Meta:
        model = Announcement
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(queryset, value, fields=("title_en", "title_ru", "body_en", "body_ru"))
