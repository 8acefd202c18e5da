"""The FilterSets of the accounts lists: a partner's team (page, export, API) and your API tokens."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Membership
from core.listing import ListFilterSet, SearchFilter
from core.roles import PartnerRole

MEMBER_STATES = (("active", _("active")), ("deactivated", _("deactivated")))
TOKEN_STATES = (("active", _("active")), ("expired", _("expired")), ("revoked", _("revoked")))


class MemberFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Name or email"))
    role = django_filters.ChoiceFilter(label=_("Role"), choices=PartnerRole.choices, empty_label=_("Any"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=MEMBER_STATES, empty_label=_("Any"), method="by_state"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("user__full_name", "name"), ("user__email", "email"), ("role", "role")),
    )

    class Meta:
        model = Membership
        fields: list[str] = []

    def search(self, queryset, name, value):
        # A team is short and its people are known by name and address: found as typed (the global search
        # forgives typos in people's names).
        q = value.strip()
        return (
            queryset.filter(Q(user__email__icontains=q) | Q(user__full_name__icontains=q)) if q else queryset
        )

    def by_state(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")


class TokenFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Token name"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=TOKEN_STATES, empty_label=_("Any"), method="by_state"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("created_at", "created"),
            ("name", "name"),
            ("expires_at", "expires"),
            ("last_used_at", "last_used"),
        ),
    )

    class Meta:
        model = ApiToken
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip()) if value.strip() else queryset

    def by_state(self, queryset, name, value):
        now = timezone.now()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
