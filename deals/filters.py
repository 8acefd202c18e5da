"""The one FilterSet of deal registrations: the partner's list, the staff pipeline, the API, the exports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from pydantic import Field, StrictStr

from conflicts.models import CheckOutcome
from core.conditions import filters_q
from core.listing import DayFilter, IdChoiceFilter, ListFilterSet, SearchFilter, SelectedFilter
from core.money import Currency
from deals.models import (
    DealRegistration,
    ExtensionRequest,
    ExtensionStatus,
    RegistrationStage,
    RegistrationStatus,
)
from matching.normalize import tax_id_key
from search.text import tolerant_search

SORTS = (
    ("created_at", "created"),
    ("customer_name", "customer"),
    ("amount", "amount"),
    ("submitted_at", "submitted"),
    ("expected_close_date", "close"),
    ("status", "status"),
    ("partner__name", "partner"),
)

# --- the home pages' figures: each number links to the list with these filters, so the list counts the same
# rows (`dashboard`'s figures and charts; deals/tests/test_figures.py follows every link).

# Where a registration stands, as the home pages count it (the statuses of each phase).
PHASES: dict[str, tuple[str, ...]] = {
    # live registrations a partner is working: waiting for a decision, protected, or under appeal
    "open": (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED, RegistrationStatus.APPEALED),
    "closed": (RegistrationStatus.WON, RegistrationStatus.LOST),
}
PHASE_CHOICES = [("open", _("Open (submitted, approved, appealed)")), ("closed", _("Closed (won or lost)"))]
EXPIRING_CHOICES = [
    (str(n), ngettext_lazy("%(n)s day", "%(n)s days", "n") % {"n": n}) for n in (7, 14, 30, 60, 90)
]
# Years 1900 to 2999: a quarter of year 0 or 9999 has no first day of the next quarter to bound it with.
QUARTER_PATTERN = r"^((19|2\d)\d{2}-Q[1-4]|none)$"
# Filters that only a figure's link sets: the page shows them while they filter (so the list says why it is
# narrowed, and they can be cleared), not as empty inputs on every visit.
LINK_ONLY_FILTERS = ("close_quarter", "extension", "decided_from", "closed_from")


def quarter_key(day: date | None) -> str:
    """The `close_quarter` filter value of a day's quarter ("2026-Q3"), "none" for no day."""
    return "none" if day is None else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(key: str) -> tuple[date, date]:
    """The first day of the quarter "YYYY-Qn" and the first day of the next."""
    year, quarter = int(key[:4]), int(key[-1])
    start = date(year, 3 * quarter - 2, 1)
    return start, date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)


class QuarterField(forms.RegexField):
    """A quarter of the expected close date: "2026-Q3", or "none" for registrations without one."""

    api_type = Annotated[StrictStr, Field(pattern=QUARTER_PATTERN, description="YYYY-Qn, or none")]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(QUARTER_PATTERN, **kwargs)


class QuarterFilter(django_filters.CharFilter):
    field_class = QuarterField


class RegistrationFilterSet(ListFilterSet):
    staff_only = ("partner", "cam", "conflict", "submitted_from", "submitted_to", "extension")
    more_filters = ("conflict", "submitted_from", "submitted_to", "phase", "currency", "expiring_within")
    q = SearchFilter(method="search", placeholder=_("Customer, domain, tax id"))
    id = SelectedFilter()  # the rows chosen on the page ("Export selected"), by public id
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices, empty_label=_("Any")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=RegistrationStage.choices, empty_label=_("Any")
    )
    partner = IdChoiceFilter(label=_("Partner"), field_name="partner", empty_label=_("Any"))
    cam = IdChoiceFilter(
        label=_("Channel account manager"), field_name="partner__cam", empty_label=_("Anyone")
    )
    conflict = django_filters.ChoiceFilter(
        label=_("Conflict check"),
        field_name="conflict_outcome",
        choices=CheckOutcome.choices,
        empty_label=_("Any"),
    )
    submitted_from = DayFilter(_("Submitted from"), "submitted_at", since=True)
    submitted_to = DayFilter(_("Submitted until"), "submitted_at", since=False)
    # the home pages' figures (see PHASES above)
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=PHASE_CHOICES, method="filter_phase", empty_label=_("Any")
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    expiring_within = django_filters.ChoiceFilter(
        label=_("Protection ends within"),
        choices=EXPIRING_CHOICES,
        method="filter_expiring",
        empty_label=_("Any time"),
    )
    close_quarter = QuarterFilter(label=_("Expected close quarter"), method="filter_quarter")
    extension = django_filters.ChoiceFilter(
        label=_("Extension request"),
        choices=[(ExtensionStatus.PENDING, _("Awaiting a decision"))],
        method="filter_extension",
        empty_label=_("Any"),
    )
    decided_from = DayFilter(_("Decided from"), "decided_at", since=True)
    closed_from = DayFilter(_("Closed from"), "closed_at", since=True)
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = DealRegistration
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, cams=None, **kwargs):
        super().__init__(data, queryset=queryset, actor=actor, **kwargs)
        if "partner" in self.form.fields:
            self.form.fields["partner"].queryset = (
                partners if partners is not None else _none("partners.Partner")
            )
            self.form.fields["cam"].queryset = cams if cams is not None else _none("accounts.User")
        if actor is not None:  # a page or an API call (the API schema is built without an actor)
            given = data or {}
            for name in LINK_ONLY_FILTERS:
                if not given.get(name):
                    self.form.fields.pop(name, None)

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        # Typos and other scripts forgiven (search.text; the stored Latin name key finds a Cyrillic customer).
        exact = Q(tax_id_key__contains=key) if (key := tax_id_key(q)) else None
        return tolerant_search(
            queryset, q, fields=("customer_name", "name_key", "customer_domain"), exact=exact
        )

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phase_q(value)) if value else queryset

    def filter_expiring(self, queryset, name, value):
        return queryset.filter(expiring_q(value)) if value else queryset

    def filter_quarter(self, queryset, name, value):
        return queryset.filter(quarter_q(value)) if value else queryset

    def filter_extension(self, queryset, name, value):
        return queryset.filter(extension_q(value)) if value else queryset


# --- the conditions of the filters a home page's figure links to, as Q objects: the FilterSet's methods above
# apply them to the list, and `registration_q` lets one query count several figures' rows at once.


def phase_q(value: str) -> Q:
    return Q(status__in=PHASES[value])


def expiring_q(value: str) -> Q:
    """Approved and protected, the protection ending today or within the next `value` days."""
    today = timezone.localdate()
    return Q(
        status=RegistrationStatus.APPROVED,
        protected_until__gte=today,
        protected_until__lte=today + timedelta(days=int(value)),
    )


def quarter_q(value: str) -> Q:
    if value == "none":
        return Q(expected_close_date__isnull=True)
    start, end = quarter_bounds(value)
    return Q(expected_close_date__gte=start, expected_close_date__lt=end)


def extension_q(value: str) -> Q:
    return Q(Exists(ExtensionRequest.objects.filter(registration=OuterRef("pk"), status=value)))


def registration_q(filters: Mapping[str, str]) -> Q:
    """The rows the list shows for these filters, as one Q over `DealRegistration` (core.conditions)."""
    return filters_q(
        RegistrationFilterSet,
        filters,
        conditions={
            "filter_phase": phase_q,
            "filter_expiring": expiring_q,
            "filter_quarter": quarter_q,
            "filter_extension": extension_q,
        },
    )


def _none(label: str):
    from django.apps import apps

    return apps.get_model(label).objects.none()
