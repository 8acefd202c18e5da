"""`/api/competition`: the competing vendors and their lines (everyone reads the active ones; channel
operations, marketing and the chief keep them), a partner's declarations (its admin keeps them; staff read
every partner's) and the confirmation that a partner's list is complete. In the "partners" token area."""

from typing import Any
from uuid import UUID

from ninja import Query, Router, Status
from ninja.pagination import paginate

from competition.filters import DeclarationFilterSet, VendorFilterSet
from competition.schemas import (
    CompetingDeclarationOut,
    CompetingLineOut,
    CompetingVendorOut,
    DeclarationIn,
    DeclarationPatch,
    LineIn,
    LinePatch,
    PartnerCompetitionOut,
    VendorIn,
    VendorPatch,
)
from competition.selectors import (
    declaration_filters,
    declaration_get,
    declarations_of,
    disclosure_of,
    line_get,
    vendor_filters,
    vendor_get,
)
from competition.services import (
    declaration_create,
    declaration_delete,
    declaration_update,
    disclosure_confirm,
    line_create,
    line_update,
    vendor_create,
    vendor_update,
)
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.scoping import get_visible_or_404
from partners.models import Partner

router = Router(tags=["competition"])

VendorQuery = filterset_schema(VendorFilterSet, "CompetingVendorQuery")
DeclarationQuery = filterset_schema(DeclarationFilterSet, "CompetingDeclarationQuery")


def _vendor(request, vendor_id: UUID):
    return vendor_get(actor=request.actor, public_id=vendor_id)


@router.get(
    "/vendors", response=list[CompetingVendorOut], summary="List competing vendors and their product lines"
)
@paginate(KanalPagination)
def list_vendors(request, filters: Query[VendorQuery]):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    return vendor_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/vendors",
    response={201: CompetingVendorOut},
    summary="Add a competing vendor (operations, marketing, chief)",
)
def create_vendor(request, payload: VendorIn):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    vendor = vendor_create(actor=request.actor, data=body_values(payload))
    return Status(201, _vendor(request, vendor.public_id))


@router.get("/vendors/{vendor_id}", response=CompetingVendorOut)
def get_vendor(request, vendor_id: UUID):
    request.actor.require("competition.view")
    return _vendor(request, vendor_id)


@router.patch("/vendors/{vendor_id}", response=CompetingVendorOut, summary="Change a competing vendor")
def patch_vendor(request, vendor_id: UUID, payload: VendorPatch):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    vendor = _vendor(request, vendor_id)
    vendor_update(actor=request.actor, vendor=vendor, data=body_values(payload, exclude_unset=True))
    return _vendor(request, vendor_id)


@router.post(
    "/vendors/{vendor_id}/lines",
    response={201: CompetingLineOut},
    summary="Add a product line to a competing vendor, with our families it competes with",
)
def create_line(request, vendor_id: UUID, payload: LineIn):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    line = line_create(actor=request.actor, vendor=_vendor(request, vendor_id), data=body_values(payload))
    return Status(201, line_get(actor=request.actor, public_id=line.public_id))


@router.patch("/lines/{line_id}", response=CompetingLineOut, summary="Change a competing product line")
def patch_line(request, line_id: UUID, payload: LinePatch):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    line = line_get(actor=request.actor, public_id=line_id)
    line_update(actor=request.actor, line=line, data=body_values(payload, exclude_unset=True))
    return line_get(actor=request.actor, public_id=line_id)


@router.get(
    "/declarations",
    response=list[CompetingDeclarationOut],
    summary="List declared competing products (staff: every partner's; partner users: their own)",
)
@paginate(KanalPagination)
def list_declarations(request, filters: Query[DeclarationQuery]):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    return declaration_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/declarations",
    response={201: CompetingDeclarationOut},
    summary="Declare a competing product your company sells (partner admins)",
)
def create_declaration(request, payload: DeclarationIn):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    declaration = declaration_create(actor=request.actor, data=body_values(payload))
    return Status(201, declaration_get(actor=request.actor, public_id=declaration.public_id))


@router.get("/declarations/{declaration_id}", response=CompetingDeclarationOut)
def get_declaration(request, declaration_id: UUID):
    request.actor.require("competition.view")
    return declaration_get(actor=request.actor, public_id=declaration_id)


@router.patch(
    "/declarations/{declaration_id}", response=CompetingDeclarationOut, summary="Change a declaration"
)
def patch_declaration(request, declaration_id: UUID, payload: DeclarationPatch):  # type: ignore[valid-type]
    request.actor.require("competition.view")
    declaration = declaration_get(actor=request.actor, public_id=declaration_id)
    declaration_update(
        actor=request.actor, declaration=declaration, data=body_values(payload, exclude_unset=True)
    )
    return declaration_get(actor=request.actor, public_id=declaration_id)


@router.delete("/declarations/{declaration_id}", response={204: None}, summary="Remove a declaration")
def delete_declaration(request, declaration_id: UUID):
    request.actor.require("competition.view")
    declaration = declaration_get(actor=request.actor, public_id=declaration_id)
    declaration_delete(actor=request.actor, declaration=declaration)
    return Status(204, None)


def _competition(request, partner: Any) -> dict[str, Any]:
    actor = request.actor
    disclosure = disclosure_of(actor=actor, partner=partner)
    declarations = declarations_of(actor=actor, partner=partner)
    return {
        "partner_id": partner.public_id,
        "partner_name": partner.name,
        "disclosed_at": disclosure.confirmed_at if disclosure else None,
        "disclosed_in_application": bool(disclosure and disclosure.from_application),
        "competing_count": len(declarations),
        "declarations": declarations,
    }


@router.get(
    "/partners/{partner_id}",
    response=PartnerCompetitionOut,
    summary="A partner's competing products and whether its list is confirmed complete",
)
def get_partner_competition(request, partner_id: UUID):
    request.actor.require("competition.view")
    partner = get_visible_or_404(Partner.objects.visible_to(request.actor), public_id=partner_id)
    return _competition(request, partner)


@router.post(
    "/disclosure",
    response=PartnerCompetitionOut,
    summary="Confirm that your company's list of competing products is complete (partner admins)",
)
def confirm_disclosure(request):
    request.actor.require("competition.view")
    disclosure_confirm(actor=request.actor)
    return _competition(request, request.actor.partner)
