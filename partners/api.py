from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from core.listing import query_data
from core.pagination import KanalPagination
from core.scoping import get_visible_or_404
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
from partners.selectors import account_managers, partner_filters, partner_get
from partners.services import partner_change_status, partner_create, partner_update, territories_set
from partners.territories import cam_territories, territory_board

router = Router(tags=["partners"])
territory_router = Router(tags=["territories"])


def _resolve_refs(request, data: dict) -> dict:
    """Turn the API's cam_email / distributor_id into the objects the service expects, within scope."""
    actor = request.actor
    if "cam_email" in data:
        email = data.pop("cam_email")
        if email:
            cam = get_user_model().objects.visible_to(actor).filter(email=email.lower()).first()
            if cam is None:
                raise ValidationError({"cam": _("No staff user with this email.")})
            data["cam"] = cam
        else:
            data["cam"] = None
    if "distributor_id" in data:
        distributor_id = data.pop("distributor_id")
        if distributor_id:
            from partners.models import Partner

            parent = Partner.objects.visible_to(actor).filter(public_id=distributor_id).first()
            if parent is None:
                raise ValidationError({"parent": _("No such distributor.")})
            data["parent"] = parent
        else:
            data["parent"] = None
    return data


@router.get("", response=list[PartnerOut], summary="List partners (staff: all; partner users: their own)")
@paginate(KanalPagination)
def list_partners(request, filters: Query[PartnerQuery]):  # type: ignore[valid-type]
    return partner_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("", response={201: PartnerDetailOut}, summary="Create a partner (staff)")
def create_partner(request, payload: PartnerCreateIn):
    if not request.actor.can("partners.create"):
        raise PermissionDenied
    partner = partner_create(actor=request.actor, data=_resolve_refs(request, payload.dict()))
    return 201, partner_get(actor=request.actor, public_id=partner.public_id)


@router.get("/{partner_id}", response=PartnerDetailOut)
def get_partner(request, partner_id: UUID):
    return partner_get(actor=request.actor, public_id=partner_id)


@router.patch("/{partner_id}", response=PartnerDetailOut, summary="Update a partner's profile")
def update_partner(request, partner_id: UUID, payload: PartnerUpdateIn):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    data = payload.dict(exclude_unset=True)
    if not request.actor.can("partners.edit"):
        # The manager and the distributor are the vendor's to set: ignored for partner users like the
        # other staff-only fields, and not resolved (which would answer 422 and probe for users).
        data.pop("cam_email", None)
        data.pop("distributor_id", None)
    partner_update(actor=request.actor, partner=partner, data=_resolve_refs(request, data))
    return partner_get(actor=request.actor, public_id=partner_id)


@router.post(
    "/{partner_id}/status", response=PartnerDetailOut, summary="Move a partner through its lifecycle"
)
def change_status(request, partner_id: UUID, payload: StatusChangeIn):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    partner_change_status(actor=request.actor, partner=partner, to_status=payload.status, note=payload.note)
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
    if not request.actor.can("staff.view_territories"):
        raise PermissionDenied
    return territory_board(actor=request.actor)


@territory_router.put(
    "/{user_id}", response=TerritoriesOut, summary="Set the regions and countries a CAM holds (ops, chief)"
)
def put_territories(request, user_id: UUID, payload: TerritoriesIn):
    if not request.actor.can("staff.assign_territories"):
        raise PermissionDenied
    cam = get_visible_or_404(account_managers(actor=request.actor), public_id=user_id)
    territories_set(
        actor=request.actor,
        user=cam,
        regions=[str(r) for r in payload.regions],
        countries=payload.countries,
    )
    return cam_territories(actor=request.actor, user=cam)
