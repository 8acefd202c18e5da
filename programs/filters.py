"""The lists of programs: the programs (staff page, partners' own, `GET /api/programs/programs`) and a
program's members (its page, the CSV/XLSX export, `GET /api/programs/programs/{id}/members`), one FilterSet
each. `ProgramFilter` chooses a program by its code in other apps' lists (engagement's versions)."""

from __future__ import annotations

from typing import Annotated, Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from core.listing import IdChoiceFilter, IdFilterField, ListFilterSet, SearchFilter
from partners.choices import PartnerType, Region, Tier
from programs.models import PartnerProgram, ProgramMembership, ProgramStatus
from search.text import tolerant_search


class ProgramFilterField(IdFilterField):
    api_type = Annotated[str, Field(max_length=40, description="A partner program's code")]


class ProgramFilter(IdChoiceFilter):
    """A program chosen by its code (an unknown one is "unknown_id"); the FilterSet gives its choices."""

    field_class = ProgramFilterField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Program"))
        kwargs.setdefault("empty_label", _("Any"))
        super().__init__(*args, **kwargs)


class ProgramListFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Code, name"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProgramStatus.choices, empty_label=_("Any")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"), fields=(("position", "position"), ("code", "code"), ("name_en", "name"))
    )

    class Meta:
        model = PartnerProgram
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return tolerant_search(queryset, value, fields=("code", "name_en", "name_ru"))


class MemberState(django_filters.ChoiceFilter):
    """Current members unless asked otherwise: former ones, or everyone."""

    CHOICES = (("current", _("Current")), ("former", _("Former")), ("all", _("Everyone")))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Members"), choices=self.CHOICES, empty_label=_("Current"), method="by_state", **kwargs
        )


def member_state_q(value: str) -> Q:
    if value == "all":
        return Q()
    if value == "former":
        return Q(ended_at__isnull=False)
    return Q(ended_at__isnull=True)


class MemberFilterSet(ListFilterSet):
    """A program's members. An empty `state` lists the current ones."""

    q = SearchFilter(method="search", placeholder=_("Partner name, domain, city"))
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices, empty_label=_("Any"))
    partner_type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="partner__partner_type", choices=PartnerType.choices, empty_label=_("Any")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="partner__region", choices=Region.choices, empty_label=_("Any")
    )
    state = MemberState()
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("partner__name", "partner"),
            ("tier", "tier"),
            ("tier_since", "tier_since"),
            ("joined_at", "joined"),
        ),
    )

    class Meta:
        model = ProgramMembership
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state"):  # no choice: the current members
            queryset = queryset.filter(member_state_q("current"))
        return queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return tolerant_search(
            queryset, value, fields=("partner__name", "partner__web_domain", "partner__city")
        )

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(member_state_q(value))
