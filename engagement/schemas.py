from datetime import datetime
from uuid import UUID

from ninja import Field, Schema


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

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_sentences(obj) -> list[str]:
        from engagement.evaluate import describe_ruleset

        return describe_ruleset(obj)


class RuleSetIn(Schema):
    default_protection_days: int | None = None
    tier_protection_days: dict[str, int] | None = None
    tie_breaker: str | None = None
    named_accounts_direct: bool | None = None
    notes: str | None = None


class RuleIn(Schema):
    label: str = ""
    product_eligibility: str = "any"
    segments: list[str] = []
    min_employees: int | None = None
    max_employees: int | None = None
    min_revenue: str | None = None
    max_revenue: str | None = None
    countries: list[str] = []
    regions: list[str] = []
    min_amount: str | None = None
    max_amount: str | None = None
    currency: str = "USD"
    outcome: str = "review"
    protection_days: int | None = None


class FactsIn(Schema):
    version_id: UUID | None = None  # default: the published rules
    partner_tier: str = "registered"
    product_eligibilities: list[str] = []
    amount: str = "0"
    currency: str = "USD"
    customer_country: str = ""
    customer_region: str = ""
    segment: str | None = None
    employees: int | None = None
    annual_revenue: str | None = None
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
