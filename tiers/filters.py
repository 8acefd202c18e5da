"""The FilterSets of the tier engine's lists (recent tier changes, downgrade warnings, custom metric values,
criteria versions): each list's page, its CSV/XLSX export and its API operation share one."""

from __future__ import annotations

from typing import Annotated

import django_filters
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from core.listing import IdChoiceFilter, IdFilterField, ListFilterSet, SearchFilter
from core.versions import VersionStatus
from partners.choices import Tier
from programs.filters import ProgramFilter
from programs.models import PartnerProgram
from tiers.models import (
    CHANGES,
    CriteriaVersion,
    CustomMetric,
    CustomMetricValue,
    Decision,
    DowngradeWarning,
    TierAssessment,
    WarningStatus,
)

ANY = _("Any")
ALL = "all"


class _ProgramFilterSet(ListFilterSet):
    """A `program` filter by code, offered as the programs' names (an unknown code is "unknown_id")."""

    program = ProgramFilter(field_name="program")

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "program" in self.form.fields:
            self.form.fields["program"].queryset = (  # type: ignore[attr-defined]
                programs if programs is not None else PartnerProgram.objects.none()
            )

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(partner__name__icontains=q) if q else queryset


class ChangeFilterSet(_ProgramFilterSet):
    """Assessments: by default the ones that changed something (up, down, warned, lifted); `decision=all`
    every one."""

    staff_only = ("partner",)
    q = SearchFilter(method="search", placeholder=_("Partner"))
    decision = django_filters.ChoiceFilter(
        label=_("Decision"),
        choices=[*Decision.choices, (ALL, _("Any, unchanged too"))],
        method="filter_decision",
        empty_label=_("A change"),
    )
    tier = django_filters.ChoiceFilter(
        label=_("Tier after"), field_name="tier_after", choices=Tier.choices, empty_label=ANY
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=ANY)
    evaluated_from = django_filters.DateFilter(
        label=_("From"),
        field_name="evaluated_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    evaluated_to = django_filters.DateFilter(
        label=_("To"),
        field_name="evaluated_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("evaluated_on", "day"), ("partner__name", "partner"), ("decision", "decision")),
    )
    more_filters = ("tier", "evaluated_from", "evaluated_to")

    class Meta:
        model = TierAssessment
        fields: list[str] = []

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "partner" in self.form.fields:
            from partners.models import Partner

            self.form.fields["partner"].queryset = (
                partners if partners is not None else Partner.objects.none()
            )  # type: ignore[attr-defined]
            self.form.fields["partner"].widget = django_filters.widgets.forms.HiddenInput()

    def filter_decision(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value:
            return queryset.filter(decision=value)
        return queryset.filter(decision__in=CHANGES)


class WarningFilterSet(_ProgramFilterSet):
    """Downgrade warnings: pending ones by default."""

    q = SearchFilter(method="search", placeholder=_("Partner"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*WarningStatus.choices, (ALL, _("Any"))],
        method="filter_status",
        empty_label=_("Pending"),
    )
    to_tier = django_filters.ChoiceFilter(label=_("Moves down to"), choices=Tier.choices, empty_label=ANY)
    due_by = django_filters.DateFilter(
        label=_("Moves down by"),
        field_name="downgrade_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("downgrade_on", "day"), ("partner__name", "partner"), ("warned_on", "warned")),
    )

    class Meta:
        model = DowngradeWarning
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        return queryset.filter(status=value or WarningStatus.PENDING)


class MetricFilterField(IdFilterField):
    api_type = Annotated[str, Field(max_length=40, description="A custom metric's code")]


class MetricFilter(IdChoiceFilter):
    """A custom metric chosen by its code (an unknown one is "unknown_id"); the FilterSet sets the choices."""

    field_class = MetricFilterField


class ValueFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Partner"))
    metric = MetricFilter(label=_("Metric"), field_name="metric", to_field_name="code", empty_label=ANY)
    period_from = django_filters.DateFilter(
        label=_("Periods ending from"),
        field_name="period_end",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("period_end", "period"),
            ("partner__name", "partner"),
            ("metric__code", "metric"),
            ("value", "value"),
        ),
    )

    class Meta:
        model = CustomMetricValue
        fields: list[str] = []

    def __init__(self, *args, metrics=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "metric" in self.form.fields:
            self.form.fields["metric"].queryset = (  # type: ignore[attr-defined]
                metrics if metrics is not None else CustomMetric.objects.none()
            )

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(partner__name__icontains=q) if q else queryset


class CriteriaFilterSet(_ProgramFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VersionStatus.choices, empty_label=ANY)
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("version", "version"), ("published_at", "published"), ("status", "status"))
    )

    class Meta:
        model = CriteriaVersion
        fields: list[str] = []
