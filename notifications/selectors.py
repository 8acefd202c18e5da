"""Reads for notifications. Every read starts from `notifications_for(actor)`: the actor's own rows only."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from notifications.filters import NotificationFilterSet
from notifications.models import Notification, NotificationQuerySet


def notifications_for(*, actor: Actor) -> NotificationQuerySet:
    return Notification.objects.visible_to(actor)


def notification_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> NotificationFilterSet:
    """The list's bound FilterSet (`.qs` are the actor's own notifications, newest first by default)."""
    qs = notifications_for(actor=actor).select_related("partner").order_by("-created_at", "-id")
    return bind_filters(NotificationFilterSet, data, queryset=qs, strict=strict)


def notification_get(*, actor: Actor, public_id: UUID | str) -> Notification:
    return get_visible_or_404(notifications_for(actor=actor), public_id=public_id)


def unread_count(*, actor: Actor) -> int:
    return notifications_for(actor=actor).unread().count()
