"""Reads for notifications. Every read starts from `notifications_for(actor)`: the actor's own rows only."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from core.actor import Actor
from core.listing import bind_filters
from core.roles import PartnerRole
from core.scoping import get_visible_or_404
from notifications.filters import NotificationFilterSet
from notifications.kinds import Audience, Channel, NotificationKind, all_kinds
from notifications.models import Notification, NotificationPreference, NotificationQuerySet

# How many notifications the bell's dropdown shows (the list page has them all).
MENU_SIZE = 8


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


def notifications_latest(*, actor: Actor, limit: int = MENU_SIZE) -> list[Notification]:
    """The bell's dropdown: the actor's newest notifications (one query)."""
    return list(notifications_for(actor=actor).order_by("-created_at", "-id")[:limit])


def kinds_for(*, actor: Actor) -> list[NotificationKind]:
    """The kinds of notification meant for the actor's side, in registration order."""
    audiences: set[Audience] = set()
    if actor.is_staff:
        audiences.add(Audience.STAFF)
    if actor.is_partner:
        audiences.add(Audience.PARTNER)
        if actor.partner_role == PartnerRole.ADMIN:
            audiences.add(Audience.PARTNER_ADMIN)
    return [kind for kind in all_kinds() if kind.audiences & audiences]


def preferences_for(*, actor: Actor) -> dict[str, Channel]:
    """{verb: channel} for every kind meant for the actor: their choice, else the kind's default."""
    stored = dict(NotificationPreference.objects.visible_to(actor).values_list("kind", "channel"))
    return {kind.verb: Channel(stored.get(kind.verb, kind.default)) for kind in kinds_for(actor=actor)}
