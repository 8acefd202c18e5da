"""The FilterSet of routing rule versions: the staff page, its export, `GET /api/leads/routing/versions`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListFilterSet, SearchFilter
from leads.models import RoutingRuleSet, RoutingStatus

SORTS = (("version", "version"), ("published_at", "published"), ("status", "status"))


class RoutingRuleSetFilterSet(ListFilterSet):
    q = SearchFilter(field_name="notes", lookup_expr="icontains", placeholder=_("Notes"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoutingStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = RoutingRuleSet
        fields: list[str] = []
