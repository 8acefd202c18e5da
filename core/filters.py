"""The one FilterSet of the audit trail: the staff page, its export and `GET /api/events`."""

from __future__ import annotations

from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.events import EVENT_LABELS
from core.listing import DayFilter, ListFilterSet, SearchFilter
from core.models import Event

SORTS = (("occurred_at", "occurred"), ("verb", "verb"), ("actor_label", "actor"))


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error(
                "date_to",
                forms.ValidationError(_("The end date is before the start date."), code="date_order"),
            )
        return data


@lru_cache(maxsize=8)
def verb_choices(language: str | None, registered: int) -> list[tuple[str, str]]:
    """The recorded actions by their label in `language`, alphabetically: translated and sorted once per
    language (some 70 labels), again when an app registers more (`registered`, the count of them)."""
    return sorted(((verb, str(label)) for verb, label in EVENT_LABELS.items()), key=lambda item: item[1])


class EventFilterSet(ListFilterSet):
    q = SearchFilter(method="search", placeholder=_("Object, person or partner"))
    verb = django_filters.ChoiceFilter(label=_("Action"), choices=(), empty_label=_("Any"))
    date_from = DayFilter(_("From"), "occurred_at", since=True)
    date_to = DayFilter(_("To"), "occurred_at", since=False)
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = Event
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The verbs are registered by the apps when they are ready, so the choices are read here.
        verbs = verb_choices(get_language(), len(EVENT_LABELS))
        self.filters["verb"].extra["choices"] = verbs
        self.form.fields["verb"].choices = [("", _("Any")), *verbs]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(target_label__icontains=word)
                | Q(actor_label__icontains=word)
                | Q(partner__name__icontains=word)
            )
        return queryset
