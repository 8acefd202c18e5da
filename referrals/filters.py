"""The FilterSets of referrals (links, attributions): the page, the API and the export share them."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter
from referrals.models import Attribution, AttributionSource, AttributionStatus, ExclusionReason, ReferralLink


def _set_partners(filterset, partners) -> None:
    if "partner" in filterset.form.fields:
        from django.apps import apps

        filterset.form.fields["partner"].queryset = (
            partners if partners is not None else apps.get_model("partners.Partner").objects.none()
        )


class LinkFilterSet(ListFilterSet):
    staff_only = ("partner",)
    q = SearchFilter(method="search", placeholder=_("Name, code, destination, campaign"))
    active = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("yes", _("Active")), ("no", _("Switched off"))],
        method="filter_active",
        empty_label=_("Any"),
    )
    mine = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=[("yes", _("My own links")), ("company", _("The company's links"))],
        method="filter_mine",
        empty_label=_("Any"),
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    created_from = DayFilter(_("Created from"), "created_at", since=True)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("created_at", "created"), ("name", "name"), ("partner__name", "partner"))
    )

    class Meta:
        model = ReferralLink
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        self.actor = actor
        _set_partners(self, partners)

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(name__icontains=q) | Q(code=q) | Q(destination__icontains=q) | Q(utm_campaign__icontains=q)
        )

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value else queryset

    def filter_mine(self, queryset, name, value):
        user = getattr(self.actor, "user", None)
        if value == "yes":
            return queryset.filter(owner=user) if user else queryset.none()
        if value == "company":
            return queryset.filter(owner__isnull=True)
        return queryset


class AttributionFilterSet(ListFilterSet):
    staff_only = ("partner",)
    more_filters = ("reason", "source", "created_from", "created_to")
    q = SearchFilter(method="search", placeholder=_("Company, link"))
    status = django_filters.ChoiceFilter(
        label=_("Credit"), choices=AttributionStatus.choices, empty_label=_("Any")
    )
    reason = django_filters.ChoiceFilter(
        label=_("Not credited because"), choices=ExclusionReason.choices, empty_label=_("Any")
    )
    source = django_filters.ChoiceFilter(
        label=_("Through"), choices=AttributionSource.choices, empty_label=_("Any")
    )
    converted = django_filters.ChoiceFilter(
        label=_("Converted"),
        choices=[("yes", _("Converted into a registration")), ("no", _("Not converted"))],
        method="filter_converted",
        empty_label=_("Any"),
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    created_from = DayFilter(_("From"), "created_at", since=True)
    created_to = DayFilter(_("Until"), "created_at", since=False)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("created_at", "created"), ("partner__name", "partner"))
    )

    class Meta:
        model = Attribution
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _set_partners(self, partners)

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(Q(lead__company_name__icontains=q) | Q(link__name__icontains=q))

    def filter_converted(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(lead__registration__isnull=value == "no")
