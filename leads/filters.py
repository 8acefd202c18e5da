"""The one FilterSet of leads: the partner's list and board, the staff list, the API and the exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import Field, StrictStr

from core.conditions import filters_q
from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter, SelectedFilter
from leads.attributes import parse_value
from leads.errors import LeadErrorCode
from leads.models import Destination, Lead, LeadAttribute, LeadSource, LeadStatus
from leads.models.lead import CLOSED_STATUSES, OPEN_STATUSES
from partners.choices import CompanySize, Region, Vertical
from search.text import tolerant_search

SORTS = (
    ("created_at", "created"),
    ("company_name", "company"),
    ("score", "score"),
    ("accept_by", "accept_by"),
    ("next_step_on", "next_step"),
    ("status", "status"),
    ("partner__name", "partner"),
)

# Where a lead stands, as the home pages count it.
PHASES: dict[str, tuple[str, ...]] = {
    "awaiting": (LeadStatus.NEW,),  # offered to a partner, not yet accepted
    "open": tuple(OPEN_STATUSES),
    "working": (LeadStatus.ACCEPTED, LeadStatus.CONTACTED, LeadStatus.QUALIFIED),
    "closed": tuple(CLOSED_STATUSES),
}
PHASE_CHOICES = [
    ("awaiting", _("Awaiting acceptance")),
    ("working", _("Being worked (accepted, contacted, qualified)")),
    ("open", _("Open")),
    ("closed", _("Closed (converted or lost)")),
]
ATTRIBUTE_PATTERN = r"^[-a-zA-Z0-9_]{1,50}:.{0,200}$"


class AttributeConditionField(forms.CharField):
    """A custom attribute's value, "key:value" (the value as one would type it: "yes", "12", a choice)."""

    api_type = Annotated[
        StrictStr, Field(pattern=ATTRIBUTE_PATTERN, description="key:value of a custom attribute")
    ]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        key, _sep, raw = value.partition(":")
        attribute = LeadAttribute.objects.filter(key=key.strip()).first()
        if attribute is None:
            raise ValidationError(
                _("There is no lead attribute %(key)s.") % {"key": key}, code=LeadErrorCode.ATTRIBUTE_INVALID
            )
        return attribute.key, parse_value(attribute, raw)


class AttributeFilter(django_filters.CharFilter):
    field_class = AttributeConditionField

    def filter(self, qs, value):
        if not value:
            return qs
        key, parsed = value
        if parsed is None:
            return qs.filter(Q(**{f"attributes__{key}__isnull": True}) | ~Q(attributes__has_key=key))
        return qs.filter(**{f"attributes__{key}": parsed})


class LeadFilterSet(ListFilterSet):
    staff_only = ("partner", "cam", "destination", "unassigned", "duplicate")
    more_filters = (
        "source",
        "vertical",
        "region",
        "company_size",
        "score_min",
        "created_from",
        "created_to",
        "closed_from",
        "attribute",
        "duplicate",
        "cam",
    )
    q = SearchFilter(method="search", placeholder=_("Company, domain, contact"))
    id = SelectedFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LeadStatus.choices, empty_label=_("Any"))
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=PHASE_CHOICES, method="filter_phase", empty_label=_("Any")
    )
    destination = django_filters.ChoiceFilter(
        label=_("Destination"), choices=Destination.choices, empty_label=_("Any")
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    cam = IdChoiceFilter(
        label=_("Channel account manager"), field_name="partner__cam", empty_label=_("Anyone")
    )
    unassigned = django_filters.ChoiceFilter(
        label=_("Partner"),
        choices=[("yes", _("Without a partner")), ("no", _("With a partner"))],
        method="filter_unassigned",
        empty_label=_("Any"),
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=LeadSource.choices, empty_label=_("Any"))
    vertical = django_filters.ChoiceFilter(
        label=_("Vertical"), choices=Vertical.choices, empty_label=_("Any")
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))
    company_size = django_filters.ChoiceFilter(
        label=_("Size"), choices=CompanySize.choices, empty_label=_("Any")
    )
    score_min = django_filters.NumberFilter(
        label=_("Score at least (%)"), method="filter_score", min_value=0, max_value=100
    )
    created_from = DayFilter(_("Created from"), "created_at", since=True)
    created_to = DayFilter(_("Created until"), "created_at", since=False)
    closed_from = DayFilter(_("Closed from"), "closed_at", since=True)
    attribute = AttributeFilter(label=_("Attribute (key:value)"))
    duplicate = django_filters.ChoiceFilter(
        label=_("Possible duplicate"),
        choices=[("yes", _("Flagged as a possible duplicate")), ("no", _("Not flagged"))],
        method="filter_duplicate",
        empty_label=_("Any"),
    )
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = Lead
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, cams=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        if "partner" in self.form.fields:
            from django.apps import apps

            self.form.fields["partner"].queryset = (
                partners if partners is not None else apps.get_model("partners.Partner").objects.none()
            )
            self.form.fields["cam"].queryset = (
                cams if cams is not None else apps.get_model("accounts.User").objects.none()
            )

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return tolerant_search(
            queryset, q, fields=("company_name", "name_key", "domain", "contact_name", "contact_email")
        )

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phase_q(value)) if value else queryset

    def filter_unassigned(self, queryset, name, value):
        return queryset.filter(partner__isnull=value == "yes") if value else queryset

    def filter_duplicate(self, queryset, name, value):
        return queryset.filter(duplicate_of__isnull=value != "yes") if value else queryset

    def filter_score(self, queryset, name, value):
        return queryset if value is None else queryset.filter(score__gte=float(value) / 100)


def phase_q(value: str) -> Q:
    if value == "awaiting":  # offered to a partner: a new lead nobody holds yet is not awaiting anyone
        return Q(status=LeadStatus.NEW, partner__isnull=False)
    return Q(status__in=PHASES[value])


def overdue_q() -> Q:
    return Q(status=LeadStatus.NEW, accept_by__lt=timezone.now())


def lead_q(filters: Mapping[str, str]) -> Q:
    """The rows the list shows for these filters, as one Q over `Lead` (core.conditions)."""
    return filters_q(LeadFilterSet, filters, conditions={"filter_phase": phase_q})
