"""Writes for notifications: `notify` (called by other apps' services), marking read, and each person's
choice of how to hear about each kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.emails import queue_email
from notifications.kinds import Channel, default_channel
from notifications.links import is_safe_link
from notifications.messages import Message, encode_params, message_parts
from notifications.models import Notification, NotificationPreference
from notifications.selectors import kinds_for, notifications_for, preferences_for


@dataclass(frozen=True)
class Email:
    """The email that goes with a notification to those who want it by email. `subject` defaults to the
    notification's message; the template gets `user`, `message` (rendered in the recipient's language),
    `link` and `context`."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    subject: Any = None
    subject_params: dict[str, Any] | None = None


def channels_for(*, user_ids: Iterable[int], verb: str) -> dict[int, Channel]:
    """How each user hears about `verb`: their stored choice, else the kind's default (one query)."""
    default = default_channel(verb)
    ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=verb).values_list("user_id", "channel")
    )
    return {pk: Channel(chosen.get(pk, default)) for pk in ids}


def notify(
    *,
    users: Iterable[Any],
    verb: str,
    message: Any,
    params: dict[str, Any] | None = None,
    link: str = "",
    partner: Any = None,
    email: Email | None = None,
) -> list[Notification]:
    """Tell each distinct active user (users or user ids) about something; returns the created rows.

    `message` is the English msgid — `gettext_noop("Deal registration approved: %(customer)s")`, or
    `ngettext_lazy(singular, plural, "days")` for a message with a count — and the values in `params`
    (text, numbers, dates, lazy labels; see `notifications.messages`). It is rendered when read, in the
    reader's language. `link` must be a relative URL ("/deals/…").

    Each recipient's preference for `verb` decides: off (nothing), in the app only, or in the app and by
    `email` (when given), rendered in the recipient's stored language and sent after commit. Runs inside the
    caller's transaction.
    """
    if link and not is_safe_link(link):
        raise ValueError(f"Notification links must be relative URLs starting with '/': {link!r}")
    message_id, plural, count_param = message_parts(message)
    ids = {getattr(u, "pk", u) for u in users}
    ids.discard(None)
    if not ids:
        return []
    recipients = list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    channels = channels_for(user_ids=[u.pk for u in recipients], verb=verb)
    recipients = [u for u in recipients if channels[u.pk] != Channel.OFF]
    stored = encode_params(params)
    created = Notification.objects.bulk_create(
        Notification(
            user_id=user.pk,
            verb=verb,
            message_id=message_id,
            message_plural=plural,
            count_param=count_param,
            params=stored,
            link=link,
            partner=partner,
        )
        for user in recipients
    )
    if email is not None:
        text = Message(message_id, plural, count_param, stored)
        for user in recipients:
            if channels[user.pk] == Channel.EMAIL:
                queue_email(
                    to=user.email,
                    to_user=user,
                    subject=email.subject if email.subject is not None else text,
                    subject_params=email.subject_params,
                    template=email.template,
                    context={"user": user, "message": text, "link": link} | email.context,
                )
    return created


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


def preferences_update(*, actor: Actor, channels: Mapping[str, str]) -> dict[str, Channel]:
    """Set how the actor hears about each kind named in `channels` ({verb: channel}); kinds left out keep
    their setting. A kind not meant for the actor, or an unknown channel, refuses the whole change."""
    if actor.user is None:
        raise ValidationError(_("Sign in to change your notification settings."), code="invalid")
    known = {kind.verb for kind in kinds_for(actor=actor)}
    errors: dict[str, list[ValidationError]] = {}
    for verb, channel in channels.items():
        if verb not in known:
            errors[f"notifications.{verb}"] = [
                ValidationError(_("There is no such kind of notification."), code="invalid_choice")
            ]
        elif channel not in Channel.values:
            errors[f"notifications.{verb}"] = [
                ValidationError(
                    _("Choose one of: %(values)s.") % {"values": ", ".join(Channel.values)},
                    code="invalid_choice",
                )
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for verb, channel in channels.items():
            NotificationPreference.objects.update_or_create(
                user=actor.user, kind=verb, defaults={"channel": channel}
            )
    return preferences_for(actor=actor)
