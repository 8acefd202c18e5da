"""Writes for notifications: `notify` (called by other apps' services) and marking read."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from core.actor import Actor
from notifications.links import is_safe_link
from notifications.models import Notification
from notifications.selectors import notifications_for


def notify(
    *,
    users: Iterable[Any],
    verb: str,
    message: Any,
    params: dict[str, Any] | None = None,
    link: str = "",
    partner: Any = None,
) -> list[Notification]:
    """Create one notification per distinct active user (users or user ids); returns the created rows.

    `message` is the English msgid — pass `gettext_noop("Deal registration approved: %(customer)s")` (a
    `gettext_lazy` string works too) and the values in `params` (JSON-serialisable). It is translated when
    read, in the reader's language. `link` must be a relative URL ("/deals/…"). Runs inside the caller's
    transaction: no commit, no side effects besides the rows.
    """
    if link and not is_safe_link(link):
        raise ValueError(f"Notification links must be relative URLs starting with '/': {link!r}")
    with translation.override(None):
        message_id = str(message)  # the untranslated msgid, whatever language is active
    ids = {getattr(u, "pk", u) for u in users}
    ids.discard(None)
    if not ids:
        return []
    recipients = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            verb=verb,
            message_id=message_id,
            params=params or {},
            link=link,
            partner=partner,
        )
        for user_id in recipients
    )


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        notifications_for(actor=actor).filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now, updated_at=now
        )
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    now = timezone.now()
    return notifications_for(actor=actor).unread().update(read_at=now, updated_at=now)
