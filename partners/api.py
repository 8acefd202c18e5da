from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Body, File, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core.actor import Actor
from core.bulk import BulkOut, bulk_api, bulk_schema
from core.inputs import body_values
from core.listing import query_data
from core.openapi import file_upload_body
from core.pagination import KanalPagination
from core.scoping import get_visible_or_404
from partners.bulk import PARTNER_ACTIONS
from partners.errors import PartnerErrorCode
from partners.schemas import (
    EventOut,
    PartnerCreateIn,
    PartnerDetailOut,
    PartnerOut,
    PartnerQuery,
    PartnerUpdateIn,
    StatusChangeIn,
    TerritoriesIn,
    TerritoriesOut,
)
from partners.selectors import account_managers, partner_filters, partner_get, user_by_email
from partners.services import (
    partner_change_status,
    partner_create,
    partner_logo_remove,
    partner_logo_set,
    partner_update,
    territories_set,
)
from partners.territories import territory_board

router = Router(tags=["partners"])
territory_router = Router(tags=["territories"])


BODY_NAMES = {"cam_email": "cam", "distributor_id": "parent"}  # the body's names of the input's fields


def _partner_values(actor: Actor, values: dict[str, Any], *, resolve: bool = True) -> dict[str, Any]:
    """The body as the input takes it: the manager by email and the distributor by id become the input's
    `cam` and `parent` (null: none), checked there like the page's choices. Without `resolve` the manager's
    email is left as sent (it is refused unread, so nobody can probe for users with it)."""
    values = {BODY_NAMES.get(name, name): value for name, value in values.items()}
    if resolve and "cam" in values:
        email = values["cam"]
        cam = user_by_email(actor=actor, email=email) if email else None
        if email and cam is None:
            raise ValidationError(
                {
                    "cam": ValidationError(
                        _("No staff user with this email."), code=PartnerErrorCode.UNKNOWN_MANAGER
                    )
                }
            )
        values["cam"] = cam.public_id if cam else None
    return values


@router.get("", response=list[PartnerOut], summary="List partners (staff: all; partner users: their own)")
@paginate(KanalPagination)
def list_partners(request, filters: Query[PartnerQuery]):  # type: ignore[valid-type]
    return partner_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("", response={201: PartnerDetailOut}, summary="Create a partner (staff)")
def create_partner(request, payload: PartnerCreateIn):  # type: ignore[valid-type]
    request.actor.require("partners.create")
    partner = partner_create(
        actor=request.actor, data=_partner_values(request.actor, body_values(payload, exclude_unset=True))
    )
    return 201, partner_get(actor=request.actor, public_id=partner.public_id)


PartnerBulkIn = bulk_schema("PartnerBulkIn", PARTNER_ACTIONS)


@router.post(
    "/bulk",
    response=BulkOut,
    summary="Act on several partners at once (assign a CAM, change the status); each is done or refused",
)
def bulk_partners(request, payload: Body[PartnerBulkIn]):  # type: ignore[valid-type]
    return bulk_api(request, payload, actions=PARTNER_ACTIONS, rows=partner_filters(actor=request.actor).qs)


@router.get("/{partner_id}", response=PartnerDetailOut)
def get_partner(request, partner_id: UUID):
    return partner_get(actor=request.actor, public_id=partner_id)


@router.patch("/{partner_id}", response=PartnerDetailOut, summary="Update a partner's profile")
def update_partner(request, partner_id: UUID, payload: PartnerUpdateIn):  # type: ignore[valid-type]
    partner = partner_get(actor=request.actor, public_id=partner_id)
    # A partner user naming the vendor's fields is refused by the service (staff_only), the manager's
    # email unresolved.
    values = _partner_values(
        request.actor, body_values(payload, exclude_unset=True), resolve=request.actor.can("partners.edit")
    )
    partner_update(actor=request.actor, partner=partner, data=values)
    return partner_get(actor=request.actor, public_id=partner_id)


@router.post(
    "/{partner_id}/logo",
    response=PartnerDetailOut,
    summary="Upload the partner's logo (multipart field `logo`: PNG or JPEG, at most 2 MB)",
    openapi_extra=file_upload_body("logo"),
)
def upload_logo(request, partner_id: UUID, logo: UploadedFile | None = File(None)):  # noqa: B008
    """Replaces the logo before; refusals (not an image, SVG, too large, unreadable) are 422 on `logo`."""
    partner = partner_get(actor=request.actor, public_id=partner_id)
    partner_logo_set(actor=request.actor, partner=partner, data={"logo": logo})
    return partner_get(actor=request.actor, public_id=partner_id)


@router.delete("/{partner_id}/logo", response=PartnerDetailOut, summary="Remove the partner's logo")
def delete_logo(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    partner_logo_remove(actor=request.actor, partner=partner)
    return partner_get(actor=request.actor, public_id=partner_id)


@router.post(
    "/{partner_id}/status", response=PartnerDetailOut, summary="Move a partner through its lifecycle"
)
def change_status(request, partner_id: UUID, payload: StatusChangeIn):  # type: ignore[valid-type]
    partner = partner_get(actor=request.actor, public_id=partner_id)
    values = body_values(
        payload, exclude_unset=True
    )  # checked by the service through the page's input (StatusInput)
    partner_change_status(
        actor=request.actor, partner=partner, to_status=values["status"], note=values.get("note", "")
    )
    return partner_get(actor=request.actor, public_id=partner_id)


@router.get("/{partner_id}/events", response=list[EventOut], summary="A partner's timeline")
@paginate(KanalPagination)
def partner_events(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    return partner.events.visible_to(request.actor)


# --- territories (mounted at /api/territories) ------------------------------------------------------------


@territory_router.get("", response=list[TerritoriesOut], summary="Every CAM's regions and countries (staff)")
@paginate(KanalPagination)
def list_territories(request):
    request.actor.require("staff.view_territories")
    return territory_board(actor=request.actor)


@territory_router.put(
    "/{user_id}", response=TerritoriesOut, summary="Set the regions and countries a CAM holds (ops, chief)"
)
def put_territories(request, user_id: UUID, payload: TerritoriesIn):  # type: ignore[valid-type]
    request.actor.require("staff.assign_territories")
    cam = get_visible_or_404(account_managers(actor=request.actor), public_id=user_id)
    return territories_set(actor=request.actor, user=cam, data=body_values(payload, exclude_unset=True))
