"""The FilterSets of the direct-sales lists: the page, the API and the export use the same definition."""

from __future__ import annotations

from uuid import UUID

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing import IdChoiceFilter, ListFilterSet, SearchFilter
from core.schemas import IdOrNone
from direct.models import DealStage, DirectAccount, DirectDeal, Segment
from matching.normalize import tax_id_key
from partners.choices import Region
from search.text import tolerant_search


def _owner_filter():
    return IdChoiceFilter(
        label=_("Owner"),
        field_name="owner",
        empty_label=_("Anyone"),
        null_label=_("Unassigned"),
        null_value="none",
    )


def _set_owners(filterset, owners) -> None:
    field = filterset.form.fields["owner"]
    field.queryset = owners if owners is not None else _no_users()
    field.api_type = IdOrNone  # an id or "none": the API documents the pattern, not today's staff


def _no_users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.none()


class _ActiveFilter(django_filters.ChoiceFilter):
    """Active accounts unless asked otherwise: "" active, "no" inactive, "all" both."""

    def filter(self, qs, value):
        if value == "all":
            return qs
        return qs.filter(is_active=value != "no")


class AccountFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Name, domain, tax id"))
    segment = django_filters.ChoiceFilter(label=_("Segment"), choices=Segment.choices, empty_label=_("Any"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))
    owner = _owner_filter()
    named = django_filters.ChoiceFilter(
        label=_("Named account"),
        choices=[("yes", _("Named accounts")), ("no", _("Not named"))],
        empty_label=_("Any"),
        method="filter_named",
    )
    active = _ActiveFilter(
        label=_("Active"),
        choices=[("no", _("Inactive")), ("all", _("All"))],
        empty_label=_("Active"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("name", "name"), ("web_domain", "domain"), ("open_deals", "open_deals"))
    )

    class Meta:
        model = DirectAccount
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, owners=None, **kwargs):
        # Always bound: with no filters at all the list still shows active accounts only.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)
        _set_owners(self, owners)

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        # Typos and other scripts forgiven (search.text; the stored Latin name keys find Cyrillic names).
        exact = Q(tax_id_key__contains=key) if (key := tax_id_key(q)) else None
        fields = ("name", "legal_name", "name_key", "legal_name_key", "web_domain")
        return tolerant_search(queryset, q, fields=fields, exact=exact)

    def filter_named(self, queryset, name, value):
        return queryset.filter(is_named_account=value == "yes")


class DealFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Deal or account"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=DealStage.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("closed", _("Closed"))],
        empty_label=_("Any"),
        method="filter_status",
    )
    owner = _owner_filter()
    # Set by links from an account's page; not a control of its own.
    account = django_filters.UUIDFilter(
        label="", field_name="account__public_id", widget=django_filters.widgets.forms.HiddenInput
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("name", "name"),
            ("account__name", "account"),
            ("amount", "amount"),
            ("stage", "stage"),
            ("expected_close_date", "close"),
        ),
    )

    class Meta:
        model = DirectDeal
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, owners=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        _set_owners(self, owners)
        self.form.fields["account"].api_type = UUID

    def search(self, queryset, name, value):
        return tolerant_search(queryset, value, fields=("name", "account__name"))

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_open=value == "open")
