"""The FilterSets of recruitment's lists: the review queue and the prospect pipeline."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.listing import ListFilterSet, SearchFilter
from partners.choices import PartnerType, Region
from recruitment.models import Application, ApplicationStatus, Prospect, ProspectSource, ProspectStage
from recruitment.rules import OPEN_STAGES
from search.text import tolerant_search

ANY = "all"


class ChoiceOrAll(django_filters.ChoiceFilter):
    """A choice whose empty (or refused) value means `default` (lookups) and `all` means any value."""

    def __init__(self, *, choices, any_label, default: dict, **kwargs):
        super().__init__(choices=[*choices, (ANY, any_label)], **kwargs)
        self.default = default

    def filter(self, qs, value):
        if value == ANY:
            return qs
        if value in EMPTY_VALUES:
            return qs.filter(**self.default)
        return super().filter(qs, value)


class _ListFilterSet(ListFilterSet):
    search_fields: tuple[str, ...] = ()  # what the search box (`q`) looks in, word by word

    def __init__(self, data=None, queryset=None, **kwargs):
        # Always bound, so the defaults apply to a page opened without filters too.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)

    def filter_queryset(self, queryset):
        for name, filter_ in self.filters.items():
            if isinstance(filter_, ChoiceOrAll) and name not in self.form.cleaned_data:
                queryset = filter_.filter(queryset, "")  # a refused value on a page: the default
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        # Every word must be found, typos and Cyrillic spellings forgiven (search.text).
        return tolerant_search(queryset, value, fields=self.search_fields)


class ApplicationFilterSet(_ListFilterSet):
    """The review queue. No status means awaiting review; `all` means any status. Unsorted, best fit first."""

    search_fields = ("company_name", "web_domain", "contact_email", "contact_name")
    q = SearchFilter(method="search", placeholder=_("Company, domain, contact"))
    status = ChoiceOrAll(
        label=_("Status"),
        choices=ApplicationStatus.choices,
        any_label=_("Any status"),
        empty_label=_("Awaiting review"),
        default={"status": ApplicationStatus.SUBMITTED},
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any"))
    partner_type = django_filters.ChoiceFilter(
        label=_("Partner type"), choices=PartnerType.choices, empty_label=_("Any")
    )
    # Unsorted is best fit first. The old `sort=fit` (best first) is refused rather than read as lowest first.
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("fit_score", "fit_score"), ("created_at", "received"), ("company_name", "company")),
    )

    class Meta:
        model = Application
        fields: list[str] = []


class ProspectFilterSet(_ListFilterSet):
    """The prospect pipeline. No stage means the open stages; `all` means any stage (the board shows every
    stage and ignores this filter)."""

    search_fields = ("company_name", "web_domain", "contact_name", "city")
    q = SearchFilter(method="search", placeholder=_("Company, domain, city"))
    stage = ChoiceOrAll(
        label=_("Stage"),
        choices=ProspectStage.choices,
        any_label=_("Any stage"),
        empty_label=_("Open"),
        default={"stage__in": OPEN_STAGES},
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
            ("fit_score", "fit_score"),
            ("next_step_date", "next_step"),
        ),
    )

    class Meta:
        model = Prospect
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, board: bool = False, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.actor = actor
        if board:
            self.filters.pop("stage")
            self.form.fields.pop("stage", None)

    def by_owner(self, queryset, name, value):
        user = getattr(self.actor, "user", None)
        return queryset.filter(owner=user) if user is not None else queryset.none()
