"""The FilterSets of recruitment's lists: the review queue and the prospect pipeline."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing import SearchFilter
from partners.choices import PartnerType, Region
from recruitment.models import Application, ApplicationStatus, Prospect, ProspectSource, ProspectStage
from recruitment.rules import OPEN_STAGES

ANY = "all"


def _words(queryset, fields: tuple[str, ...], value: str):
    for word in value.split():
        cond = Q()
        for name in fields:
            cond |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(cond)
    return queryset


class ApplicationFilterSet(django_filters.FilterSet):
    """The review queue. No status means awaiting review; `all` means any status. Unsorted, best fit first."""

    q = SearchFilter(method="search", placeholder=_("Company, domain, contact"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*ApplicationStatus.choices, (ANY, _("Any status"))],
        empty_label=_("Awaiting review"),
        method="by_status",
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))
    partner_type = django_filters.ChoiceFilter(
        label=_("Partner type"), choices=PartnerType.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("fit_score", "fit"), ("created_at", "received"), ("company_name", "company")),
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # Always bound, so the default (awaiting review) applies to a page opened without filters too.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=ApplicationStatus.SUBMITTED)
        return super().filter_queryset(queryset)

    def by_status(self, queryset, name, value):
        return queryset if value == ANY else queryset.filter(status=value)

    def search(self, queryset, name, value):
        return _words(queryset, ("company_name", "web_domain", "contact_email", "contact_name"), value)


class ProspectFilterSet(django_filters.FilterSet):
    """The prospect pipeline. No stage means the open stages; `all` means any stage (the board shows every
    stage and ignores this filter)."""

    q = SearchFilter(method="search", placeholder=_("Company, domain, city"))
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[*ProspectStage.choices, (ANY, _("Any stage"))],
        empty_label=_("Open"),
        method="by_stage",
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=ProspectSource.choices, empty_label=_("Any")
    )
    owner = django_filters.ChoiceFilter(
        label=_("Owner"), choices=[("mine", _("Mine"))], empty_label=_("Anyone"), method="by_owner"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("company_name", "company"),
            ("stage", "stage"),
            ("fit_score", "fit"),
            ("next_step_date", "next_step"),
        ),
    )

    class Meta:
        model = Prospect
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, board: bool = False, **kwargs):
        # Always bound, so the default (open stages) applies to a page opened without filters too.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)
        self.actor = actor
        self.board = board
        if board:
            self.filters.pop("stage")
            self.form.fields.pop("stage", None)

    def filter_queryset(self, queryset):
        if not self.board and not self.form.cleaned_data.get("stage"):
            queryset = queryset.filter(stage__in=OPEN_STAGES)
        return super().filter_queryset(queryset)

    def by_stage(self, queryset, name, value):
        return queryset if value == ANY else queryset.filter(stage=value)

    def by_owner(self, queryset, name, value):
        user = getattr(self.actor, "user", None)
        return queryset.filter(owner=user) if user is not None else queryset.none()

    def search(self, queryset, name, value):
        return _words(queryset, ("company_name", "web_domain", "contact_name", "city"), value)
