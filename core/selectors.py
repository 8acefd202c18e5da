from collections.abc import Mapping
from typing import Any

from core.filters import EventFilterSet
from core.listing import bind_filters
from core.models import Event


def audit_filters(*, actor, data: Mapping[str, Any] | None = None, strict: bool = False):
    """The audit trail's bound FilterSet (`.qs` are the events the actor may see, `.form` the filter form)."""
    qs = Event.objects.visible_to(actor).select_related("actor", "partner")
    return bind_filters(EventFilterSet, data, queryset=qs.order_by("-occurred_at", "-id"), strict=strict)


def audit_events(*, actor, data: Mapping[str, Any] | None = None):
    return audit_filters(actor=actor, data=data).qs
