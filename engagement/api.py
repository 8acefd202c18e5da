from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from catalog.models import ChannelEligibility
from core.money import parse_amount, parse_currency
from engagement.choices import Segment
from engagement.evaluate import DealFacts, evaluate, render_reason
from engagement.schemas import DecisionOut, FactsIn, RuleIn, RuleSetIn, RuleSetOut, RuleSetSummaryOut
from engagement.selectors import current_ruleset, rule_get, ruleset_get, ruleset_list
from engagement.services import (
    rule_create,
    rule_delete,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)
from partners.choices import Region, Tier

router = Router(tags=["engagement"])


def _require(request, permission: str) -> None:
    if not request.actor.can(permission):
        raise PermissionDenied


def _fresh(request, ruleset) -> object:
    return ruleset_get(actor=request.actor, public_id=ruleset.public_id)


@router.get(
    "/current", response=RuleSetOut, summary="The published rules of engagement, with plain sentences"
)
def get_current(request):
    _require(request, "engagement.view")
    ruleset = current_ruleset()
    if ruleset is None:
        raise Http404(_("No rules of engagement are published."))
    return ruleset


@router.get("/versions", response=list[RuleSetSummaryOut], summary="Every version (staff)")
def list_versions(request):
    if not request.actor.is_staff:
        raise PermissionDenied
    _require(request, "engagement.view")
    return ruleset_list(actor=request.actor)


@router.post("/versions", response={201: RuleSetOut}, summary="Start a draft copied from the published rules")
def create_draft(request, payload: RuleSetIn):
    _require(request, "engagement.manage")
    draft = ruleset_create_draft(actor=request.actor, data=payload.dict(exclude_none=True))
    return Status(201, _fresh(request, draft))


@router.get("/versions/{ruleset_id}", response=RuleSetOut, summary="One version (staff)")
def get_version(request, ruleset_id: UUID):
    if not request.actor.is_staff:
        raise PermissionDenied
    return ruleset_get(actor=request.actor, public_id=ruleset_id)


@router.patch("/versions/{ruleset_id}", response=RuleSetOut, summary="Change a draft's settings")
def update_version(request, ruleset_id: UUID, payload: RuleSetIn):
    _require(request, "engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    ruleset_update(actor=request.actor, ruleset=ruleset, data=payload.dict(exclude_unset=True))
    return _fresh(request, ruleset)


@router.post("/versions/{ruleset_id}/publish", response=RuleSetOut, summary="Publish a draft")
def publish_version(request, ruleset_id: UUID):
    _require(request, "engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    ruleset_publish(actor=request.actor, ruleset=ruleset)
    return _fresh(request, ruleset)


@router.post("/versions/{ruleset_id}/rules", response={201: RuleSetOut}, summary="Add a rule to a draft")
def add_rule(request, ruleset_id: UUID, payload: RuleIn):
    _require(request, "engagement.manage")
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    rule_create(actor=request.actor, ruleset=ruleset, data=payload.dict())
    return Status(201, _fresh(request, ruleset))


@router.put("/rules/{rule_id}", response=RuleSetOut, summary="Replace a rule of a draft")
def update_rule(request, rule_id: UUID, payload: RuleIn):
    _require(request, "engagement.manage")
    rule = rule_get(actor=request.actor, public_id=rule_id)
    rule_update(actor=request.actor, rule=rule, data=payload.dict())
    return _fresh(request, rule.ruleset)


@router.delete("/rules/{rule_id}", response=RuleSetOut, summary="Delete a rule of a draft")
def delete_rule(request, rule_id: UUID):
    _require(request, "engagement.manage")
    rule = rule_get(actor=request.actor, public_id=rule_id)
    rule_delete(actor=request.actor, rule=rule)
    return _fresh(request, rule.ruleset)


def _facts(payload: FactsIn) -> DealFacts:
    errors: dict[str, list[str]] = {}

    def check(name, value, allowed):
        if value and value not in allowed:
            errors[name] = [_("Choose one of: %(values)s.") % {"values": ", ".join(allowed)}]

    check("partner_tier", payload.partner_tier, Tier.values)
    check("customer_region", payload.customer_region, Region.values)
    check("segment", payload.segment, Segment.values)
    for value in payload.product_eligibilities:
        check("product_eligibilities", value, ChannelEligibility.values)
    amounts = {}
    for name in ("amount", "annual_revenue"):
        value = getattr(payload, name)
        if value is None:
            amounts[name] = None
            continue
        try:
            amounts[name] = parse_amount(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    try:
        currency = parse_currency(payload.currency)
    except ValidationError as exc:
        errors["currency"] = exc.messages
    if payload.employees is not None and payload.employees < 0:
        errors["employees"] = [_("The number cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    return DealFacts(
        partner_tier=payload.partner_tier,
        product_eligibilities=frozenset(payload.product_eligibilities),
        amount=amounts["amount"],
        currency=currency,
        customer_country=payload.customer_country.strip().upper(),
        customer_region=payload.customer_region,
        segment=payload.segment,
        employees=payload.employees,
        annual_revenue=amounts["annual_revenue"],
        is_named_account=payload.is_named_account,
    )


@router.post(
    "/evaluate", response=DecisionOut, summary="Decide channel / direct / review for given facts (staff)"
)
def evaluate_facts(request, payload: FactsIn):
    if not request.actor.is_staff:
        raise PermissionDenied
    _require(request, "engagement.view")
    ruleset = None
    if payload.version_id is not None:
        ruleset = ruleset_get(actor=request.actor, public_id=payload.version_id)
    decision = evaluate(_facts(payload), ruleset)
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
