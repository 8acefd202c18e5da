"""The campaigns API: kits (staff write them; partners read the published ones meant for them), launches
(partners launch; each reads its own), and what a launch or a kit brought."""

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from campaigns.filters import KitFilterSet
from campaigns.numbers import kit_numbers
from campaigns.schemas import (
    KitDetailOut,
    KitIn,
    KitOut,
    KitPatch,
    LaunchDetailOut,
    LaunchIn,
    LaunchOut,
    NumbersOut,
)
from campaigns.selectors import kit_filters, kit_get, launch_get, launches_visible
from campaigns.services import kit_create, kit_publish, kit_retire, kit_update, launch_api_create
from core.errors import field_error
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.openapi import file_upload_body
from core.pagination import KanalPagination

router = Router(tags=["campaigns"])

KitQuery = filterset_schema(KitFilterSet, "CampaignKitQuery")


@router.get("/kits", response=list[KitOut], summary="List campaign kits (partners: the ones meant for you)")
@paginate(KanalPagination)
def list_kits(request, filters: Query[KitQuery]):  # type: ignore[valid-type]
    request.actor.require("campaigns.view")
    return kit_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/kits", response={201: KitDetailOut}, summary="Create a campaign kit, as a draft (marketing)")
def create_kit(request, payload: KitIn):  # type: ignore[valid-type]
    kit = kit_create(actor=request.actor, data=body_values(payload))
    return Status(201, kit_get(actor=request.actor, public_id=kit.public_id))


@router.get("/kits/{kit_id}", response=KitDetailOut, summary="A campaign kit")
def get_kit(request, kit_id: UUID):
    request.actor.require("campaigns.view")
    return kit_get(actor=request.actor, public_id=kit_id)


@router.patch("/kits/{kit_id}", response=KitDetailOut, summary="Change a campaign kit")
def update_kit(request, kit_id: UUID, payload: KitPatch):  # type: ignore[valid-type]
    kit = kit_get(actor=request.actor, public_id=kit_id)
    kit_update(actor=request.actor, kit=kit, data=body_values(payload, exclude_unset=True))
    return kit_get(actor=request.actor, public_id=kit_id)


@router.post(
    "/kits/{kit_id}/image",
    response=KitDetailOut,
    summary="Upload the landing page's image (multipart field `image`: PNG or JPEG, at most 1 MB)",
    openapi_extra=file_upload_body("image"),
)
def upload_image(request, kit_id: UUID, image: UploadedFile | None = File(None)):  # noqa: B008
    """Replaces the image before; refusals (not a PNG or JPEG, too large) are 422 on `image`."""
    kit = kit_get(actor=request.actor, public_id=kit_id)
    if image is None:
        raise field_error("image", _("Choose a PNG or JPEG image."), "required")
    kit_update(actor=request.actor, kit=kit, data={"image": image})
    return kit_get(actor=request.actor, public_id=kit_id)


@router.post("/kits/{kit_id}/publish", response=KitDetailOut, summary="Publish a kit: partners may launch it")
def publish_kit(request, kit_id: UUID):
    kit = kit_get(actor=request.actor, public_id=kit_id)
    kit_publish(actor=request.actor, kit=kit)
    return kit_get(actor=request.actor, public_id=kit_id)


@router.post("/kits/{kit_id}/retire", response=KitDetailOut, summary="Retire a kit: its landing pages close")
def retire_kit(request, kit_id: UUID):
    kit = kit_get(actor=request.actor, public_id=kit_id)
    kit_retire(actor=request.actor, kit=kit)
    return kit_get(actor=request.actor, public_id=kit_id)


@router.get("/kits/{kit_id}/numbers", response=NumbersOut, summary="What a kit's launches brought (staff)")
def kit_numbers_view(request, kit_id: UUID):
    kit = kit_get(actor=request.actor, public_id=kit_id)
    request.actor.require("campaigns.manage")
    return kit_numbers(actor=request.actor, kits=[kit])[kit.pk]


@router.get("/launches", response=list[LaunchOut], summary="List launches (partners: their own)")
@paginate(KanalPagination)
def list_launches(request):
    request.actor.require("campaigns.view")
    return launches_visible(actor=request.actor).order_by("-created_at", "-id")


@router.post(
    "/launches",
    response={200: LaunchDetailOut, 201: LaunchDetailOut},
    summary="Launch a kit for your company (once: launching again answers with the launch there is)",
)
def create_launch(request, payload: LaunchIn):  # type: ignore[valid-type]
    launch, created = launch_api_create(actor=request.actor, data=body_values(payload))
    return Status(201 if created else 200, launch_get(actor=request.actor, public_id=launch.public_id))


@router.get("/launches/{launch_id}", response=LaunchDetailOut, summary="A launch, its texts and its numbers")
def get_launch(request, launch_id: UUID):
    request.actor.require("campaigns.view")
    return launch_get(actor=request.actor, public_id=launch_id)


@router.get("/launches/{launch_id}/numbers", response=NumbersOut, summary="What a launch brought")
def launch_numbers_view(request, launch_id: UUID):
    from campaigns.numbers import launch_numbers

    launch = launch_get(actor=request.actor, public_id=launch_id)
    request.actor.require("campaigns.view")
    return launch_numbers(actor=request.actor, launches=[launch])[launch.pk]
