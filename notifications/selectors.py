"""Reads for notifications. Every read starts from `notifications_for(actor)`: the actor's own rows only."""

from core.scoping import get_visible_or_404
from notifications.models import Notification


def notifications_for(*, actor):
    return Notification.objects.visible_to(actor)


def notification_list(*, actor, unread_only: bool = False):
    qs = notifications_for(actor=actor).select_related("partner")
    if unread_only:
        qs = qs.unread()
    return qs.order_by("-created_at", "-id")


def notification_get(*, actor, public_id) -> Notification:
    return get_visible_or_404(notifications_for(actor=actor), public_id=public_id)


def unread_count(*, actor) -> int:
    return notifications_for(actor=actor).unread().count()
