"""Reads of recognition. Awards and settings are the vendor's; grants go through `visible_to` (a partner user
reads its own company's live badges); a leaderboard is computed for every partner (`recognition.boards`) and
shown to the reader only through `recognition.visibility.present`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from partners.models import Partner
from programs.models import PartnerProgram
from recognition.boards import leaderboard
from recognition.filters import AwardFilterSet, GrantFilterSet
from recognition.models import Award, AwardGrant, BoardPeriod, LeaderboardSetting, Metric, TierUpDraft
from recognition.visibility import Presented, present

# How many badges the partner's home card and the partner page's panel show.
BADGES_SHOWN = 6


def award_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AwardFilterSet:
    """The awards list's bound FilterSet; each row counts the partners holding it (`grant_count`)."""
    actor.require("recognition.view")
    qs = Award.objects.visible_to(actor).annotate(
        grant_count=Count("grants", filter=Q(grants__revoked_at__isnull=True))
    )
    return bind_filters(
        AwardFilterSet, data, queryset=qs.order_by("name_en", "id"), strict=strict, actor=actor
    )


def award_get(*, actor: Actor, public_id: UUID | str) -> Award:
    actor.require("recognition.view")
    return get_visible_or_404(Award.objects.visible_to(actor).select_related("program"), public_id=public_id)


def grants_visible(*, actor: Actor) -> QuerySet[AwardGrant]:
    actor.require("recognition.view")
    return AwardGrant.objects.visible_to(actor).select_related("award", "partner")


def grant_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> GrantFilterSet:
    """The grants list's bound FilterSet: staff see every partner's (revoked ones too), a partner user its own
    company's live badges."""
    qs = grants_visible(actor=actor).order_by("-granted_at", "-id")
    awards = partners = None
    if actor.is_staff:
        awards = Award.objects.visible_to(actor).order_by("name_en")
        partners = (
            Partner.objects.visible_to(actor).filter(award_grants__isnull=False).distinct().order_by("name")
        )
    return bind_filters(
        GrantFilterSet, data, queryset=qs, strict=strict, actor=actor, awards=awards, partners=partners
    )


def grant_get(*, actor: Actor, public_id: UUID | str) -> AwardGrant:
    return get_visible_or_404(
        grants_visible(actor=actor).select_related("award__program", "granted_by", "revoked_by"),
        public_id=public_id,
    )


def partner_badges(*, actor: Actor, partner: Any, limit: int = BADGES_SHOWN) -> list[AwardGrant]:
    """The partner's live awards, newest first (the partner page's panel, the home card, the profile)."""
    rows = grants_visible(actor=actor).filter(partner=partner, revoked_at__isnull=True)
    return list(rows.order_by("-granted_at", "-id")[:limit])


def award_grants(*, actor: Actor, award: Award) -> QuerySet[AwardGrant]:
    """Who holds (or held) an award, newest first (the award's page)."""
    return grants_visible(actor=actor).filter(award=award).order_by("-granted_at", "-id")


def leaderboard_settings(*, actor: Actor) -> list[LeaderboardSetting]:
    """The setting for every program first, then the programs' own."""
    actor.require("recognition.view")
    rows = LeaderboardSetting.objects.visible_to(actor).select_related("program", "updated_by")
    return sorted(rows, key=lambda s: (s.program_id is not None, s.program.position if s.program else 0))


def setting_get(*, actor: Actor, public_id: UUID | str) -> LeaderboardSetting:
    actor.require("recognition.view")
    return get_visible_or_404(
        LeaderboardSetting.objects.visible_to(actor).select_related("program"), public_id=public_id
    )


def board_for(
    *,
    actor: Actor,
    program: PartnerProgram | None = None,
    region: str = "",
    partner_type: str = "",
    period: str = "",
    metric: str = "",
) -> Presented:
    """A leaderboard as `actor` may see it (`recognition.visibility.present`)."""
    actor.require("recognition.view")
    board = leaderboard(
        program_id=program.pk if program is not None else None,
        region=region,
        partner_type=partner_type,
        period=period or BoardPeriod.THIS_QUARTER,
        metric=metric or Metric.REVENUE,
    )
    return present(board, actor)


def tier_up_drafts_waiting(*, actor: Actor, limit: int = 5) -> tuple[list[TierUpDraft], int]:
    """The tier-up announcement drafts marketing has not published or withdrawn yet (newest first) and their
    number (the staff home card)."""
    actor.require("recognition.view")
    rows = (
        TierUpDraft.objects.visible_to(actor)
        .filter(announcement__status="draft")
        .select_related("partner", "program", "announcement")
        .order_by("-created_at", "-id")
    )
    return list(rows[:limit]), rows.count()
