from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from partners.schemas import EventOut, PartnerCreateIn, PartnerOut, PartnerUpdateIn, StatusChangeIn
from partners.selectors import DirectoryFilter, partner_directory, partner_get
from partners.services import partner_change_status, partner_create, partner_update

router = Router(tags=["partners"])


class PartnerFilters(Schema):
    q: str = ""
    partner_type: str = ""
    status: str = ""
    region: str = ""
    tier: str = ""
    vertical: str = ""
    cam: str = ""
    sort: str = ""
    limit: int = 50
    offset: int = 0


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
def list_partners(request, filters: Query[PartnerFilters]):
    if filters.limit < 1 or filters.limit > 500 or filters.offset < 0:
        raise ValidationError({"limit": _("limit must be 1–500 and offset at least 0.")})
    f = DirectoryFilter(**filters.dict(exclude={"limit", "offset"}))
    if f.cam and f.cam != "none":
        try:
            UUID(f.cam)
        except ValueError as exc:
            raise ValidationError({"cam": _("cam must be a user id or 'none'.")}) from exc
    return partner_directory(actor=request.actor, filters=f)[filters.offset : filters.offset + filters.limit]


@router.post("", response={201: PartnerOut}, summary="Create a partner (staff)")
def create_partner(request, payload: PartnerCreateIn):
    if not request.actor.can("partners.create"):
        raise PermissionDenied
    partner = partner_create(actor=request.actor, data=_resolve_refs(request, payload.dict()))
    return 201, partner_get(actor=request.actor, public_id=partner.public_id)


@router.get("/{partner_id}", response=PartnerOut)
def get_partner(request, partner_id: UUID):
    return partner_get(actor=request.actor, public_id=partner_id)


@router.patch("/{partner_id}", response=PartnerOut, summary="Update a partner's profile")
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


@router.post("/{partner_id}/status", response=PartnerOut, summary="Move a partner through its lifecycle")
def change_status(request, partner_id: UUID, payload: StatusChangeIn):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    partner_change_status(actor=request.actor, partner=partner, to_status=payload.status, note=payload.note)
    return partner_get(actor=request.actor, public_id=partner_id)


@router.get("/{partner_id}/events", response=list[EventOut], summary="A partner's timeline")
def partner_events(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    return partner.events.visible_to(request.actor)[:500]
