"""The kinds of notification (one per `verb` given to `notify`), registered by the apps that send them.

Each person chooses per kind how they hear about it (`NotificationPreference`): in the app and by email (the
default), in the app only, or not at all. The settings page and `/api/users/me/preferences` list the kinds
meant for the reader's side (vendor staff or partner users)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(StrEnum):
    STAFF = "staff"  # vendor staff
    PARTNER = "partner"  # every partner user
    PARTNER_ADMIN = "partner_admin"  # partner admins only


class Channel(models.TextChoices):
    """How a person hears about one kind of notification."""

    EMAIL = "email", _("In the app and by email")
    IN_APP = "in_app", _("In the app only")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class NotificationKind:
    verb: str
    label: Any  # lazy, translated when shown
    audiences: frozenset[Audience]
    default: Channel = Channel.EMAIL
    help_text: Any = ""


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    verb: str,
    label: Any,
    *,
    audiences: tuple[Audience, ...],
    default: Channel = Channel.EMAIL,
    help_text: Any = "",
) -> NotificationKind:
    """Called by an app (from `ready()`, or a module it imports there) for each verb it notifies about."""
    kind = NotificationKind(verb, label, frozenset(audiences), default, help_text)
    existing = _KINDS.get(verb)
    if existing is not None and existing != kind:
        raise ValueError(f"Notification kind {verb!r} is registered twice, differently")
    _KINDS[verb] = kind
    return kind


def all_kinds() -> list[NotificationKind]:
    return list(_KINDS.values())


def kind_for(verb: str) -> NotificationKind | None:
    return _KINDS.get(verb)


def kinds_for_audience(audience: Audience) -> list[NotificationKind]:
    return [kind for kind in _KINDS.values() if audience in kind.audiences]


def default_channel(verb: str) -> Channel:
    kind = _KINDS.get(verb)
    return kind.default if kind is not None else Channel.EMAIL
