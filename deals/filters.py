"""The one FilterSet of deal registrations: the partner's list, the staff pipeline, the API, the exports."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conflicts.models import CheckOutcome
from core.listing import DayFilter, IdChoiceFilter, SearchFilter
from deals.models import DealRegistration, RegistrationStage, RegistrationStatus
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
STAFF_ONLY_FILTERS = ("partner", "cam", "conflict", "submitted_from", "submitted_to")


class RegistrationFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search", placeholder=_("Customer, domain, tax id"))
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
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = DealRegistration
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, partners=None, cams=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        if actor is not None and not actor.is_staff:
            for name in STAFF_ONLY_FILTERS:
                self.filters.pop(name, None)
                self.form.fields.pop(name, None)
        if "partner" in self.form.fields:
            self.form.fields["partner"].queryset = (
                partners if partners is not None else _none("partners.Partner")
            )
            self.form.fields["cam"].queryset = cams if cams is not None else _none("accounts.User")

    def search(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        # Typos and other scripts forgiven (search.text; the stored Latin name key finds a Cyrillic customer).
        exact = Q(tax_id_key__contains=key) if (key := tax_id_key(q)) else None
        return tolerant_search(
            queryset, q, fields=("customer_name", "name_key", "customer_domain"), exact=exact
        )


def _none(label: str):
    from django.apps import apps

    return apps.get_model(label).objects.none()
