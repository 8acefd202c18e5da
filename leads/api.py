from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Body, Query, Router, Status
from ninja.pagination import paginate

from core.bulk import BulkOut, bulk_api, bulk_schema
from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from leads.actions import ACTIONS
from leads.bulk import PARTNER_ACTIONS, STAFF_ACTIONS, bulk_actions
from leads.inputs import AttributeInput, LeadInput
from leads.models import LeadSource
from leads.routing.api import router as routing_router
from leads.schemas import (
    AttributeIn,
    AttributeOut,
    AttributePatch,
    ConvertIn,
    LeadDetailOut,
    LeadIn,
    LeadOut,
    LeadPatch,
    LeadQuery,
    LoseIn,
    NoteIn,
    NoteOut,
    ProgressIn,
)
from leads.scoring.api import router as scoring_router
from leads.selectors import attribute_get, attributes_list, lead_filters, lead_get, lead_notes
from leads.services import attribute_create, attribute_update, lead_create, lead_products, lead_update

router = Router(tags=["leads"])


def _fresh(request, lead):
    return lead_get(actor=request.actor, public_id=lead.public_id)


def _require_view(actor) -> None:
    if not actor.can("leads.view"):
        raise PermissionDenied


@router.get(
    "/leads", response=list[LeadOut], summary="List the leads in your scope (a partner: its company's)"
)
@paginate(KanalPagination)
def list_leads(request, filters: Query[LeadQuery]):  # type: ignore[valid-type]
    _require_view(request.actor)
    return lead_filters(actor=request.actor, data=query_data(filters), strict=True).qs.prefetch_related(
        "products"
    )


LeadBulkIn = bulk_schema("LeadBulkIn", STAFF_ACTIONS + PARTNER_ACTIONS)


@router.post(
    "/leads/bulk",
    response=BulkOut,
    summary="Act on several leads at once: route or assign (staff), accept (partner users); each is done or "
    "refused with its reason",
)
def bulk_leads(request, payload: Body[LeadBulkIn]):  # type: ignore[valid-type]
    _require_view(request.actor)
    rows = lead_filters(actor=request.actor).qs
    return bulk_api(request, payload, actions=bulk_actions(request.actor), rows=rows)


@router.post(
    "/leads",
    response={200: LeadDetailOut, 201: LeadDetailOut},
    summary="Create a lead (channel ops, or a partner's own referral). It is compared with earlier leads, "
    "registrations and direct accounts, scored and routed. An Idempotency-Key header, or an open lead for "
    "the same person at the same company, answers 200 with the lead already there",
)
def create_lead(request, payload: LeadIn):  # type: ignore[valid-type]
    actor = request.actor
    source = LeadSource.REFERRAL if actor.is_partner else LeadSource.API
    form = LeadInput.from_api(body_values(payload), products=lead_products(actor=actor))
    lead, created = lead_create(
        actor=actor, data=form, source=source, idempotency_key=request.headers.get("Idempotency-Key")
    )
    return Status(201 if created else 200, _fresh(request, lead))


@router.get("/leads/{lead_id}", response=LeadDetailOut)
def get_lead(request, lead_id: UUID):
    _require_view(request.actor)
    return lead_get(actor=request.actor, public_id=lead_id)


@router.patch("/leads/{lead_id}", response=LeadDetailOut, summary="Correct a lead's details (channel ops)")
def patch_lead(request, lead_id: UUID, payload: LeadPatch):  # type: ignore[valid-type]
    lead = lead_get(actor=request.actor, public_id=lead_id)
    lead_update(actor=request.actor, lead=lead, data=body_values(payload, exclude_unset=True))
    return _fresh(request, lead)


def _action_endpoint(name: str, schema, summary: str) -> None:
    spec = ACTIONS[name]
    assert spec.input is not None
    input_class = spec.input

    def endpoint(request, lead_id: UUID, payload: schema):  # type: ignore[valid-type]
        lead = lead_get(actor=request.actor, public_id=lead_id)
        values = input_class.from_api(body_values(payload)).cleaned()
        spec.run(actor=request.actor, lead=lead, values=values)
        return _fresh(request, lead)

    endpoint.__name__ = f"{name}_lead"
    router.post(
        f"/leads/{{lead_id}}/{name}", response=LeadDetailOut, summary=summary, operation_id=endpoint.__name__
    )(endpoint)


for _name, _schema, _summary in [
    ("progress", ProgressIn, "Say where an accepted lead stands and the next step (the partner)"),
    ("lose", LoseIn, "Close a lead as lost with a reason (the partner)"),
    (
        "convert",
        ConvertIn,
        "Convert an accepted lead into a deal registration prefilled from it (the partner); submitted at "
        "once unless submit is false, so the conflict check runs as usual. registration_id links them",
    ),
]:
    _action_endpoint(_name, _schema, _summary)


@router.get("/leads/{lead_id}/notes", response=list[NoteOut], summary="Notes on a lead")
@paginate(KanalPagination)
def list_notes(request, lead_id: UUID):
    lead = lead_get(actor=request.actor, public_id=lead_id)
    return lead_notes(actor=request.actor, lead=lead)


@router.post("/leads/{lead_id}/notes", response={201: NoteOut}, summary="Add a note to a lead")
def add_note(request, lead_id: UUID, payload: NoteIn):  # type: ignore[valid-type]
    lead = lead_get(actor=request.actor, public_id=lead_id)
    note = ACTIONS["note"].run(actor=request.actor, lead=lead, values=body_values(payload))
    return Status(201, note)


@router.get(
    "/attributes", response=list[AttributeOut], summary="The custom lead attributes (active ones; staff: all)"
)
@paginate(KanalPagination)
def list_attributes(request):
    return attributes_list(actor=request.actor, include_inactive=request.actor.is_staff)


@router.post(
    "/attributes", response={201: AttributeOut}, summary="Define a custom lead attribute (channel ops)"
)
def create_attribute(request, payload: AttributeIn):  # type: ignore[valid-type]
    attribute = attribute_create(actor=request.actor, data=AttributeInput.from_api(body_values(payload)))
    return Status(201, attribute)


@router.patch(
    "/attributes/{attribute_id}",
    response=AttributeOut,
    summary="Change a custom attribute's labels, choices, position or whether it is active (the key and the "
    "kind never change: stored values depend on them)",
)
def patch_attribute(request, attribute_id: UUID, payload: AttributePatch):  # type: ignore[valid-type]
    attribute = attribute_get(actor=request.actor, public_id=attribute_id)
    return attribute_update(
        actor=request.actor, attribute=attribute, data=body_values(payload, exclude_unset=True)
    )


router.add_router("/scoring", scoring_router)
router.add_router("/routing", routing_router)
