"""The FilterSets of recognition: the awards (staff) and the grants (staff: every partner's; a partner user:
its own company's live badges). Each list's page, its CSV/XLSX export and its API operation share one."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing import IdChoiceFilter, ListFilterSet, SearchFilter
from recognition.models import Award, AwardGrant, AwardRule

ANY = _("Any")


class AwardFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Name"))
    rule = django_filters.ChoiceFilter(
        label=_("How it is granted"), choices=AwardRule.choices, empty_label=ANY
    )
    active = django_filters.ChoiceFilter(
        label=_("Given"),
        choices=[("yes", _("Still given")), ("no", _("No longer given"))],
        method="filter_active",
        empty_label=ANY,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("name_en", "name"), ("created_at", "created"), ("grant_count", "grants"))
    )

    class Meta:
        model = Award
        fields: list[str] = []

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(Q(name_en__icontains=q) | Q(name_ru__icontains=q))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes") if value else queryset


class GrantFilterSet(ListFilterSet):
    # Partner users read their own company's live badges: who else holds one, and revocations, are the
    # vendor's.
    staff_only = ("partner", "award", "state", "automatic")
    q = SearchFilter(method="search", placeholder=_("Award, partner, citation"))
    award = IdChoiceFilter(label=_("Award"), field_name="award", empty_label=ANY)
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=ANY)
    period = django_filters.CharFilter(label=_("Period"), field_name="period", max_length=12)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("live", _("Held")), ("revoked", _("Revoked"))],
        method="filter_state",
        empty_label=ANY,
    )
    automatic = django_filters.ChoiceFilter(
        label=_("Granted"),
        choices=[("yes", _("By its rule")), ("no", _("By hand"))],
        method="filter_automatic",
        empty_label=ANY,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("granted_at", "granted"), ("partner__name", "partner"), ("award__name_en", "award")),
    )

    class Meta:
        model = AwardGrant
        fields: list[str] = []

    def __init__(self, *args: Any, awards: Any = None, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "award" in self.form.fields:
            self.form.fields["award"].queryset = awards if awards is not None else Award.objects.none()  # type: ignore[attr-defined]
        if "partner" in self.form.fields:
            from partners.models import Partner

            self.form.fields["partner"].queryset = (  # type: ignore[attr-defined]
                partners if partners is not None else Partner.objects.none()
            )

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(award__name_en__icontains=q)
            | Q(award__name_ru__icontains=q)
            | Q(partner__name__icontains=q)
            | Q(citation_en__icontains=q)
            | Q(citation_ru__icontains=q)
        )

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(revoked_at__isnull=value == "live")

    def filter_automatic(self, queryset, name, value):
        return queryset.filter(automatic=value == "yes") if value else queryset
