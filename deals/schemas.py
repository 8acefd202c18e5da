from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, ModelSchema, Schema

from conflicts.models import CheckOutcome
from core.inputs import api_schema
from core.listing import filterset_schema
from core.schemas import AmountText, QuerySchema
from deals.filters import RegistrationFilterSet
from deals.inputs import (
    AppealDecisionInput,
    AppealInput,
    ApproveInput,
    CloseInput,
    ExtensionDecisionInput,
    ExtensionInput,
    RefundInput,
    RegistrationInput,
    RejectInput,
    ReopenInput,
)
from deals.models import DealRegistration, RegistrationStatus
from deals.rules import Action, ExtensionAction, allowed_actions, extension_allowed_actions


class LineOut(Schema):
    product_id: UUID = Field(alias="product.public_id")
    sku: str = Field(alias="product.sku")
    product_name: str = Field(alias="product.name")
    quantity: int
    unit_price: AmountText


class RegistrationOut(ModelSchema):
    """A registration as the API shows it: every field of the model (a new field appears by itself) except
    the internal ones, with related rows by public id."""

    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    registered_via_id: UUID | None = Field(None, alias="registered_via.public_id")
    registered_by_email: str | None = Field(None, alias="registered_by.email")
    decided_by_email: str | None = Field(None, alias="decided_by.email")
    customer_country: str = Field(alias="customer_country.code")
    amount: AmountText
    won_amount: AmountText | None = None
    refunded_amount: AmountText = Field(description="Refunded to the customer of the won deal so far")
    conflict_outcome: CheckOutcome | None = Field(
        None, description="Outcome of the latest conflict check; null before submission"
    )
    lines: list[LineOut]

    class Meta:
        model = DealRegistration
        exclude = [
            "id",
            "public_id",
            "partner",
            "registered_by",
            "registered_via",
            "decided_by",
            "appeal_decided_by",
            "idempotency_key",
            "expiry_reminded_for",
        ]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class RegistrationDetailOut(RegistrationOut):
    actions: list[Action] = Field(description="What you may do next with this registration")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


# Inputs: generated from the page forms (deals/inputs.py), so limits and choices are declared once.
RegistrationIn = api_schema(RegistrationInput, "RegistrationIn")
RegistrationPatch = api_schema(RegistrationInput, "RegistrationPatch", partial=True, exclude=("partner_id",))
ApproveIn = api_schema(ApproveInput, "ApproveIn")
RejectIn = api_schema(RejectInput, "RejectIn")
AppealIn = api_schema(AppealInput, "AppealIn")
AppealDecisionIn = api_schema(AppealDecisionInput, "AppealDecisionIn")
ExtensionIn = api_schema(ExtensionInput, "ExtensionIn")
ExtensionDecisionIn = api_schema(ExtensionDecisionInput, "ExtensionDecisionIn")
CloseIn = api_schema(CloseInput, "CloseIn")
ReopenIn = api_schema(ReopenInput, "ReopenIn")
RefundIn = api_schema(RefundInput, "RefundIn")
RegistrationQuery = filterset_schema(RegistrationFilterSet, "RegistrationQuery")


class ExtensionOut(Schema):
    id: UUID = Field(alias="public_id")
    actions: list[ExtensionAction] = Field(description="What you may do next with this request")
    registration_id: UUID = Field(alias="registration.public_id")
    days: int
    reason: str
    status: str
    requested_by_email: str | None = Field(None, alias="requested_by.email")
    decided_by_email: str | None = Field(None, alias="decided_by.email")
    decided_at: datetime | None
    decision_note: str
    created_at: datetime

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return extension_allowed_actions(context["request"].actor, obj)


class ReasonOut(Schema):
    code: str
    params: dict
    text: str


class MatchOut(Schema):
    source: str
    matched_id: UUID | None
    matched_label: str
    score: int
    reasons: list[ReasonOut]


class ConflictCheckOut(Schema):
    outcome: str = Field(description='"clear" or "conflict"; partners see no matches, only the outcome')
    checked_at: datetime
    engagement_outcome: str = Field(description='"channel", "direct" or "review" per the rules of engagement')
    engagement_version: int | None
    protection_days: int | None
    engagement_reasons: list[ReasonOut]
    matches: list[MatchOut]


class CustomerHintQuery(QuerySchema):
    name: str = Field("", max_length=200, description="The customer's name as typed so far")
    domain: str = Field("", max_length=253, description="The customer's web domain as typed so far")
    exclude: UUID | None = Field(None, description="A registration to leave out (the draft being edited)")


class CustomerHintItem(Schema):
    id: UUID = Field(alias="registration.public_id")
    customer_name: str = Field(alias="registration.customer_name")
    customer_domain: str = Field(alias="registration.customer_domain")
    status: RegistrationStatus = Field(alias="registration.status")
    protected_until: date | None = Field(alias="registration.protected_until")
    partner_id: UUID = Field(alias="registration.partner.public_id")
    partner_name: str = Field(alias="registration.partner.name")
    how: Literal["domain", "name", "typed"] = Field(
        description="domain: the same web domain; name: the whole name matches; typed: what was typed so far "
        "begins the customer's name"
    )


class CustomerHintOut(Schema):
    """Your own company's registrations (and a distributor's resellers') for a customer like the one typed;
    never another partner's registration or the vendor's direct accounts."""

    matches: list[CustomerHintItem]
