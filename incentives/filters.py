"""The FilterSets of incentives (programs, targets, earnings, disputes): each list's page, API and export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter
from core.money import Currency
from incentives.models import (
    Dispute,
    DisputeKind,
    DisputeStatus,
    IncentiveProgram,
    ProgramKind,
    ProgramStatus,
    Target,
)
from ledger.models import LedgerEntry, TransactionKind

EARNING_KINDS = [
    (kind, label)
    for kind, label in TransactionKind.choices
    if kind
    in (TransactionKind.ACCRUAL, TransactionKind.CLAWBACK, TransactionKind.ADJUSTMENT, TransactionKind.PAYOUT)
]


def _choose(filterset: ListFilterSet, name: str, queryset: Any) -> None:
    if name in filterset.form.fields and queryset is not None:
        filterset.form.fields[name].queryset = queryset


class ProgramFilterSet(ListFilterSet):
    staff_only = ("status",)
    q = SearchFilter(method="search", placeholder=_("Name"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProgramKind.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProgramStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("name_en", "name"), ("starts_on", "starts"), ("created_at", "created"))
    )

    class Meta:
        model = IncentiveProgram
        fields: list[str] = []

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(Q(name_en__icontains=q) | Q(name_ru__icontains=q)) if q else queryset


class TargetFilterSet(ListFilterSet):
    program = IdChoiceFilter(label=_("Program"), field_name="program", empty_label=_("Any"))
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    period = django_filters.CharFilter(label=_("Period"), max_length=12, method="filter_period")
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("period", "period"), ("partner__name", "partner"), ("amount", "amount"))
    )

    class Meta:
        model = Target
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, programs=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _choose(self, "program", programs)
        _choose(self, "partner", partners)

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=value.strip().upper()) if value.strip() else queryset


class EarningFilterSet(ListFilterSet):
    """Entries on earnings payable: what was earned, clawed back, adjusted and paid."""

    staff_only = ("partner",)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="transaction__kind", choices=EARNING_KINDS, empty_label=_("Any")
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    booked_from = DayFilter(_("From"), "booked_at", since=True)
    booked_to = DayFilter(_("Until"), "booked_at", since=False)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("booked_at", "booked"), ("amount", "amount"), ("partner__name", "partner"))
    )

    class Meta:
        model = LedgerEntry
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _choose(self, "partner", partners)


class DisputeFilterSet(ListFilterSet):
    staff_only = ("partner",)
    q = SearchFilter(method="search", placeholder=_("Customer"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DisputeStatus.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DisputeKind.choices, empty_label=_("Any"))
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("created_at", "raised"), ("partner__name", "partner"), ("status", "status"))
    )

    class Meta:
        model = Dispute
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _choose(self, "partner", partners)

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(registration__customer_name__icontains=q) if q else queryset
