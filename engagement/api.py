from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.http import client_ip
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import ErrorOut
from core.scoping import get_visible_or_404
from engagement.evaluate import evaluate, render_reason
from engagement.filters import RuleSetFilterSet
from engagement.inputs import FactsInput, RuleInput, RuleSetInput
from engagement.schemas import (
    CurrentRuleSetOut,
    DecisionOut,
    FactsIn,
    RuleIn,
    RuleSetAcceptanceOut,
    RuleSetDraftIn,
    RuleSetIn,
    RuleSetOut,
    RuleSetSummaryOut,
)
from engagement.selectors import (
    acceptance_of,
    acceptances_for_partner,
    acceptances_for_ruleset,
    current_ruleset,
    rule_get,
    ruleset_filters,
    ruleset_for_partner,
    ruleset_get,
)
from engagement.services import (
    rule_create,
    rule_delete,
    rule_update,
    rules_accept,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)
from programs.models import PartnerProgram

router = Router(tags=["engagement"])

RuleSetQuery = filterset_schema(RuleSetFilterSet, "RuleSetQuery")


def _fresh(request, ruleset) -> object:
    return ruleset_get(actor=request.actor, public_id=ruleset.public_id)


@router.get(
    "/current",
    response={200: CurrentRuleSetOut, 404: ErrorOut},
    summary="The rules of engagement in force, with plain sentences: a partner user's, those of its program "
    "(and when its company accepted them); staff name a program by its code (the default program's without)",
)
def get_current(request, program: str = ""):
    actor = request.actor
    actor.require("engagement.view")
    if actor.is_partner:
        ruleset = ruleset_for_partner(actor.partner)
        acceptance = acceptance_of(partner=actor.partner, ruleset=ruleset) if ruleset else None
    else:
        chosen = None
        if program:
            chosen = get_visible_or_404(PartnerProgram.objects.visible_to(actor), code=program)
        ruleset, acceptance = current_ruleset(chosen), None
    if ruleset is None:
        raise Http404(_("No rules of engagement are published."))
    ruleset.accepted_at = acceptance.created_at if acceptance else None  # type: ignore[attr-defined]
    return ruleset


@router.post(
    "/versions/{ruleset_id}/accept",
    response={201: RuleSetAcceptanceOut},
    summary="Accept the rules of engagement in force for your company (partner admin)",
)
def accept_version(request, ruleset_id: UUID):
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    acceptance = rules_accept(actor=request.actor, ruleset=ruleset, ip_address=client_ip(request))
    return Status(
        201, acceptances_for_partner(actor=request.actor, partner=acceptance.partner).get(pk=acceptance.pk)
    )


@router.get(
    "/versions/{ruleset_id}/acceptances",
    response=list[RuleSetAcceptanceOut],
    summary="Which partners accepted a version (staff)",
)
@paginate(KanalPagination)
def version_acceptances(request, ruleset_id: UUID):
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("engagement.view")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    return acceptances_for_ruleset(actor=request.actor, ruleset=ruleset).select_related("ruleset__program")


@router.get("/versions", response=list[RuleSetSummaryOut], summary="Every version (staff)")
@paginate(KanalPagination)
def list_versions(request, filters: Query[RuleSetQuery]):  # type: ignore[valid-type]
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("engagement.view")
    return ruleset_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/versions",
    response={201: RuleSetOut},
    summary="Start a draft of a program's rules, copied from its published rules",
)
def create_draft(request, payload: RuleSetDraftIn):  # type: ignore[valid-type]
    request.actor.require("engagement.manage")
    values = body_values(payload, exclude_none=True)
    code = values.pop("program", "")
    program = None
    if code:
        program = PartnerProgram.objects.visible_to(request.actor).filter(code=code).first()
        if program is None:
            raise ValidationError({"program": ValidationError(_("No such program."), code="unknown_id")})
    data = RuleSetInput.from_api(values, partial=True, api=True)
    draft = ruleset_create_draft(actor=request.actor, data=data, program=program)
    return Status(201, _fresh(request, draft))


@router.get("/versions/{ruleset_id}", response=RuleSetOut, summary="One version (staff)")
def get_version(request, ruleset_id: UUID):
    if not request.actor.is_staff:
        raise PermissionDenied
    return ruleset_get(actor=request.actor, public_id=ruleset_id)


@router.patch("/versions/{ruleset_id}", response=RuleSetOut, summary="Change a draft's settings")
def update_version(request, ruleset_id: UUID, payload: RuleSetIn):  # type: ignore[valid-type]
    request.actor.require("engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    data = RuleSetInput.from_api(body_values(payload, exclude_unset=True), partial=True, api=True)
    ruleset_update(actor=request.actor, ruleset=ruleset, data=data)
    return _fresh(request, ruleset)


@router.post("/versions/{ruleset_id}/publish", response=RuleSetOut, summary="Publish a draft")
def publish_version(request, ruleset_id: UUID):
    request.actor.require("engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    ruleset_publish(actor=request.actor, ruleset=ruleset)
    return _fresh(request, ruleset)


@router.post("/versions/{ruleset_id}/rules", response={201: RuleSetOut}, summary="Add a rule to a draft")
def add_rule(request, ruleset_id: UUID, payload: RuleIn):  # type: ignore[valid-type]
    request.actor.require("engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    rule_create(actor=request.actor, ruleset=ruleset, data=RuleInput.from_api(body_values(payload)))
    return Status(201, _fresh(request, ruleset))


@router.put("/rules/{rule_id}", response=RuleSetOut, summary="Replace a rule of a draft")
def update_rule(request, rule_id: UUID, payload: RuleIn):  # type: ignore[valid-type]
    request.actor.require("engagement.manage")
    rule = rule_get(actor=request.actor, public_id=rule_id)
    rule_update(actor=request.actor, rule=rule, data=RuleInput.from_api(body_values(payload)))
    return _fresh(request, rule.ruleset)


@router.delete("/rules/{rule_id}", response=RuleSetOut, summary="Delete a rule of a draft")
def delete_rule(request, rule_id: UUID):
    request.actor.require("engagement.manage")
    rule = rule_get(actor=request.actor, public_id=rule_id)
    rule_delete(actor=request.actor, rule=rule)
    return _fresh(request, rule.ruleset)


@router.post(
    "/evaluate", response=DecisionOut, summary="Decide channel / direct / review for given facts (staff)"
)
def evaluate_facts(request, payload: FactsIn):  # type: ignore[valid-type]
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("engagement.view")
    facts = FactsInput.from_api(body_values(payload))
    ruleset = None
    version_id = body_values(payload)["version_id"]
    if version_id is not None:
        try:  # an id in the body is input: unknown is a field error (422), not a missing route (404)
            ruleset = ruleset_get(actor=request.actor, public_id=version_id)
        except Http404 as exc:
            raise ValidationError({"version_id": _("No such version of the rules.")}) from exc
    decision = evaluate(facts.to_facts(), ruleset)
    return {
        "outcome": decision.outcome,
        "protection_days": decision.protection_days,
        "version": decision.ruleset.version if decision.ruleset else None,
        "rule_id": decision.rule.public_id if decision.rule else None,
        "rule_position": decision.rule.position if decision.rule else None,
        "reasons": [
            {"code": code, "params": params, "text": render_reason(code, params)}
            for code, params in decision.reasons
        ],
    }
