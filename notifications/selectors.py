"""Reads for notifications. Every read starts from `notifications_for(actor)`: the actor's own rows only."""

from collections.abc import Mapping
from typing import Any

from core.listing import bind_filters
from core.scoping import get_visible_or_404
from notifications.filters import NotificationFilterSet
from notifications.models import Notification


def notifications_for(*, actor):
    return Notification.objects.visible_to(actor)


def notification_filters(*, actor, data: Mapping[str, Any] | None = None, strict: bool = False):
    """The list's bound FilterSet (`.qs` are the actor's own notifications, newest first by default)."""
    qs = notifications_for(actor=actor).select_related("partner").order_by("-created_at", "-id")
    return bind_filters(NotificationFilterSet, data, queryset=qs, strict=strict)


def notification_get(*, actor, public_id) -> Notification:
    return get_visible_or_404(notifications_for(actor=actor), public_id=public_id)


def unread_count(*, actor) -> int:
    return notifications_for(actor=actor).unread().count()
