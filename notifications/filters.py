"""The one FilterSet of a user's notifications: the page, its export and `GET /api/notifications`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import ListFilterSet
from notifications.models import Notification

SORTS = (("created_at", "created"), ("read_at", "read"))


class NotificationFilterSet(ListFilterSet):
    unread = django_filters.BooleanFilter(
        label=_("Unread only"),
        method="only_unread",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    sort = django_filters.OrderingFilter(label=_("Sort"), fields=SORTS)

    class Meta:
        model = Notification
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A query string carries text: the API reads "true"/"false" as the box does "1".
        self.form.fields["unread"].api_type = bool

    def only_unread(self, queryset, name, value):
        return queryset.unread() if value else queryset
