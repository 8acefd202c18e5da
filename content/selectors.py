"""Reads for the content library. Every query starts from `visible_to(actor)`: partner users read the live
assets meant for the partner they act for (`content.models.asset_partner_filter`), staff read everything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from catalog.models import Product
from content.filters import ActivityFilterSet, AssetFilterSet
from content.models import ActivityKind, Asset, AssetActivity, AssetVersion, Category, LibraryVisit
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404

# The library's lists count at most this many assets ("1,000 assets or more"): past that a reader narrows the
# search rather than pages on, and counting a large library's every match would cost more than showing a page.
COUNT_CAP = 1000
# Before a person's first visit, what came in the last month is new to them.
FIRST_VISIT_NEW_DAYS = 30


def assets_visible(*, actor: Actor) -> QuerySet[Asset]:
    return Asset.objects.visible_to(actor)


def category_list(*, actor: Actor) -> QuerySet[Category]:
    return Category.objects.visible_to(actor).order_by("name_en", "id")


def products_to_target(*, actor: Actor) -> QuerySet[Product]:
    return Product.objects.visible_to(actor).filter(is_active=True).order_by("sku")


def new_since(*, actor: Actor) -> dt.datetime:
    """What is new to this reader: what came after the start of their previous visit (read, not noted)."""
    visit = LibraryVisit.objects.visible_to(actor).first() if actor.user else None
    if visit is not None and visit.seen_until is not None:
        return visit.seen_until
    if visit is not None:
        return min(visit.visited_at, timezone.now() - dt.timedelta(days=FIRST_VISIT_NEW_DAYS))
    return timezone.now() - dt.timedelta(days=FIRST_VISIT_NEW_DAYS)


def asset_filters(
    *,
    actor: Actor,
    data: Mapping[str, Any] | None = None,
    strict: bool = False,
    since: dt.datetime | None = None,
) -> AssetFilterSet:
    """The library list's bound FilterSet (`.qs` the rows, `.form` the filter form). `since`: what counts
    as new (the "new" filter, and the mark on each row)."""
    since = since or new_since(actor=actor)
    qs = assets_visible(actor=actor).select_related("category")
    if actor.is_staff:
        # Counted per row shown (a subquery each), not by grouping every match of the list.
        qs = qs.annotate(
            views=_activity_count(ActivityKind.VIEW), downloads=_activity_count(ActivityKind.DOWNLOAD)
        )
    return bind_filters(
        AssetFilterSet,
        data,
        queryset=qs.order_by("-freshened_at", "-id"),
        strict=strict,
        actor=actor,
        since=since,
        categories=category_list(actor=actor),
        products=products_to_target(actor=actor),
    )


def _activity_count(kind: str) -> Coalesce:
    counted = (
        AssetActivity.objects.filter(asset=OuterRef("pk"), kind=kind)
        .order_by()
        .values("asset")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def asset_get(*, actor: Actor, public_id: UUID | str) -> Asset:
    return get_visible_or_404(assets_visible(actor=actor).select_related("category"), public_id=public_id)


def current_versions(asset: Asset) -> dict[str, AssetVersion]:
    """The newest version in each language: what partners get."""
    current: dict[str, AssetVersion] = {}
    for version in asset.versions.order_by("language", "-number"):
        current.setdefault(version.language, version)
    return current


def version_for_reader(asset: Asset, language: str | None = None) -> AssetVersion | None:
    """The version a reader gets: the newest in the language asked for (else the reader's), else in English,
    else in any language."""
    current = current_versions(asset)
    wanted = (language or get_language() or "en")[:2]
    return current.get(wanted) or current.get("en") or next(iter(current.values()), None)


def version_history(*, actor: Actor, asset: Asset) -> QuerySet[AssetVersion]:
    """The versions of an asset the reader may see: every one for staff, the current ones for partners."""
    return AssetVersion.objects.visible_to(actor).filter(asset=asset).select_related("created_by")


def asset_usage_by_partner(*, actor: Actor, asset: Asset) -> list[dict[str, Any]]:
    """Views and downloads of one asset per partner, most downloads first (staff)."""
    rows = (
        AssetActivity.objects.visible_to(actor)
        .filter(asset=asset, partner__isnull=False)
        .values("partner__public_id", "partner__name")
        .annotate(
            views=Count("id", filter=Q(kind=ActivityKind.VIEW)),
            downloads=Count("id", filter=Q(kind=ActivityKind.DOWNLOAD)),
            people=Count("user", distinct=True),
        )
        .order_by("-downloads", "-views", "partner__name")
    )
    return list(rows[:200])


def activity_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ActivityFilterSet:
    """Every view and download, newest first (staff): filtered by partner, asset, kind and dates."""
    qs = AssetActivity.objects.visible_to(actor).select_related("asset", "partner", "user")
    return bind_filters(
        ActivityFilterSet, data, queryset=qs.order_by("-at", "-id"), strict=strict, actor=actor
    )


def new_asset_count(*, actor: Actor) -> int:
    since = new_since(actor=actor)
    return (
        assets_visible(actor=actor).filter(freshened_at__gt=since, freshened_at__lte=timezone.now()).count()
    )


def latest_assets(*, actor: Actor, limit: int = 3) -> list[Asset]:
    now = timezone.now()
    return list(
        assets_visible(actor=actor).filter(freshened_at__lte=now).order_by("-freshened_at", "-id")[:limit]
    )


def partner_library_use(*, actor: Actor, partner: Any, since: dt.datetime) -> dict[str, Any]:
    """How one partner used the library since `since`: totals, people, the last time, the top assets."""
    rows = AssetActivity.objects.visible_to(actor).filter(partner=partner, at__gte=since)
    totals = rows.aggregate(
        views=Count("id", filter=Q(kind=ActivityKind.VIEW)),
        downloads=Count("id", filter=Q(kind=ActivityKind.DOWNLOAD)),
        people=Count("user", distinct=True),
        last=Max("at"),
    )
    top = (
        rows.values("asset__public_id", "asset__title_en")
        .annotate(
            downloads=Count("id", filter=Q(kind=ActivityKind.DOWNLOAD)),
            views=Count("id", filter=Q(kind=ActivityKind.VIEW)),
        )
        .order_by("-downloads", "-views")[:5]
    )
    return totals | {"top": list(top)}
