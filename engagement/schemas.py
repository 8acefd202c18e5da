from datetime import datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from catalog.models import ChannelEligibility
from core.money import Currency
from core.schemas import Amount, CountryCode, InputSchema, OptionalCountryCode, OrBlank
from engagement.choices import Segment
from engagement.models import MAX_DAYS, MIN_DAYS, Outcome, ProductCondition, Rule, RuleSet, TieBreaker
from engagement.rules import RuleSetAction, allowed_actions
from partners.choices import Region, Tier

Days = Annotated[int, Field(ge=MIN_DAYS, le=MAX_DAYS, description="Days of protection")]


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
    version: int
    status: str
    published_at: datetime | None
    notes: str


class RuleSetOut(RuleSetSummaryOut):
    default_protection_days: int
    tier_protection_days: dict[str, int]
    tie_breaker: str
    named_accounts_direct: bool
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


class RuleSetIn(InputSchema, model=RuleSet):
    default_protection_days: Days | None = None
    tier_protection_days: dict[Tier, Days] | None = Field(None, description="Tier → days")
    tie_breaker: TieBreaker | None = None
    named_accounts_direct: bool | None = None
    notes: str | None = None


class RuleIn(InputSchema, model=Rule):
    label: str = ""
    product_eligibility: ProductCondition = ProductCondition.ANY
    segments: list[Segment] = []
    min_employees: int | None = None
    max_employees: int | None = None
    min_revenue: Amount | None = None
    max_revenue: Amount | None = None
    countries: list[CountryCode] = []
    regions: list[Region] = []
    min_amount: Amount | None = None
    max_amount: Amount | None = None
    currency: Currency = Currency.USD
    outcome: Outcome = Outcome.REVIEW
    protection_days: Days | None = None


class FactsIn(InputSchema):
    version_id: UUID | None = None  # default: the published rules
    partner_tier: Tier = Tier.REGISTERED
    product_eligibilities: list[ChannelEligibility] = []
    amount: Amount = "0"
    currency: Currency = Currency.USD
    customer_country: OptionalCountryCode = ""
    customer_region: OrBlank[Region] = ""
    segment: Segment | None = None
    employees: Annotated[int, Field(ge=0)] | None = None
    annual_revenue: Amount | None = None
    is_named_account: bool = False


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
