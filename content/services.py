"""Writes for the content library: assets, their versions, categories, and the readings (views, downloads,
visits) that feed the statistics and "what's new". Managing is channel marketing's and operations' work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from content.inputs import AssetCreateInput, AssetInput, CategoryInput, VersionInput, version_values
from content.models import (
    ActivityKind,
    Asset,
    AssetActivity,
    AssetStatus,
    AssetVersion,
    Category,
    LibraryVisit,
)
from content.rules import AssetAction, require_action
from content.searching import remember_words, search_words
from content.selectors import category_list, products_to_target
from core.actor import Actor
from core.events import record_event, save_changes
from core.scoping import lock_visible

# A visit to the library lasts this long: the "new" marks stay while a person browses.
VISIT_GAP = dt.timedelta(minutes=30)
# A visit's time is moved on at most this often (a page view within it writes nothing).
VISIT_REFRESH = dt.timedelta(minutes=1)


def asset_input(*, actor: Actor, data: Any, asset: Asset | None = None) -> AssetInput:
    """The bound input of an asset: a new one with its first version, or changes (the API: only those
    given)."""
    categories, products = category_list(actor=actor), products_to_target(actor=actor)
    if asset is None:
        return AssetCreateInput.bind(data, categories=categories, products=products)
    return AssetInput.bind(data, instance=asset, partial=True, categories=categories, products=products)


def refresh_search_words(asset: Asset) -> None:
    """Keep `search_words` in step with everything they come from (after a change to any of it)."""
    versions = asset.versions.values_list("file_name", "note")
    asset.search_words = search_words(
        asset.title_en,
        asset.title_ru,
        asset.description_en,
        asset.description_ru,
        asset.tags,
        [asset.category.name_en, asset.category.name_ru] if asset.category else None,
        [f"{sku} {name}" for sku, name in asset.products.values_list("sku", "name")],
        [f"{name} {note}" for name, note in versions],
        asset.get_kind_display(),
    )
    Asset.objects.filter(pk=asset.pk).update(search_words=asset.search_words)
    remember_words(asset.search_words)


def asset_create(*, actor: Actor, data: Mapping[str, Any] | AssetCreateInput) -> Asset:
    """A new asset (a draft) with its first version."""
    actor.require("enablement.manage")
    cleaned = asset_input(actor=actor, data=data).cleaned()
    products = cleaned.pop("products")
    first = {name: cleaned.pop(name, None) for name in ("language", "file", "url")}
    with transaction.atomic():
        asset = Asset.objects.create(created_by=actor.user, **cleaned)
        asset.products.set(products)
        if first["file"] or first["url"]:
            version = version_values(first | {"note": ""})
            AssetVersion.objects.create(asset=asset, number=1, created_by=actor.user, **version)
        refresh_search_words(asset)
        record_event(
            actor=actor,
            verb="content.asset_created",
            target=asset,
            after=_described(cleaned, products),
        )
    return asset


def _described(cleaned: dict[str, Any], products: Any) -> dict[str, Any]:
    values = {name: value for name, value in cleaned.items() if value not in ("", None, [])}
    if "category" in values:
        values["category"] = str(values["category"])
    if products:
        values["products"] = [product.sku for product in products]
    return values


def asset_update(*, actor: Actor, asset: Asset, data: Mapping[str, Any] | AssetInput) -> Asset:
    bound = asset_input(actor=actor, data=data, asset=asset)
    with transaction.atomic():
        asset = lock_visible(Asset.objects, actor=actor, pk=asset.pk)
        require_action(actor, asset, AssetAction.EDIT)
        cleaned = bound.cleaned()
        products = cleaned.pop("products", None)
        save_changes(asset, cleaned, actor=actor, verb="content.asset_updated")
        if products is not None and set(products) != set(asset.products.all()):
            before = sorted(asset.products.values_list("sku", flat=True))
            asset.products.set(products)
            record_event(
                actor=actor,
                verb="content.asset_updated",
                target=asset,
                before={"products": before},
                after={"products": sorted(product.sku for product in products)},
            )
        refresh_search_words(asset)
    return asset


def version_add(*, actor: Actor, asset: Asset, data: Mapping[str, Any] | VersionInput) -> AssetVersion:
    """A new version of an asset in one language; partners get it from now on, the older ones stay."""
    bound = VersionInput.bind(data, asset=asset)
    with transaction.atomic():
        asset = lock_visible(Asset.objects, actor=actor, pk=asset.pk)
        require_action(actor, asset, AssetAction.ADD_VERSION)
        values = version_values(bound.cleaned())
        latest = asset.versions.filter(language=values["language"]).aggregate(n=Max("number"))["n"] or 0
        version = AssetVersion.objects.create(asset=asset, number=latest + 1, created_by=actor.user, **values)
        if asset.is_live():
            Asset.objects.filter(pk=asset.pk).update(freshened_at=timezone.now())
        refresh_search_words(asset)
        record_event(
            actor=actor,
            verb="content.version_added",
            target=asset,
            after={"language": version.language, "version": version.number, "note": version.note},
        )
    return version


def _first_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def asset_publish(*, actor: Actor, asset: Asset) -> Asset:
    """Partners in the audience see the asset from its first day (today when none was set) and it shows as
    new to them from then on."""
    with transaction.atomic():
        asset = lock_visible(Asset.objects, actor=actor, pk=asset.pk)
        require_action(actor, asset, AssetAction.PUBLISH)
        before = asset.status
        today = timezone.localdate()
        asset.status = AssetStatus.PUBLISHED
        asset.publish_on = asset.publish_on or today
        asset.freshened_at = max(timezone.now(), _first_moment(asset.publish_on))
        asset.save(update_fields=["status", "publish_on", "freshened_at", "updated_at"])
        record_event(
            actor=actor,
            verb="content.asset_published",
            target=asset,
            before={"status": before},
            after={"status": asset.status, "publish_on": asset.publish_on},
        )
    return asset


def asset_archive(*, actor: Actor, asset: Asset) -> Asset:
    """Partners no longer see the asset; it stays for the record and can be published again."""
    with transaction.atomic():
        asset = lock_visible(Asset.objects, actor=actor, pk=asset.pk)
        require_action(actor, asset, AssetAction.ARCHIVE)
        asset.status = AssetStatus.ARCHIVED
        asset.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            verb="content.asset_archived",
            target=asset,
            before={"status": AssetStatus.PUBLISHED},
            after={"status": asset.status},
        )
    return asset


def category_create(*, actor: Actor, data: Mapping[str, Any] | CategoryInput) -> Category:
    actor.require("enablement.manage")
    cleaned = CategoryInput.bind(data).cleaned()
    with transaction.atomic():
        category = Category.objects.create(**cleaned)
        record_event(actor=actor, verb="content.category_created", target=category, after=cleaned)
    return category


# --- readings ------------------------------------------------------------------------------------------


def record_activity(*, actor: Actor, asset: Asset, kind: str, version: AssetVersion | None = None) -> None:
    """A view or a download, counted for staff's statistics. Staff's own readings are not counted: the
    figures say how partners use the library."""
    if not actor.is_partner:
        return
    AssetActivity.objects.create(
        asset=asset, version=version, kind=kind, user=actor.user, partner_id=actor.partner_id
    )


def record_view(*, actor: Actor, asset: Asset) -> None:
    record_activity(actor=actor, asset=asset, kind=ActivityKind.VIEW)


def library_visit(*, actor: Actor) -> dt.datetime | None:
    """Note a visit to the library; returns what the visitor has seen until (None: a first visit, when the
    last month counts as new). Visits closer together than VISIT_GAP are one visit, so the marks stay while a
    person browses. A page view writes at most one UPDATE, and none within VISIT_REFRESH of the last: no
    transaction is held open on a read, which SQLite would refuse to concurrent readers of the page."""
    if actor.user is None:
        return None
    now = timezone.now()
    visit = LibraryVisit.objects.filter(user=actor.user).first()
    if visit is None:
        LibraryVisit.objects.get_or_create(user=actor.user, defaults={"seen_until": None, "visited_at": now})
        return None
    if now - visit.visited_at < VISIT_REFRESH:
        return visit.seen_until
    seen_until = visit.visited_at if now - visit.visited_at > VISIT_GAP else visit.seen_until
    LibraryVisit.objects.filter(pk=visit.pk).update(seen_until=seen_until, visited_at=now)
    return seen_until
