"""The library's lists, one FilterSet each (page, API, export): the assets, and the views and downloads."""

from __future__ import annotations

import django_filters
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from content.models import ActivityKind, Asset, AssetActivity, AssetKind, AssetStatus, Category
from content.searching import search_assets
from core.db import json_list_contains
from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter
from partners.models import Partner

RARE = 150  # matches, below which a search's results are sorted rather than read along the date index
YES_NO = (("yes", _("Yes")), ("no", _("No")))


class AssetFilterSet(ListFilterSet):
    staff_only = ("status",)
    q = SearchFilter(method="search", placeholder=_("Title, description, tag, product"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssetKind.choices, empty_label=_("Any"))
    category = IdChoiceFilter(label=_("Category"), field_name="category", empty_label=_("Any"))
    tag = django_filters.CharFilter(label=_("Tag"), method="by_tag", max_length=40)
    product = IdChoiceFilter(label=_("Product"), field_name="products", empty_label=_("Any"))
    new = django_filters.ChoiceFilter(
        label=_("New since your last visit"), choices=YES_NO, empty_label=_("Any"), method="by_new"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssetStatus.choices, empty_label=_("Any"))
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("title_en", "title"), ("freshened_at", "updated"), ("kind", "kind")),
    )

    class Meta:
        model = Asset
        fields: list[str] = []

    def __init__(
        self, data=None, queryset=None, *, actor=None, since=None, categories=None, products=None, **kw
    ):
        super().__init__(data, queryset=queryset, actor=actor, **kw)
        self.since = since
        self.form.fields["category"].queryset = (
            categories if categories is not None else Category.objects.none()
        )
        self.form.fields["product"].queryset = products if products is not None else Product.objects.none()

    def search(self, queryset, name, value):
        found = search_assets(queryset, value)
        # The newest first, either way. Words many assets hold: along the date index, which fills a page
        # after a few rows. A rarer word: its few matches sorted, as the date index would be walked through
        # the whole library looking for them. Which is which is read from the matches (at most RARE rows).
        # A chosen sort still applies after this.
        if found.order_by().values("pk")[:RARE].count() < RARE:
            return found.order_by(Coalesce("freshened_at", "created_at").desc(), "-id")
        return found

    def by_tag(self, queryset, name, value):
        return (
            queryset.filter(json_list_contains("tags", value.strip().casefold()))
            if value.strip()
            else queryset
        )

    def by_new(self, queryset, name, value):
        if self.since is None or not value:
            return queryset
        fresh = {"freshened_at__gt": self.since, "freshened_at__lte": timezone.now()}
        return queryset.filter(**fresh) if value == "yes" else queryset.exclude(**fresh)


class ActivityFilterSet(ListFilterSet):
    # The partner and asset lists are long (every partner, every asset): fetched when "More filters" opens.
    more_filters = ("partner", "asset")
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    asset = IdChoiceFilter(label=_("Asset"), field_name="asset", empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(
        label=_("Activity"), choices=ActivityKind.choices, empty_label=_("Any")
    )
    since = DayFilter(_("From"), "at", since=True)
    until = DayFilter(_("Until"), "at", since=False)

    class Meta:
        model = AssetActivity
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, **kw):
        super().__init__(data, queryset=queryset, actor=actor, **kw)
        if actor is None:  # the API schema's form: no choices to read
            partners, assets = Partner.objects.none(), Asset.objects.none()
        else:
            partners = Partner.objects.visible_to(actor).order_by("name")
            assets = Asset.objects.visible_to(actor).order_by("title_en")
        self.form.fields["partner"].queryset = partners
        self.form.fields["asset"].queryset = assets
