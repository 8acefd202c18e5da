"""Reads of campaigns, through `visible_to`: staff read every kit and launch; a partner user reads the
published kits meant for its company and its own launches (and their numbers, `campaigns.numbers`).

The landing page is public: `landing_get` finds a launch by its address for anyone, and what the page shows
comes from that launch alone (its kit, its partner)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from campaigns.filters import KitFilterSet
from campaigns.models import CampaignKit, KitMessage, KitStatus, Launch
from collateral.models import CollateralTemplate
from content.models import Asset
from core.actor import Actor, system_actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from referrals.models import Attribution, AttributionSource
from referrals.selectors import LINKING_STATUSES


def kits_visible(*, actor: Actor) -> QuerySet[CampaignKit]:
    return CampaignKit.objects.visible_to(actor)


def kit_filters(*, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False) -> KitFilterSet:
    return bind_filters(
        KitFilterSet,
        data,
        queryset=kits_visible(actor=actor).order_by("title_en", "id"),
        strict=strict,
        actor=actor,
    )


def kit_get(*, actor: Actor, public_id: UUID | str) -> CampaignKit:
    return get_visible_or_404(kits_visible(actor=actor).select_related("created_by"), public_id=public_id)


def kit_messages(*, actor: Actor, kit: CampaignKit) -> QuerySet[KitMessage]:
    return KitMessage.objects.visible_to(actor).filter(kit=kit)


def message_get(*, actor: Actor, public_id: UUID | str) -> KitMessage:
    return get_visible_or_404(KitMessage.objects.visible_to(actor).select_related("kit"), public_id=public_id)


def kit_assets(*, actor: Actor, kit: CampaignKit) -> QuerySet[Asset]:
    """The kit's library assets the reader may open (a partner: those meant for it and live)."""
    return Asset.objects.visible_to(actor).filter(pk__in=kit.assets.values("pk")).order_by("title_en")


def kit_templates(*, actor: Actor, kit: CampaignKit) -> QuerySet[CollateralTemplate]:
    return (
        CollateralTemplate.objects.visible_to(actor)
        .filter(pk__in=kit.templates.values("pk"))
        .order_by("title_en")
    )


def asset_choices(*, actor: Actor) -> QuerySet[Asset]:
    return Asset.objects.visible_to(actor).order_by("title_en")


def template_choices(*, actor: Actor) -> QuerySet[CollateralTemplate]:
    return CollateralTemplate.objects.visible_to(actor).order_by("title_en")


def launchable_kits(*, actor: Actor) -> QuerySet[CampaignKit]:
    """The kits a partner user may launch (published, meant for its company)."""
    if not actor.is_partner:
        return CampaignKit.objects.none()
    return kits_visible(actor=actor).filter(status=KitStatus.PUBLISHED)


def launches_visible(*, actor: Actor) -> QuerySet[Launch]:
    return Launch.objects.visible_to(actor).select_related(
        "kit", "partner", "partner__campaign_slug", "link", "launched_by"
    )


def launch_get(*, actor: Actor, public_id: UUID | str) -> Launch:
    return get_visible_or_404(launches_visible(actor=actor), public_id=public_id)


def launch_of(*, actor: Actor, kit: CampaignKit) -> Launch | None:
    """The launch of `kit` by the company the partner user acts for, if there is one."""
    if not actor.is_partner:
        return None
    return launches_visible(actor=actor).filter(kit=kit, partner=actor.partner).first()


def landing_get(*, partner_slug: str, kit_slug: str) -> Launch | None:
    """The launch behind a landing page address: a kit that is published, a partner that may sell. Read
    for the public (the system actor's scope), nothing else of any partner."""
    return (
        launches_visible(actor=system_actor())
        .filter(
            partner__campaign_slug__slug=partner_slug,
            kit__slug=kit_slug,
            kit__status=KitStatus.PUBLISHED,
            partner__status__in=LINKING_STATUSES,
        )
        .first()
    )


def launch_attributions(*, actor: Actor, launch: Launch) -> QuerySet[Attribution]:
    """The leads the launch brought, with how each was credited (its link, or its landing page)."""
    return (
        Attribution.objects.visible_to(actor)
        .filter(
            Q(link_id=launch.link_id)
            | Q(source=AttributionSource.LANDING_PAGE, lead__source_detail=launch.landing_path)
        )
        .select_related("lead", "link", "partner")
        .order_by("-created_at", "-id")
    )
