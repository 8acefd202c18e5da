"""The library in the REST API: assets (list, search, detail, download), their versions, categories, and for
staff the views and downloads. The same selectors, inputs and services as the pages."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from catalog.models import Product
from content.downloads import asset_file_link
from content.filters import ActivityFilterSet, AssetFilterSet
from content.models import ActivityKind, AssetVersion, Language
from content.rules import allowed_actions
from content.schemas import (
    AssetActivityOut,
    AssetCreateIn,
    AssetDownloadOut,
    AssetOut,
    AssetUpdateIn,
    AssetUsageOut,
    AssetVersionOut,
    LibraryCategoryIn,
    LibraryCategoryOut,
    VersionLinkIn,
)
from content.selectors import (
    COUNT_CAP,
    activity_filters,
    asset_filters,
    asset_get,
    asset_usage_by_partner,
    category_list,
    new_since,
    version_for_reader,
    version_history,
)
from content.services import (
    asset_archive,
    asset_create,
    asset_publish,
    asset_update,
    category_create,
    record_activity,
    record_view,
    version_add,
)
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination

router = Router(tags=["library"])

AssetQuery = filterset_schema(AssetFilterSet, "AssetQuery")
ActivityQuery = filterset_schema(ActivityFilterSet, "AssetActivityQuery")


def _require_staff(request) -> None:
    request.actor.require("enablement.view")
    if not request.actor.is_staff:
        raise PermissionDenied


def _since(request):
    since = getattr(request, "_library_since", None)
    if since is None:
        since = request._library_since = new_since(actor=request.actor)
    return since


def _with_related(queryset, actor):
    return queryset.prefetch_related(
        Prefetch("versions", queryset=AssetVersion.objects.order_by("language", "-number")),
        Prefetch(
            "products", queryset=Product.objects.visible_to(actor).order_by("sku"), to_attr="visible_products"
        ),
    )


def asset_out(request, asset) -> dict[str, Any]:
    """An asset as the reader may see it: staff's fields (status, audience, use) are null for partners."""
    actor = request.actor
    current: dict[str, Any] = {}
    for version in asset.versions.all():
        current.setdefault(version.language, version)
    since = _since(request)
    out: dict[str, Any] = {
        "public_id": asset.public_id,
        "kind": asset.kind,
        "title": asset.title,
        "title_en": asset.title_en,
        "title_ru": asset.title_ru,
        "description_en": asset.description_en,
        "description_ru": asset.description_ru,
        "category": asset.category,
        "tags": asset.tags,
        "products": (
            asset.visible_products
            if hasattr(asset, "visible_products")
            else list(asset.products.visible_to(actor).order_by("sku"))
        ),
        "freshened_at": asset.freshened_at,
        "is_new": bool(asset.freshened_at and since < asset.freshened_at),
        "files": [current[code] for code in Language.values if code in current],
        "actions": allowed_actions(actor, asset) if actor.is_staff else [],
    }
    if actor.is_staff:
        out |= {
            "status": asset.status,
            "publish_on": asset.publish_on,
            "available_until": asset.available_until,
            "partner_types": asset.partner_types,
            "tiers": asset.tiers,
            "regions": asset.regions,
            "views": getattr(asset, "views", None),
            "downloads": getattr(asset, "downloads", None),
        }
    return out


@router.get("/assets", response=list[AssetOut], summary="List and search the library")
@paginate(KanalPagination)
def list_assets(request, filters: Query[AssetQuery]):  # type: ignore[valid-type]
    """Partners: the live assets meant for their company. `q` searches titles, descriptions, tags,
    category, products and file names in both languages, typos forgiven. `new=yes`: new since the caller's
    last visit. `count` counts up to 1,000: a larger result is narrowed rather than paged through."""
    actor = request.actor
    actor.require("enablement.view")
    rows = asset_filters(actor=actor, data=query_data(filters), strict=True, since=_since(request)).qs
    return _LazyOut(request, _with_related(rows, actor))


class _LazyOut:
    """The paginated rows turned into their answer, page by page (the paginator slices, then reads)."""

    def __init__(self, request, queryset):
        self.request, self.queryset = request, queryset

    def count(self) -> int:
        return min(self.queryset.order_by()[: COUNT_CAP + 1].count(), COUNT_CAP)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = self.queryset[index]
        if isinstance(index, slice):
            return [asset_out(self.request, asset) for asset in rows]
        return asset_out(self.request, rows)


def _asset(request, asset_id: UUID):
    asset = asset_get(actor=request.actor, public_id=asset_id)
    return _with_related(type(asset).objects.filter(pk=asset.pk), request.actor).select_related("category")[0]


@router.get("/assets/{asset_id}", response=AssetOut, summary="An asset (counted as a view for partners)")
def get_asset(request, asset_id: UUID):
    request.actor.require("enablement.view")
    asset = _asset(request, asset_id)
    record_view(actor=request.actor, asset=asset)
    return asset_out(request, asset)


