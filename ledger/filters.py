"""The FilterSets of the money pages (balances, transactions, exchange rates, payout batches): the page, the
API and the export share them."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter
from core.money import Currency
from ledger.models import (
    ExchangeRate,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    PayoutBatch,
    PayoutStatus,
    TransactionKind,
)


def _set_partners(filterset, partners) -> None:
    if "partner" in filterset.form.fields:
        from django.apps import apps

        filterset.form.fields["partner"].queryset = (
            partners if partners is not None else apps.get_model("partners.Partner").objects.none()
        )


class BalanceFilterSet(ListFilterSet):
    """Balances per partner and currency (rows of ledger entries grouped by the selector)."""

    staff_only = ("q", "partner")
    q = SearchFilter(field_name="partner__name", lookup_expr="icontains", placeholder=_("Partner"))
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("partner__name", "partner"),
            ("currency", "currency"),
            ("available", "available"),
            ("mdf_payable", "mdf_payable"),
            ("earnings_payable", "earnings_payable"),
            ("paid", "paid"),
        ),
    )

    class Meta:
        model = LedgerEntry
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _set_partners(self, partners)


class TransactionFilterSet(ListFilterSet):
    staff_only = ("partner",)
    more_filters = ("account", "source", "booked_from", "booked_to")
    q = SearchFilter(method="search", placeholder=_("Description, key"))
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TransactionKind.choices, empty_label=_("Any"))
    account = django_filters.ChoiceFilter(
        label=_("Account"), choices=LedgerAccount.choices, method="filter_account", empty_label=_("Any")
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, method="filter_currency", empty_label=_("Any")
    )
    source = django_filters.CharFilter(
        label=_("Source"),
        field_name="source_type",
        max_length=40,
        help_text=_("What booked it, such as funds.claim"),
    )
    booked_from = DayFilter(_("From"), "booked_at", since=True)
    booked_to = DayFilter(_("Until"), "booked_at", since=False)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("booked_at", "booked"), ("partner__name", "partner"), ("kind", "kind"))
    )

    class Meta:
        model = LedgerTransaction
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        self.actor = actor
        _set_partners(self, partners)

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(Q(description__icontains=q) | Q(key__icontains=q))

    def _with_leg(self, queryset, **lookup):
        # Only the legs the reader may read: a sales rep's filter says nothing about the company's other legs.
        legs = LedgerEntry.objects.visible_to(self.actor) if self.actor is not None else LedgerEntry.objects
        return queryset.filter(Exists(legs.filter(transaction=OuterRef("pk"), **lookup)))

    def filter_account(self, queryset, name, value):
        return self._with_leg(queryset, account=value) if value else queryset

    def filter_currency(self, queryset, name, value):
        return self._with_leg(queryset, currency=value) if value else queryset


class RateFilterSet(ListFilterSet):
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, method="filter_currency", empty_label=_("Any")
    )
    quote_currency = django_filters.ChoiceFilter(
        label=_("In currency"), choices=Currency.choices, empty_label=_("Any")
    )
    valid_from = django_filters.DateFilter(
        label=_("Valid from"),
        field_name="valid_from",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    valid_to = django_filters.DateFilter(
        label=_("Until"),
        field_name="valid_from",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("valid_from", "valid_from"), ("currency", "currency"), ("quote_currency", "quote_currency")),
    )

    class Meta:
        model = ExchangeRate
        fields: list[str] = []

    def filter_currency(self, queryset, name, value):
        """A rate of the currency either way round (EUR finds 1 EUR = 1.08 USD and 1 USD = 0.92 EUR)."""
        return queryset.filter(Q(currency=value) | Q(quote_currency=value)) if value else queryset


class BatchFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PayoutStatus.choices, empty_label=_("Any")
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    created_from = DayFilter(_("Created from"), "created_at", since=True)
    created_to = DayFilter(_("Until"), "created_at", since=False)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("number", "number"), ("total", "total"), ("created_at", "created"))
    )

    class Meta:
        model = PayoutBatch
        fields: list[str] = []
