from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from core.actor import Actor
from core.filters import EventFilterSet
from core.listing import bind_filters
from core.models import Event


def audit_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> EventFilterSet:
    """The audit trail's bound FilterSet (`.qs` are the events the actor may see, `.form` the filter form)."""
    qs = Event.objects.visible_to(actor).select_related("actor", "partner")
    return bind_filters(EventFilterSet, data, queryset=qs.order_by("-occurred_at", "-id"), strict=strict)


def audit_events(*, actor: Actor, data: Mapping[str, Any] | None = None) -> QuerySet[Event]:
    return audit_filters(actor=actor, data=data).qs
