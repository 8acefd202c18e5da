"""The FilterSets of the learning lists: courses (staff and partner catalogue, API) and certification
awards (staff list, partner team, API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.listing import ListFilterSet, SearchFilter
from learning.models import CertificationAward, Course, CourseStatus, Enrollment, EnrollmentState
from search.text import tolerant_search


class CourseFilterSet(ListFilterSet):
    staff_only = ("status",)
    q = SearchFilter(method="search", placeholder=_("Title, description"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=CourseStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("title_en", "title"), ("updated_at", "updated"))
    )

    class Meta:
        model = Course
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(
            queryset, value, fields=("title_en", "title_ru", "description_en", "description_ru")
        )


AWARD_STATES = (
    ("valid", _("Valid")),
    ("expiring", _("Expires within 60 days")),
    ("expired", _("Expired")),
    ("revoked", _("Revoked")),
)


class AwardFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Person, partner, certification"))
    state = django_filters.ChoiceFilter(
        label=_("State"), method="filter_state", choices=AWARD_STATES, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("awarded_at", "awarded"), ("expires_at", "expires"), ("user__email", "person")),
    )

    class Meta:
        model = CertificationAward
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(
            queryset,
            value,
            fields=("user__full_name", "user__email", "partner__name", "certification__title_en"),
        )

    def filter_state(self, queryset, name, value):
        from datetime import timedelta

        now = timezone.now()
        live = Q(revoked_at__isnull=True)
        if value == "valid":
            return queryset.filter(live & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))
        if value == "expiring":
            return queryset.filter(live, expires_at__gt=now, expires_at__lte=now + timedelta(days=60))
        if value == "expired":
            return queryset.filter(live, expires_at__lte=now)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class ProgressFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Person, partner, course"))
    state = django_filters.ChoiceFilter(
        label=_("State"), field_name="state", choices=EnrollmentState.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("updated_at", "updated"), ("user__email", "person"), ("course__title_en", "course")),
    )

    class Meta:
        model = Enrollment
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(
            queryset, value, fields=("user__full_name", "user__email", "partner__name", "course__title_en")
        )