@router.get(
    "/assets/{asset_id}/download", response=AssetDownloadOut, summary="A download link for the caller"
)
def download_asset(request, asset_id: UUID, language: str = "", version: UUID | None = None):
    """The current version in `language` (else the caller's, else English, else any). Staff may name an older
    `version`. A file answers a signed link for the caller only, valid `FILE_LINK_SECONDS`; the download is
    counted when the link is used. A link asset answers its address (counted now)."""
    actor = request.actor
    actor.require("enablement.view")
    asset = asset_get(actor=actor, public_id=asset_id)
    chosen = None
    if version is not None:
        chosen = version_history(actor=actor, asset=asset).filter(public_id=version).first()
    else:
        chosen = version_for_reader(asset, language if language in Language.values else None)
    if chosen is None:
        raise Http404
    if asset.is_link:
        record_activity(actor=actor, asset=asset, kind=ActivityKind.DOWNLOAD, version=chosen)
        return {"url": chosen.url, "expires_in": None, "language": chosen.language, "version": chosen.number}
    key = str(chosen.public_id) if version is not None else chosen.language
    return {
        "url": request.build_absolute_uri(asset_file_link(actor=actor, asset=asset, version=key)),
        "expires_in": settings.FILE_LINK_SECONDS,
        "language": chosen.language,
        "version": chosen.number,
    }


@router.post("/assets", response={201: AssetOut}, summary="Create an asset (a draft; channel marketing, ops)")
def create_asset(request, payload: AssetCreateIn):  # type: ignore[valid-type]
    """A link asset may give its `url` (its first version, in `language`); files are added with
    `POST /assets/{id}/versions`. An asset is published with at least one version."""
    asset = asset_create(actor=request.actor, data=body_values(payload))
    return Status(201, asset_out(request, _asset(request, asset.public_id)))


@router.patch("/assets/{asset_id}", response=AssetOut, summary="Change an asset (channel marketing, ops)")
def update_asset(request, asset_id: UUID, payload: AssetUpdateIn):  # type: ignore[valid-type]
    asset = asset_get(actor=request.actor, public_id=asset_id)
    asset_update(actor=request.actor, asset=asset, data=body_values(payload, exclude_unset=True))
    return asset_out(request, _asset(request, asset_id))


@router.post(
    "/assets/{asset_id}/versions",
    response={201: AssetVersionOut},
    summary="Add a version: a file (multipart/form-data) or a link's address (JSON)",
)
def add_version(
    request,
    asset_id: UUID,
    language: Form[str] = Language.EN,  # type: ignore[assignment]
    note: Form[str] = "",  # type: ignore[assignment]
    file: File[UploadedFile] = None,  # type: ignore[assignment]
):
    """A file asset takes `multipart/form-data` with `file`, `language` and `note`; its type is read from its
    content and refused with a code (file_type_mismatch, file_too_large …). For a link asset use
    `POST /assets/{id}/links`."""
    asset = asset_get(actor=request.actor, public_id=asset_id)
    data = {"language": language, "note": note} | ({"file": file} if file is not None else {})
    return Status(201, version_add(actor=request.actor, asset=asset, data=data))


@router.post(
    "/assets/{asset_id}/links", response={201: AssetVersionOut}, summary="Add a version of a link asset"
)
def add_link_version(request, asset_id: UUID, payload: VersionLinkIn):  # type: ignore[valid-type]
    asset = asset_get(actor=request.actor, public_id=asset_id)
    return Status(201, version_add(actor=request.actor, asset=asset, data=body_values(payload)))


@router.get("/assets/{asset_id}/versions", response=list[AssetVersionOut], summary="Every version (staff)")
@paginate(KanalPagination)
def list_versions(request, asset_id: UUID):
    request.actor.require("enablement.view")
    asset = asset_get(actor=request.actor, public_id=asset_id)
    _require_staff(request)
    return version_history(actor=request.actor, asset=asset)


@router.post("/assets/{asset_id}/publish", response=AssetOut, summary="Publish an asset")
def publish_asset(request, asset_id: UUID):
    asset = asset_get(actor=request.actor, public_id=asset_id)
    asset_publish(actor=request.actor, asset=asset)
    return asset_out(request, _asset(request, asset_id))


@router.post("/assets/{asset_id}/archive", response=AssetOut, summary="Archive an asset")
def archive_asset(request, asset_id: UUID):
    asset = asset_get(actor=request.actor, public_id=asset_id)
    asset_archive(actor=request.actor, asset=asset)
    return asset_out(request, _asset(request, asset_id))


@router.get(
    "/assets/{asset_id}/usage",
    response=list[AssetUsageOut],
    summary="Views and downloads per partner (staff)",
)
@paginate(KanalPagination)
def asset_usage(request, asset_id: UUID):
    asset = asset_get(actor=request.actor, public_id=asset_id)
    _require_staff(request)
    return asset_usage_by_partner(actor=request.actor, asset=asset)


@router.get("/activity", response=list[AssetActivityOut], summary="Every view and download (staff)")
@paginate(KanalPagination)
def list_activity(request, filters: Query[ActivityQuery]):  # type: ignore[valid-type]
    _require_staff(request)
    return activity_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get("/categories", response=list[LibraryCategoryOut], summary="Library categories")
@paginate(KanalPagination)
def list_categories(request):
    request.actor.require("enablement.view")
    return category_list(actor=request.actor)


@router.post("/categories", response={201: LibraryCategoryOut}, summary="Add a library category")
def create_category(request, payload: LibraryCategoryIn):  # type: ignore[valid-type]
    return Status(201, category_create(actor=request.actor, data=body_values(payload)))
