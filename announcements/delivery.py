"""How a published announcement reaches partner users: an in-app notification for each active user of each
partner in its audience when it is published (`deliver`, once), and the email digest (`send_digest`), which
gathers per person what has not been emailed yet and sends one email, to those whose notification setting for
the kind is "in the app and by email". Both are idempotent: `Announcement.delivered_at` and
`AnnouncementDelivery.emailed_at` record what was done, in the same transaction as the notifications and the
queued emails (sent after commit). The queries do not grow with the number of people (one email each aside).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import Membership
from announcements.events import NOTIFICATION_VERBS
from announcements.models import (
    Announcement,
    AnnouncementDelivery,
    AnnouncementKind,
    DigestOutcome,
    live_q,
)
from core.emails import queue_email
from core.links import object_url
from notifications.kinds import Channel
from notifications.messages import InLanguages
from notifications.services import channels_for, notify
from partners.choices import PartnerStatus

MESSAGES = {
    AnnouncementKind.ANNOUNCEMENT: gettext_noop("New announcement: %(title)s"),
    AnnouncementKind.NEWSLETTER: gettext_noop("New newsletter: %(title)s"),
}
DIGEST_SUBJECT = gettext_lazy("What is new in the partner program")


def audience_partners_q(announcement: Announcement, prefix: str = "") -> Q:
    """The partners in the announcement's audience (the reverse of `partners.audience.audience_q`)."""
    condition = ~Q(**{f"{prefix}status": PartnerStatus.OFFBOARDED})
    for dimension, field in (("partner_types", "partner_type"), ("tiers", "tier"), ("regions", "region")):
        values = getattr(announcement, dimension)
        if values:
            condition &= Q(**{f"{prefix}{field}__in": values})
    return condition


def recipients(announcement: Announcement) -> list[tuple[int, int]]:
    """(user id, partner id) of every active user of every partner in the audience; one partner per user
    (the first by name), so a person in two such partners hears once."""
    memberships = (
        Membership.objects.filter(audience_partners_q(announcement, "partner__"))
        .filter(is_active=True, user__is_active=True)
        .order_by("user_id", "partner__name", "partner_id")
        .values_list("user_id", "partner_id")
    )
    found: dict[int, int] = {}
    for user_id, partner_id in memberships:
        found.setdefault(user_id, partner_id)
    return list(found.items())


def deliver(announcement: Announcement) -> int:
    """Inside the publishing (or changing) transaction, on the locked, published row: notify in the app each
    person of its audience it has not reached yet, and record whom it reached (for the digest). Publishing
    reaches the whole audience; a later change of the audience reaches only the newcomers; nobody hears
    twice. Returns how many people it reached now."""
    already = set(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list("user_id", flat=True)
    )
    reached = [
        (user_id, partner_id) for user_id, partner_id in recipients(announcement) if user_id not in already
    ]
    if reached:
        notify(
            users=[user_id for user_id, _partner_id in reached],
            verb=NOTIFICATION_VERBS[AnnouncementKind(announcement.kind)],
            message=MESSAGES[AnnouncementKind(announcement.kind)],
            params={"title": InLanguages(en=announcement.title_en, ru=announcement.title_ru)},
            link=object_url("announcements:detail", announcement.public_id),
        )
        AnnouncementDelivery.objects.bulk_create(
            [
                AnnouncementDelivery(announcement=announcement, user_id=user_id, partner_id=partner_id)
                for user_id, partner_id in reached
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
    if announcement.delivered_at is None:
        announcement.delivered_at = timezone.now()
        announcement.save(update_fields=["delivered_at", "updated_at"])
    return len(reached)


def send_digest(*, now: datetime | None = None) -> int:
    """Email each person the live announcements that reached them and no digest has carried yet, in one
    email, if their setting for the kind is "in the app and by email"; the rest are marked skipped. Returns
    how many emails were queued. Running it again sends nothing twice."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            AnnouncementDelivery.objects.select_for_update(of=("self",))
            .filter(emailed_at__isnull=True)
            .select_related("announcement", "user", "partner")
            .order_by("user_id", "announcement__publish_at", "announcement_id")
        )
        if not due:
            return 0
        live = set(
            Announcement.objects.filter(live_q(now), pk__in={d.announcement_id for d in due}).values_list(
                "pk", flat=True
            )
        )
        user_ids = {d.user_id for d in due}
        # Still meant for them: the person still works for the partner it reached them through, and the
        # audience (which may have narrowed since) still includes that partner.
        members = set(
            Membership.objects.filter(user_id__in=user_ids, is_active=True).values_list(
                "user_id", "partner_id"
            )
        )
        channels = {
            kind: channels_for(user_ids=user_ids, verb=verb) for kind, verb in NOTIFICATION_VERBS.items()
        }
        by_user: dict[int, list[AnnouncementDelivery]] = defaultdict(list)
        sent: list[int] = []
        for delivery in due:
            wanted = channels[AnnouncementKind(delivery.announcement.kind)][delivery.user_id] == Channel.EMAIL
            still_theirs = (
                delivery.user_id,
                delivery.partner_id,
            ) in members and delivery.announcement.reaches(delivery.partner)
            if delivery.announcement_id in live and delivery.user.is_active and wanted and still_theirs:
                by_user[delivery.user_id].append(delivery)
                sent.append(delivery.pk)
        for deliveries in by_user.values():
            user = deliveries[0].user
            queue_email(
                to=user.email,
                to_user=user,
                subject=DIGEST_SUBJECT,
                template="announcements/email/digest.txt",
                context={
                    "user": user,
                    "announcements": [d.announcement for d in deliveries],
                    "list_url": reverse("announcements:list"),
                },
            )
        AnnouncementDelivery.objects.filter(pk__in=sent).update(emailed_at=now, outcome=DigestOutcome.SENT)
        emailed = set(sent)
        AnnouncementDelivery.objects.filter(pk__in=[d.pk for d in due if d.pk not in emailed]).update(
            emailed_at=now, outcome=DigestOutcome.SKIPPED
        )
    return len(by_user)
