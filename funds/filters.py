"""The FilterSets of market development funds (budgets, allocations, requests, claims): each list's page, its
CSV/XLSX export and its API operation share one."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.listing import IdChoiceFilter, ListFilterSet, SearchFilter
from core.money import Currency
from funds.inputs import PeriodField
from funds.models import (
    ActivityType,
    AllocationBasis,
    ClaimDuplicate,
    ClaimStatus,
    FundAllocation,
    FundBudget,
    FundClaim,
    FundRequest,
    RequestStatus,
)
from partners.choices import Tier

ANY = _("Any")


class PeriodFilter(django_filters.CharFilter):
    """A fiscal period by its code (FY2026-Q3); a select of the periods the reader has funds in."""

    field_class = PeriodField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Period"))
        super().__init__(*args, **kwargs)


def _period_choices(filterset: ListFilterSet, periods: list[tuple[str, str]] | None) -> None:
    if periods is not None and "period" in filterset.form.fields:
        filterset.form.fields["period"].set_choices([("", ANY), *periods])  # type: ignore[attr-defined]


def _partner_choices(filterset: ListFilterSet, partners: Any) -> None:
    if "partner" in filterset.form.fields:
        from partners.models import Partner

        filterset.form.fields["partner"].queryset = (  # type: ignore[attr-defined]
            partners if partners is not None else Partner.objects.none()
        )


class _FundsFilterSet(ListFilterSet):
    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, periods=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        _partner_choices(self, partners)
        _period_choices(self, periods)


class BudgetFilterSet(_FundsFilterSet):
    period = PeriodFilter(field_name="period")
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=Currency.choices, empty_label=ANY)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            ("open", pgettext_lazy("fund budget", "Open")),
            ("closed", _("Closed: unused funds expired")),
        ],
        method="filter_state",
        empty_label=ANY,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("starts_on", "period"), ("amount", "amount"), ("currency", "currency"))
    )

    class Meta:
        model = FundBudget
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(closed_at__isnull=value == "open")


class AllocationFilterSet(_FundsFilterSet):
    staff_only = ("partner", "tier", "budget")
    q = SearchFilter(method="search", placeholder=_("Partner"))
    period = PeriodFilter(field_name="budget__period")
    basis = django_filters.ChoiceFilter(label=_("Basis"), choices=AllocationBasis.choices, empty_label=ANY)
    tier = django_filters.ChoiceFilter(label=_("Given to the tier"), choices=Tier.choices, empty_label=ANY)
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=ANY)
    budget = IdChoiceFilter(label=_("Budget"), field_name="budget", empty_label=ANY)
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("created_at", "created"), ("partner__name", "partner"), ("allocated", "allocated")),
    )

    class Meta:
        model = FundAllocation
        fields: list[str] = []

    def __init__(self, *args, budgets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "budget" in self.form.fields:
            self.form.fields["budget"].queryset = (
                budgets if budgets is not None else FundBudget.objects.none()
            )  # type: ignore[attr-defined]
            self.form.fields["budget"].widget = django_filters.widgets.forms.HiddenInput()

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(partner__name__icontains=q) if q else queryset


REQUEST_PHASES = [("open", _("Awaiting a decision")), ("funded", _("Approved or claimed"))]


class RequestFilterSet(_FundsFilterSet):
    staff_only = ("partner",)
    more_filters = ("activity_type", "starts_from", "starts_to")
    q = SearchFilter(method="search", placeholder=_("Title, code, partner"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*REQUEST_PHASES, *RequestStatus.choices],
        method="filter_status",
        empty_label=ANY,
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=ANY)
    period = PeriodFilter(field_name="budget__period")
    activity_type = django_filters.ChoiceFilter(
        label=pgettext_lazy("fund", "Activity"), choices=ActivityType.choices, empty_label=ANY
    )
    starts_from = django_filters.DateFilter(
        label=_("Starts from"),
        field_name="starts_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    starts_to = django_filters.DateFilter(
        label=_("Starts until"),
        field_name="starts_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("created_at", "created"),
            ("starts_on", "starts"),
            ("amount", "amount"),
            ("partner__name", "partner"),
        ),
    )

    class Meta:
        model = FundRequest
        fields: list[str] = []

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        found = Q(title__icontains=q) | Q(code__iexact=q)
        if self.actor_is_staff:
            found |= Q(partner__name__icontains=q)
        return queryset.filter(found)

    @property
    def actor_is_staff(self) -> bool:
        return "partner" in self.form.fields

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.AWAITING_CHIEF])
        if value == "funded":
            return queryset.filter(status__in=[RequestStatus.APPROVED, RequestStatus.CLAIMED])
        return queryset.filter(status=value) if value else queryset


class ClaimFilterSet(_FundsFilterSet):
    staff_only = ("partner", "flagged")
    more_filters = ("activity_type",)
    q = SearchFilter(method="search", placeholder=_("Activity, code, invoice number"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Awaiting a decision")), *ClaimStatus.choices],
        method="filter_status",
        empty_label=ANY,
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=ANY)
    period = PeriodFilter(field_name="request__budget__period")
    activity_type = django_filters.ChoiceFilter(
        label=pgettext_lazy("fund", "Activity"),
        field_name="request__activity_type",
        choices=ActivityType.choices,
        empty_label=ANY,
    )
    flagged = django_filters.ChoiceFilter(
        label=_("Possible duplicates"),
        choices=[("yes", _("Flagged")), ("no", _("Not flagged"))],
        method="filter_flagged",
        empty_label=ANY,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("created_at", "created"), ("amount", "amount"), ("partner__name", "partner")),
    )

    class Meta:
        model = FundClaim
        fields: list[str] = []

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(request__title__icontains=q) | Q(request__code__iexact=q) | Q(invoice_number__icontains=q)
        )

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.AWAITING_CHIEF])
        return queryset.filter(status=value) if value else queryset

    def filter_flagged(self, queryset, name, value):
        if not value:
            return queryset
        flagged = Exists(ClaimDuplicate.objects.filter(claim=OuterRef("pk")))
        return queryset.filter(flagged if value == "yes" else ~flagged)
