from uuid import UUID

from ninja import Query, Router, Status
from ninja.pagination import paginate

from announcements.filters import AnnouncementFilterSet
from announcements.schemas import (
    AnnouncementDetailOut,
    AnnouncementIn,
    AnnouncementOut,
    AnnouncementPatch,
    PublishIn,
    ReadOut,
)
from announcements.selectors import announcement_filters, announcement_get
from announcements.services import (
    announcement_create,
    announcement_mark_read,
    announcement_publish,
    announcement_update,
    announcement_withdraw,
)
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination

router = Router(tags=["announcements"])

AnnouncementQuery = filterset_schema(AnnouncementFilterSet, "AnnouncementQuery")


@router.get(
    "",
    response=list[AnnouncementOut],
    summary="List announcements (partners: the published ones meant for you)",
)
@paginate(KanalPagination)
def list_announcements(request, filters: Query[AnnouncementQuery]):  # type: ignore[valid-type]
    request.actor.require("enablement.view")
    return announcement_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "", response={201: AnnouncementDetailOut}, summary="Write an announcement, as a draft (marketing, ops)"
)
def create_announcement(request, payload: AnnouncementIn):  # type: ignore[valid-type]
    announcement = announcement_create(actor=request.actor, data=body_values(payload))
    return Status(201, announcement_get(actor=request.actor, public_id=announcement.public_id))


@router.get(
    "/{announcement_id}",
    response=AnnouncementDetailOut,
    summary="An announcement (reading it here does not mark it read: POST …/read does)",
)
def get_announcement(request, announcement_id: UUID):
    request.actor.require("enablement.view")
    return announcement_get(actor=request.actor, public_id=announcement_id)


@router.patch("/{announcement_id}", response=AnnouncementDetailOut, summary="Change an announcement")
def update_announcement(request, announcement_id: UUID, payload: AnnouncementPatch):  # type: ignore[valid-type]
    announcement = announcement_get(actor=request.actor, public_id=announcement_id)
    announcement_update(
        actor=request.actor, announcement=announcement, data=body_values(payload, exclude_unset=True)
    )
    return announcement_get(actor=request.actor, public_id=announcement_id)


@router.post(
    "/{announcement_id}/publish",
    response=AnnouncementDetailOut,
    summary="Publish now, or schedule for publish_at (marketing, ops)",
)
def publish_announcement(request, announcement_id: UUID, payload: PublishIn | None = None):  # type: ignore[valid-type]
    announcement = announcement_get(actor=request.actor, public_id=announcement_id)
    announcement_publish(actor=request.actor, announcement=announcement, data=body_values(payload))
    return announcement_get(actor=request.actor, public_id=announcement_id)


@router.post(
    "/{announcement_id}/withdraw", response=AnnouncementDetailOut, summary="Withdraw an announcement"
)
def withdraw_announcement(request, announcement_id: UUID):
    announcement = announcement_get(actor=request.actor, public_id=announcement_id)
    announcement_withdraw(actor=request.actor, announcement=announcement)
    return announcement_get(actor=request.actor, public_id=announcement_id)


@router.post("/{announcement_id}/read", response=ReadOut, summary="Mark an announcement read (partner users)")
def read_announcement(request, announcement_id: UUID):
    announcement = announcement_get(actor=request.actor, public_id=announcement_id)
    first = announcement_mark_read(actor=request.actor, announcement=announcement)
    return {"id": announcement.public_id, "first_read": first}
