"""The one FilterSet of products: the staff catalogue, the partner catalogue, the API and the export."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import ChannelEligibility, Product, ProductFamily
from core.listing import IdChoiceFilter, SearchFilter

# Partners see only what the channel may sell: the eligibility filter would say little.
STAFF_ONLY_FILTERS = ("eligibility",)


class ProductFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search", placeholder=_("SKU, name, description"))
    family = IdChoiceFilter(label=_("Family"), field_name="family", empty_label=_("Any"))
    eligibility = django_filters.ChoiceFilter(
        label=_("Channel eligibility"),
        field_name="channel_eligibility",
        choices=ChannelEligibility.choices,
        empty_label=_("Any"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("sku", "sku"), ("name", "name"), ("family__name", "family"), ("list_price", "price")),
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, families=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        if actor is not None and not actor.is_staff:
            for name in STAFF_ONLY_FILTERS:
                self.filters.pop(name, None)
                self.form.fields.pop(name, None)
        self.form.fields["family"].queryset = (
            families if families is not None else ProductFamily.objects.none()
        )

    def search(self, queryset, name, value):
        # Every word must match somewhere: "road 150" finds Road-150.
        for word in value.split():
            queryset = queryset.filter(
                Q(sku__icontains=word) | Q(name__icontains=word) | Q(description__icontains=word)
            )
        return queryset


class FamilyFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search", placeholder=_("Name, description"))
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=(("name", "name"),))

    class Meta:
        model = ProductFamily
        fields: list[str] = []

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(Q(name__icontains=q) | Q(description__icontains=q)) if q else queryset
