"""Reads of announcements. Staff see every announcement; a partner user sees the published, unexpired ones
meant for the company they act for (`Announcement.partner_filter`), each marked read or not for them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, QuerySet

from announcements.filters import AnnouncementFilterSet
from announcements.models import Announcement, AnnouncementDelivery, AnnouncementRead
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404

# How many the partner home's card lists.
LATEST = 5


def announcements_visible(*, actor: Actor) -> QuerySet[Announcement]:
    qs = Announcement.objects.visible_to(actor)
    if actor.is_partner and actor.user is not None:
        mine = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=actor.user)
        qs = qs.annotate(is_read=Exists(mine))
    return qs


def announcement_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AnnouncementFilterSet:
    """The list's bound FilterSet (`.qs` are the rows, `.form` the filter form); staff rows carry
    `read_count` (distinct readers), a partner user's rows `is_read`."""
    qs = announcements_visible(actor=actor)
    if actor.is_staff:
        qs = qs.annotate(read_count=Count("reads", distinct=True)).select_related("author")
    return bind_filters(
        AnnouncementFilterSet,
        data,
        queryset=qs.order_by("-publish_at", "-created_at", "-id"),
        strict=strict,
        actor=actor,
    )


def announcement_get(*, actor: Actor, public_id: UUID | str) -> Announcement:
    return get_visible_or_404(
        announcements_visible(actor=actor).select_related("author"), public_id=public_id
    )


def announcements_latest(*, actor: Actor, limit: int = LATEST) -> list[Announcement]:
    """The partner home's card: the newest announcements for the reader, unread ones first (one query)."""
    newest = announcements_visible(actor=actor).order_by(F("is_read").asc(), "-publish_at", "-id")
    return list(newest[:limit])


@dataclass(frozen=True)
class ReadStats:
    readers: int  # distinct partner users who opened it
    users_reached: int  # people it was delivered to when published
    partners_reached: int
    partners_read: int  # partners at least one of whose users opened it


def announcement_stats(*, actor: Actor, announcement: Announcement) -> ReadStats:
    """Who it reached and who read it (staff; two queries)."""
    actor.require("enablement.view")
    reads = AnnouncementRead.objects.visible_to(actor).filter(announcement=announcement)
    read = reads.aggregate(readers=Count("user", distinct=True), partners=Count("partner", distinct=True))
    reached = AnnouncementDelivery.objects.visible_to(actor).filter(announcement=announcement)
    delivered = reached.aggregate(
        users=Count("user", distinct=True), partners=Count("partner", distinct=True)
    )
    return ReadStats(
        readers=read["readers"],
        users_reached=delivered["users"],
        partners_reached=delivered["partners"],
        partners_read=read["partners"],
    )
