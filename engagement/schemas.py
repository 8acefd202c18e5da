from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, create_model

from core.inputs import api_schema
from engagement.inputs import FactsInput, RuleInput, RuleSetInput
from engagement.rules import RuleSetAction, allowed_actions


def _amount(value) -> str | None:
    return None if value is None else f"{value:.2f}"


class RuleOut(Schema):
    id: UUID = Field(alias="public_id")
    position: int
    label: str
    product_eligibility: str
    segments: list[str]
    min_employees: int | None
    max_employees: int | None
    min_revenue: str | None  # decimal strings, USD
    max_revenue: str | None
    countries: list[str]
    regions: list[str]
    min_amount: str | None
    max_amount: str | None
    currency: str
    outcome: str
    protection_days: int | None
    sentence: str

    @staticmethod
    def resolve_min_revenue(obj) -> str | None:
        return _amount(obj.min_revenue)

    @staticmethod
    def resolve_max_revenue(obj) -> str | None:
        return _amount(obj.max_revenue)

    @staticmethod
    def resolve_min_amount(obj) -> str | None:
        return _amount(obj.min_amount)

    @staticmethod
    def resolve_max_amount(obj) -> str | None:
        return _amount(obj.max_amount)

    @staticmethod
    def resolve_sentence(obj) -> str:
        from engagement.evaluate import describe_rule

        return describe_rule(obj)


class RuleSetSummaryOut(Schema):
    id: UUID = Field(alias="public_id")
    program: str = Field(alias="program.code", description="The partner program whose rules these are")
    version: int = Field(description="Numbered per program")
    status: str
    published_at: datetime | None
    notes: str


class RuleSetOut(RuleSetSummaryOut):
    default_protection_days: int
    tier_protection_days: dict[str, int]
    tie_breaker: str
    named_accounts_direct: bool
    disclosure_required: bool = Field(
        description="Partners confirm the competing products they sell before registering a deal"
    )
    competitive_protection_days: int | None = Field(
        description="At most this protection for a deal a declared competing line competes with (0: none; "
        "null: like any other deal)"
    )
    rules: list[RuleOut]
    sentences: list[str]
    actions: list[RuleSetAction] = Field(description="What you may do next with this version")

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_sentences(obj) -> list[str]:
        from engagement.evaluate import describe_ruleset

        return describe_ruleset(obj)

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class CurrentRuleSetOut(RuleSetOut):
    accepted_at: datetime | None = Field(
        None, description="Partner users: when their company accepted this version (null: not yet)"
    )


class RuleSetAcceptanceOut(Schema):
    id: UUID = Field(alias="public_id")
    ruleset_id: UUID = Field(alias="ruleset.public_id")
    program: str = Field(alias="ruleset.program.code")
    version: int = Field(alias="ruleset.version")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    accepted_by: str | None = Field(None, alias="accepted_by.email")
    accepted_at: datetime = Field(alias="created_at")
    ip_address: str | None


# Bodies: generated from the pages' inputs (engagement/inputs.py): fields, limits, choices declared once.
RuleSetIn = api_schema(RuleSetInput, "RuleSetIn", partial=True, api=True)
RuleSetDraftIn = api_schema(
    RuleSetInput,
    "RuleSetDraftIn",
    partial=True,
    api=True,
    extra={
        "program": (
            str | None,
            Field(None, max_length=40, description="The program's code (left out: the default program)"),
        )
    },
)
RuleIn = api_schema(RuleInput, "RuleIn")
# A fact left out is not given (a JSON boolean is otherwise always stated).
FactsIn: type = create_model(
    "FactsIn",
    __base__=api_schema(FactsInput, "FactsBase"),
    is_named_account=(StrictBool, False),
)


class ReasonOut(Schema):
    code: str
    params: dict
    text: str


class DecisionOut(Schema):
    outcome: str
    protection_days: int
    version: int | None
    rule_id: UUID | None
    rule_position: int | None
    reasons: list[ReasonOut]
