"""The one FilterSet of products: the staff catalogue, the partner catalogue, the API and the export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.models import ChannelEligibility, Product, ProductFamily
from core.listing import IdChoiceFilter, ListFilterSet, SearchFilter
from partners.models import Partner
from search.text import tolerant_search

# Partners see only what the channel may sell: the eligibility filter would say little.


class ProductFilterSet(ListFilterSet):
    staff_only = ("eligibility", "price_for")
    q = SearchFilter(method="search", placeholder=_("SKU, name, description"))
    family = IdChoiceFilter(label=_("Family"), field_name="family", empty_label=_("Any"))
    eligibility = django_filters.ChoiceFilter(
        label=_("Channel eligibility"),
        field_name="channel_eligibility",
        choices=ChannelEligibility.choices,
        empty_label=_("Any"),
    )
    # Not a filter: whose prices the list shows besides the list price (staff preview a partner's; a partner
    # user always sees its own).
    price_for = IdChoiceFilter(label=_("Prices for"), empty_label=_("List prices only"), method="keep_rows")
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("sku", "sku"), ("name", "name"), ("family__name", "family"), ("list_price", "price")),
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, families=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        self.form.fields["family"].queryset = (
            families if families is not None else ProductFamily.objects.none()
        )
        if "price_for" in self.form.fields:
            self.form.fields["price_for"].queryset = (
                partners if partners is not None else Partner.objects.none()
            )

    def keep_rows(self, queryset, name, value):
        return queryset

    def priced_for(self):
        """The partner whose prices are previewed (staff), or None."""
        if "price_for" not in self.form.fields or not self.is_bound or not self.form.is_valid():
            return None
        return self.form.cleaned_data.get("price_for")

    def search(self, queryset, name, value):
        # Every word must be found somewhere ("road 150" finds Road-150), typos and Cyrillic forgiven.
        return tolerant_search(queryset, value, fields=("sku", "name", "description"))


class FamilyFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Name, description"))
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=(("name", "name"),))

    class Meta:
        model = ProductFamily
        fields: list[str] = []

    def search(self, queryset, name, value):
        return tolerant_search(queryset, value, fields=("name", "description"))
