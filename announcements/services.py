"""Writes for announcements: writing and changing one, publishing it (now or scheduled), withdrawing it, the
periodic publication of the scheduled ones, and a partner user's read. Channel marketing and operations
manage them (`enablement.manage`, checked again by `rules.require_action` on the locked row)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from announcements.delivery import deliver
from announcements.errors import AnnouncementErrorCode as E
from announcements.inputs import AnnouncementInput, PublishInput
from announcements.models import Announcement, AnnouncementRead
from announcements.models import AnnouncementStatus as S
from announcements.rules import Action, require_action
from core.actor import Actor, system_actor
from core.errors import field_error
from core.events import record_event, save_changes
from core.scoping import get_visible_or_404, lock_visible


def _given(cleaned: dict[str, Any]) -> dict[str, Any]:
    """What a new announcement was given: its blank values are no news."""
    return {name: value for name, value in cleaned.items() if value not in ("", None, [])}


def announcement_create(*, actor: Actor, data: Mapping[str, Any] | AnnouncementInput) -> Announcement:
    """A new draft."""
    actor.require("enablement.manage")
    cleaned = AnnouncementInput.bind(data).cleaned()
    with transaction.atomic():
        announcement = Announcement.objects.create(author=actor.user, **cleaned)
        after = {k: v for k, v in _given(cleaned).items() if k not in ("body_en", "body_ru")}
        record_event(actor=actor, verb="announcement.created", target=announcement, after=after)
    return announcement


def announcement_update(
    *, actor: Actor, announcement: Announcement, data: Mapping[str, Any] | AnnouncementInput
) -> Announcement:
    """Change an announcement (not a withdrawn one): the page sends every field, the API only those it
    changes. A published one changes for its readers at once; when its audience grows, the newcomers are
    notified (those it reached already are not told again)."""
    actor.require("enablement.manage")
    cleaned = AnnouncementInput.bind(data, instance=announcement, partial=True).cleaned()
    with transaction.atomic():
        announcement = lock_visible(Announcement.objects, actor=actor, pk=announcement.pk)
        require_action(actor, announcement, Action.EDIT)
        _check_expiry(announcement.publish_at if announcement.status != S.DRAFT else None, cleaned)
        changed = save_changes(announcement, cleaned, actor=actor, verb="announcement.updated")
        if changed and announcement.status == S.PUBLISHED and not announcement.is_expired:
            deliver(announcement)
    return announcement


def _check_expiry(publish_at: datetime | None, values: Mapping[str, Any]) -> None:
    expires_at = values.get("expires_at")
    if expires_at is not None and publish_at is not None and expires_at <= publish_at:
        raise field_error(
            "expires_at",
            _("It would expire before it is published: choose a later moment."),
            E.EXPIRES_BEFORE_PUBLISH,
        )


def _publish_now(*, actor: Actor, announcement: Announcement, now: datetime) -> None:
    """The locked row becomes published, its audience notified, in the caller's transaction."""
    before = announcement.status
    announcement.status = S.PUBLISHED
    announcement.published_at = now
    if announcement.publish_at is None or announcement.publish_at > now:
        announcement.publish_at = now
    announcement.save()
    reached = deliver(announcement)
    record_event(
        actor=actor,
        verb="announcement.published",
        target=announcement,
        before={"status": before},
        after={"status": S.PUBLISHED, "recipients": reached},
    )


def announcement_publish(
    *, actor: Actor, announcement: Announcement, data: Mapping[str, Any] | PublishInput | None = None
) -> Announcement:
    """Publish a draft or scheduled announcement now (no `publish_at`, or one already past) or schedule it
    for `publish_at`; the periodic `announcements.publish_due` publishes it then."""
    actor.require("enablement.manage")
    cleaned = PublishInput.bind(data or {}).cleaned()
    now = timezone.now()
    publish_at = cleaned.get("publish_at")
    with transaction.atomic():
        announcement = lock_visible(Announcement.objects, actor=actor, pk=announcement.pk)
        require_action(actor, announcement, Action.PUBLISH)
        _check_expiry(max(publish_at or now, now), {"expires_at": announcement.expires_at})
        if publish_at is not None and publish_at > now:
            before = {"status": announcement.status, "publish_at": announcement.publish_at}
            announcement.status = S.SCHEDULED
            announcement.publish_at = publish_at
            announcement.save()
            record_event(
                actor=actor,
                verb="announcement.scheduled",
                target=announcement,
                before=before,
                after={"status": S.SCHEDULED, "publish_at": publish_at},
            )
        else:
            announcement.publish_at = publish_at
            _publish_now(actor=actor, announcement=announcement, now=now)
    return announcement


def announcement_withdraw(*, actor: Actor, announcement: Announcement) -> Announcement:
    """Partners no longer see it; a digest not yet sent leaves it out."""
    actor.require("enablement.manage")
    with transaction.atomic():
        announcement = lock_visible(Announcement.objects, actor=actor, pk=announcement.pk)
        require_action(actor, announcement, Action.WITHDRAW)
        before = announcement.status
        announcement.status = S.WITHDRAWN
        announcement.withdrawn_at = timezone.now()
        announcement.save()
        record_event(
            actor=actor,
            verb="announcement.withdrawn",
            target=announcement,
            before={"status": before},
            after={"status": S.WITHDRAWN},
        )
    return announcement


def announcements_publish_due(*, now: datetime | None = None) -> int:
    """Periodic: the scheduled announcements whose moment has come are published (and their audience
    notified), each once. Safe to run twice, or in two processes at once."""
    now = now or timezone.now()
    actor = system_actor()
    due = Announcement.objects.filter(status=S.SCHEDULED, publish_at__lte=now).order_by("publish_at", "pk")
    published = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            announcement = lock_visible(Announcement.objects, actor=actor, pk=pk)
            if announcement.status != S.SCHEDULED or announcement.publish_at is None:
                continue  # changed since the list was read
            if announcement.publish_at > now:
                continue
            _publish_now(actor=actor, announcement=announcement, now=now)
            published += 1
    return published


def announcement_mark_read(*, actor: Actor, announcement: Announcement) -> bool:
    """A partner user opened the announcement: counted once per person (True the first time). Staff
    reading it are not its readers."""
    if not actor.is_partner or actor.user is None:
        raise PermissionDenied
    announcement = get_visible_or_404(Announcement.objects.visible_to(actor), pk=announcement.pk)
    reads = AnnouncementRead.objects.visible_to(actor)
    if reads.filter(announcement=announcement, user=actor.user).exists():
        return False
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(announcement=announcement, user=actor.user, partner=actor.partner)
            record_event(actor=actor, verb="announcement.read", target=announcement, partner=actor.partner)
    except IntegrityError:  # the same person, in another tab, at the same moment
        return False
    return True
