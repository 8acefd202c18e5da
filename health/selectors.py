"""Reads of partner health: the settings, a partner's scores and history, the risk reviews (the at-risk list
through its one FilterSet) and what the CAM's card counts."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from health.filters import PHASE_CHOICES, ReviewFilterSet, phase_q
from health.models import LIVE_REVIEW, HealthScore, HealthSettings, RiskReview
from partners.models import Partner

SETTINGS_SECONDS = 30
_settings: tuple[float, HealthSettings] | None = None
HISTORY_DAYS = 180  # the history a partner's health page shows
PHASES = [value for value, _label in PHASE_CHOICES]


def health_settings(*, fresh: bool = False) -> HealthSettings:
    """The health settings (one row, made with the defaults the first time)."""
    global _settings
    now = time.monotonic()
    if not fresh and _settings is not None and now - _settings[0] < SETTINGS_SECONDS:
        return _settings[1]
    found = HealthSettings.objects.order_by("pk").first() or HealthSettings.objects.create()
    _settings = (now, found)
    return found


def forget_settings() -> None:
    global _settings
    _settings = None


def scores_visible(*, actor: Actor) -> QuerySet[HealthScore]:
    """The health scores the reader may see: staff every partner's, a partner user its own company's."""
    actor.require("health.view")
    return HealthScore.objects.visible_to(actor)


def latest_score(*, actor: Actor, partner: Partner) -> HealthScore | None:
    return scores_visible(actor=actor).filter(partner=partner).order_by("-day").first()


def score_history(*, actor: Actor, partner: Partner, days: int = HISTORY_DAYS) -> QuerySet[HealthScore]:
    """The partner's evaluations of the last `days` days, newest first."""
    since = timezone.localdate() - timedelta(days=days)
    return scores_visible(actor=actor).filter(partner=partner, day__gte=since).order_by("-day")


def health_partner(*, actor: Actor, public_id: UUID | str) -> Partner:
    """A partner whose health the reader may see (404 outside the reader's scope)."""
    actor.require("health.view")
    return get_visible_or_404(Partner.objects.visible_to(actor).select_related("cam"), public_id=public_id)


def reviews_visible(*, actor: Actor) -> QuerySet[RiskReview]:
    """Risk reviews (staff only), each with its partner's newest score (`latest_score`, `latest_day`,
    `latest_below`)."""
    if not actor.is_staff:
        raise PermissionDenied
    actor.require("health.view")
    newest = HealthScore.objects.filter(partner=OuterRef("partner_id")).order_by("-day")
    return (
        RiskReview.objects.visible_to(actor)
        .select_related("partner", "cam")
        .annotate(
            latest_score=Subquery(newest.values("score")[:1]),
            latest_day=Subquery(newest.values("day")[:1]),
            latest_below=Subquery(newest.values("below")[:1]),
        )
    )


def review_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ReviewFilterSet:
    return bind_filters(
        ReviewFilterSet, data, queryset=reviews_visible(actor=actor), actor=actor, strict=strict
    )


def review_get(*, actor: Actor, public_id: UUID | str) -> RiskReview:
    return get_visible_or_404(reviews_visible(actor=actor), public_id=public_id)


def live_review(*, actor: Actor, partner: Partner) -> RiskReview | None:
    """The partner's open or planned review, for those who may read reviews."""
    if not actor.is_staff or not actor.can("health.view"):
        return None
    return reviews_visible(actor=actor).filter(partner=partner, status__in=LIVE_REVIEW).first()


@dataclass(frozen=True)
class ReviewCounts:
    awaiting_plan: int
    overdue: int
    ready: int  # a plan recorded and the newest score at or above the threshold


def review_counts(*, actor: Actor, mine: bool) -> ReviewCounts:
    """What the CAM's card counts (one query): the live reviews of the reader's portfolio (`mine`) or all."""
    rows = reviews_visible(actor=actor).filter(status__in=LIVE_REVIEW)
    if mine:
        rows = rows.filter(cam=actor.user)
    counts = rows.aggregate(**{phase: Count("id", filter=phase_q(phase)) for phase in PHASES})
    return ReviewCounts(counts["awaiting"], counts["overdue"], counts["ready"])
