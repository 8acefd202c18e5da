"""The one FilterSet of rule set versions: the staff page, its export and `GET /api/engagement/versions`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListFilterSet, SearchFilter
from engagement.models import RuleSet, RuleSetStatus

SORTS = (("version", "version"), ("published_at", "published"), ("status", "status"))


class RuleSetFilterSet(ListFilterSet):
    q = SearchFilter(field_name="notes", lookup_expr="icontains", placeholder=_("Notes"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RuleSetStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = RuleSet
        fields: list[str] = []
