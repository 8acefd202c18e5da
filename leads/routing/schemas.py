from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from leads.routing.explain import describe_rule, render_text
from leads.routing.inputs import (
    AssignInput,
    DeclineInput,
    MoveInput,
    RuleInput,
    RuleSetInput,
    SimulationInput,
)
from leads.routing.rules import RoutingAction, allowed_actions


class RoutingReasonOut(Schema):
    code: str
    params: dict


class RoutingRuleOut(Schema):
    id: UUID = Field(alias="public_id")
    position: int
    name: str
    direct: bool
    lead_regions: list[str]
    lead_countries: list[str]
    lead_verticals: list[str]
    lead_products: list[UUID]
    lead_attributes: list[dict]
    partner_types: list[str]
    partner_tiers: list[str]
    territory: str
    partner_verticals: bool
    certifications: list[UUID]
    capacity: int | None
    leads: str = Field(description="Which leads it takes, in plain language")
    goes_to: str = Field(description="Where they go, in plain language")

    @staticmethod
    def resolve_lead_products(obj) -> list[UUID]:
        from catalog.models import Product

        return list(
            Product.objects.filter(pk__in=obj.lead_products or []).values_list("public_id", flat=True)
        )

    @staticmethod
    def resolve_certifications(obj) -> list[UUID]:
        from learning.models import Certification

        return list(
            Certification.objects.filter(pk__in=obj.certifications or []).values_list("public_id", flat=True)
        )

    @staticmethod
    def resolve_leads(obj) -> str:
        return describe_rule(obj)[0]

    @staticmethod
    def resolve_goes_to(obj) -> str:
        return describe_rule(obj)[1]


class RoutingRuleSetSummaryOut(Schema):
    id: UUID = Field(alias="public_id")
    version: int
    status: str
    published_at: datetime | None
    notes: str


class RoutingRuleSetOut(RoutingRuleSetSummaryOut):
    default_sla_hours: int
    tier_sla_hours: dict[str, int]
    default_capacity: int
    rules: list[RoutingRuleOut]
    actions: list[RoutingAction] = Field(description="What you may do next with this version")

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


RuleSetIn = api_schema(RuleSetInput, "RoutingRuleSetIn", partial=True, api=True)
RuleIn = api_schema(RuleInput, "RoutingRuleIn")
SimulationIn = api_schema(SimulationInput, "RoutingSimulationIn")
AssignIn = api_schema(AssignInput, "LeadAssignIn")
DeclineIn = api_schema(DeclineInput, "LeadDeclineIn")


RoutingMoveIn = api_schema(MoveInput, "RoutingMoveIn")


class RoutingSimulatedPartnerOut(Schema):
    partner: str
    count: int
    share: float
    why: str
    explanation: list[RoutingReasonOut]


class RoutingUnroutedReasonOut(Schema):
    why: str
    count: int
    explanation: list[RoutingReasonOut]


class RoutingSimulationOut(Schema):
    version: int
    total: int
    routed: int
    direct: int
    unrouted: int
    partners: list[RoutingSimulatedPartnerOut]
    unrouted_reasons: list[RoutingUnroutedReasonOut]


class LeadOfferOut(Schema):
    """One offer of a lead to a partner, and why (a partner reads only its own)."""

    id: UUID = Field(alias="public_id")
    partner: str
    method: str
    outcome: str
    created_at: datetime
    accept_by: datetime | None
    decided_at: datetime | None
    decline_reason: str
    reason: str
    why: str = Field(description="The explanation, in the reader's language")
    explanation: list[RoutingReasonOut]

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_why(obj) -> str:
        return render_text(obj.explanation)


class LeadRoutingOut(Schema):
    id: UUID = Field(alias="public_id")
    company_name: str
    status: str
    destination: str
    partner: str | None
    assigned_at: datetime | None
    accept_by: datetime | None
    accepted_at: datetime | None
    unrouted_why: str = Field("", description="Why no partner took it (staff)")
    offers: list[LeadOfferOut]
