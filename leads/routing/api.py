"""The API of lead distribution, mounted by leads/api.py at /api/leads/routing: the routing rules' versions
(the shape of /api/engagement), the simulation, and the answers to an offer (/offers/{lead_id}/…)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from leads.routing.explain import render_text
from leads.routing.filters import RoutingRuleSetFilterSet
from leads.routing.inputs import (
    AssignInput,
    DeclineInput,
    MoveInput,
    RuleInput,
    RuleSetInput,
    SimulationInput,
)
from leads.routing.rules import MANAGE, VIEW
from leads.routing.schemas import (
    AssignIn,
    DeclineIn,
    LeadOfferOut,
    LeadRoutingOut,
    RoutingMoveIn,
    RoutingRuleSetOut,
    RoutingRuleSetSummaryOut,
    RoutingSimulationOut,
    RuleIn,
    RuleSetIn,
    SimulationIn,
)
from leads.routing.selectors import (
    assignable_partners,
    lead_offers,
    offer_get,
    rule_get,
    ruleset_filters,
    ruleset_for_simulation,
    ruleset_get,
    unrouted_reason,
)
from leads.routing.services import (
    accept_lead,
    assign_lead,
    decline_lead,
    route_lead,
    rule_create,
    rule_delete,
    rule_move,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)
from leads.routing.simulation import simulate, simulation_leads

router = Router(tags=["lead routing"])

RuleSetQuery = filterset_schema(RoutingRuleSetFilterSet, "RoutingRuleSetQuery")


def _staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require(VIEW)


def _fresh(request, ruleset) -> object:
    return ruleset_get(actor=request.actor, public_id=ruleset.public_id)


@router.get(
    "/versions", response=list[RoutingRuleSetSummaryOut], summary="Every version of the routing rules (staff)"
)
@paginate(KanalPagination)
def list_versions(request, filters: Query[RuleSetQuery]):  # type: ignore[valid-type]
    _staff(request)
    return ruleset_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/versions", response={201: RoutingRuleSetOut}, summary="Start a draft copied from the published rules"
)
def create_draft(request, payload: RuleSetIn):  # type: ignore[valid-type]
    request.actor.require(MANAGE)
    data = RuleSetInput.from_api(body_values(payload, exclude_none=True), partial=True, api=True)
    draft = ruleset_create_draft(actor=request.actor, data=data)
    return Status(201, _fresh(request, draft))


@router.get("/versions/{routing_version_id}", response=RoutingRuleSetOut, summary="One version (staff)")
def get_version(request, routing_version_id: UUID):
    _staff(request)
    return ruleset_get(actor=request.actor, public_id=routing_version_id)


@router.patch(
    "/versions/{routing_version_id}", response=RoutingRuleSetOut, summary="Change a draft's settings"
)
def update_version(request, routing_version_id: UUID, payload: RuleSetIn):  # type: ignore[valid-type]
    request.actor.require(MANAGE)
    ruleset = ruleset_get(actor=request.actor, public_id=routing_version_id)
    data = RuleSetInput.from_api(body_values(payload, exclude_unset=True), partial=True, api=True)
    ruleset_update(actor=request.actor, ruleset=ruleset, data=data)
    return _fresh(request, ruleset)


@router.post("/versions/{routing_version_id}/publish", response=RoutingRuleSetOut, summary="Publish a draft")
def publish_version(request, routing_version_id: UUID):
    request.actor.require(MANAGE)
    ruleset = ruleset_get(actor=request.actor, public_id=routing_version_id)
    ruleset_publish(actor=request.actor, ruleset=ruleset)
    return _fresh(request, ruleset)


@router.post(
    "/versions/{routing_version_id}/new-draft",
    response={201: RoutingRuleSetOut},
    summary="A new draft from this one",
)
def new_draft(request, routing_version_id: UUID):
    request.actor.require(MANAGE)
    ruleset_get(actor=request.actor, public_id=routing_version_id)  # 404 for an unknown version
    draft = ruleset_create_draft(actor=request.actor)
    return Status(201, _fresh(request, draft))


@router.post(
    "/versions/{routing_version_id}/rules", response={201: RoutingRuleSetOut}, summary="Add a rule to a draft"
)
def add_rule(request, routing_version_id: UUID, payload: RuleIn):  # type: ignore[valid-type]
    request.actor.require(MANAGE)
    ruleset = ruleset_get(actor=request.actor, public_id=routing_version_id)
    rule_create(actor=request.actor, ruleset=ruleset, data=RuleInput.from_api(body_values(payload)))
    return Status(201, _fresh(request, ruleset))


@router.put("/rules/{routing_rule_id}", response=RoutingRuleSetOut, summary="Replace a rule of a draft")
def update_rule(request, routing_rule_id: UUID, payload: RuleIn):  # type: ignore[valid-type]
    request.actor.require(MANAGE)
    rule = rule_get(actor=request.actor, public_id=routing_rule_id)
    rule_update(actor=request.actor, rule=rule, data=RuleInput.from_api(body_values(payload)))
    return _fresh(request, rule.ruleset)


@router.post(
    "/rules/{routing_rule_id}/move", response=RoutingRuleSetOut, summary="Move a rule of a draft up or down"
)
def move_rule(request, routing_rule_id: UUID, payload: RoutingMoveIn):  # type: ignore[valid-type]
    request.actor.require(MANAGE)
    rule = rule_get(actor=request.actor, public_id=routing_rule_id)
    offset = MoveInput.from_api(body_values(payload)).cleaned()["offset"]
    rule_move(actor=request.actor, rule=rule, offset=offset)
    return _fresh(request, rule.ruleset)


@router.delete("/rules/{routing_rule_id}", response=RoutingRuleSetOut, summary="Delete a rule of a draft")
def delete_rule(request, routing_rule_id: UUID):
    request.actor.require(MANAGE)
    rule = rule_get(actor=request.actor, public_id=routing_rule_id)
    rule_delete(actor=request.actor, rule=rule)
    return _fresh(request, rule.ruleset)


def _reasons(explanation) -> list[dict]:
    return [{"code": e["code"], "params": e.get("params") or {}} for e in explanation]


@router.post(
    "/simulate", response=RoutingSimulationOut, summary="Route chosen leads in memory with a version (staff)"
)
def simulate_version(request, payload: SimulationIn):  # type: ignore[valid-type]
    _staff(request)
    data = SimulationInput.from_api(body_values(payload)).cleaned()
    try:  # an id in the body is input: unknown is a field error (422), not a missing route (404)
        ruleset = ruleset_for_simulation(actor=request.actor, public_id=data["version_id"])
    except Http404 as exc:
        raise ValidationError({"version_id": _("No such version of the routing rules.")}) from exc
    if ruleset is None:
        raise ValidationError({"version_id": _("There are no routing rules yet.")})
    leads = simulation_leads(
        actor=request.actor, selection=data["selection"], days=data["days"], limit=data["limit"]
    )
    result = simulate(actor=request.actor, ruleset=ruleset, leads=leads)
    return {
        "version": ruleset.version,
        "total": result.total,
        "routed": result.routed,
        "direct": result.direct,
        "unrouted": result.unrouted,
        "partners": [
            {
                "partner": row.name,
                "count": row.count,
                "share": round(row.share, 4),
                "why": row.sample_text,
                "explanation": _reasons(row.sample),
            }
            for row in result.partners
        ],
        "unrouted_reasons": [
            {"why": render_text(explanation), "count": count, "explanation": _reasons(explanation)}
            for explanation, count in result.unrouted_reasons
        ],
    }


# --- a lead's offer ---------------------------------------------------------------------------------------


def _routing(request, lead_id: UUID) -> dict:
    actor = request.actor
    lead = offer_get(actor=actor, lead_public_id=lead_id)
    return {
        "public_id": lead.public_id,
        "company_name": lead.company_name,
        "status": lead.status,
        "destination": lead.destination,
        "partner": lead.partner.name if lead.partner else None,
        "assigned_at": lead.assigned_at,
        "accept_by": lead.accept_by,
        "accepted_at": lead.accepted_at,
        "unrouted_why": unrouted_reason(actor=actor, lead=lead),
        "offers": list(lead_offers(actor=actor, lead=lead)),
    }


@router.get("/offers/{lead_id}", response=LeadRoutingOut, summary="Where a lead is, and its offers with why")
def get_offers(request, lead_id: UUID):
    request.actor.require(VIEW)
    return _routing(request, lead_id)


@router.post("/offers/{lead_id}/accept", response=LeadRoutingOut, summary="Accept a lead offered to you")
def accept(request, lead_id: UUID):
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    accept_lead(actor=request.actor, lead=lead)
    return _routing(request, lead_id)


@router.post(
    "/offers/{lead_id}/decline", response=LeadOfferOut, summary="Decline a lead offered to you, saying why"
)
def decline(request, lead_id: UUID, payload: DeclineIn):  # type: ignore[valid-type]
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    values = DeclineInput.from_api(body_values(payload)).cleaned()
    # The lead goes on to another partner: the answer is the decliner's own offer, now declined.
    return decline_lead(actor=request.actor, lead=lead, reason=values["reason"], note=values["note"])


@router.post("/offers/{lead_id}/assign", response=LeadRoutingOut, summary="Assign a lead by hand, saying why")
def assign(request, lead_id: UUID, payload: AssignIn):  # type: ignore[valid-type]
    request.actor.require("leads.assign")
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    values = AssignInput.from_api(
        body_values(payload), partners=assignable_partners(actor=request.actor)
    ).cleaned()
    assign_lead(actor=request.actor, lead=lead, partner=values["partner"], reason=values["reason"])
    return _routing(request, lead_id)


@router.post(
    "/offers/{lead_id}/route", response=LeadRoutingOut, summary="Route a lead through the published rules"
)
def route(request, lead_id: UUID):
    request.actor.require("leads.assign")
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    route_lead(actor=request.actor, lead=lead)
    return _routing(request, lead_id)


__all__ = ["router", "LeadOfferOut"]
