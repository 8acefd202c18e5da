from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema


class LineOut(Schema):
    product_id: UUID
    sku: str
    product_name: str
    quantity: int
    unit_price: str

    @staticmethod
    def resolve_product_id(obj) -> UUID:
        return obj.product.public_id

    @staticmethod
    def resolve_sku(obj) -> str:
        return obj.product.sku

    @staticmethod
    def resolve_product_name(obj) -> str:
        return obj.product.name

    @staticmethod
    def resolve_unit_price(obj) -> str:
        return str(obj.unit_price)


class RegistrationOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID
    partner_name: str
    registered_via_id: UUID | None = None
    registered_by_email: str | None = None
    customer_name: str
    customer_domain: str
    customer_tax_id: str
    customer_country: str
    contact_name: str
    contact_email: str
    contact_phone: str
    amount: str
    currency: str
    expected_close_date: date | None
    stage: str
    notes: str
    status: str
    submitted_at: datetime | None
    decided_by_email: str | None = None
    decided_at: datetime | None
    decision_reason: str
    protected_until: date | None
    won_amount: str | None = None
    lost_reason: str
    conflict_outcome: str | None = Field(
        None, description='Latest conflict check: "conflict", "clear", or null before submission'
    )
    appeal_reason: str
    appealed_at: datetime | None
    appeal_decided_at: datetime | None
    appeal_decision_note: str
    name_key: str
    tax_id_key: str
    lines: list[LineOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_partner_id(obj) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_partner_name(obj) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_registered_via_id(obj) -> UUID | None:
        return obj.registered_via.public_id if obj.registered_via else None

    @staticmethod
    def resolve_registered_by_email(obj) -> str | None:
        return obj.registered_by.email if obj.registered_by else None

    @staticmethod
    def resolve_decided_by_email(obj) -> str | None:
        return obj.decided_by.email if obj.decided_by else None

    @staticmethod
    def resolve_customer_country(obj) -> str:
        return obj.customer_country.code or ""

    @staticmethod
    def resolve_amount(obj) -> str:
        return str(obj.amount)

    @staticmethod
    def resolve_won_amount(obj) -> str | None:
        return None if obj.won_amount is None else str(obj.won_amount)

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class LineIn(Schema):
    product_id: UUID
    quantity: int
    unit_price: str | None = None


class RegistrationIn(Schema):
    partner_id: UUID | None = Field(None, description="A reseller of your distributor; default your company")
    customer_name: str = ""
    customer_domain: str = ""
    customer_tax_id: str = ""
    customer_country: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    currency: str = "USD"
    expected_close_date: date | None = None
    stage: str = "qualification"
    notes: str = ""
    lines: list[LineIn] = []


class RegistrationPatch(Schema):
    customer_name: str | None = None
    customer_domain: str | None = None
    customer_tax_id: str | None = None
    customer_country: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    currency: str | None = None
    expected_close_date: date | None = None
    stage: str | None = None
    notes: str | None = None
    lines: list[LineIn] | None = Field(None, description="Replaces all lines when given")


class RejectIn(Schema):
    reason: str


class CloseIn(Schema):
    outcome: str = Field(description='"won" or "lost"')
    won_amount: str | None = None
    lost_reason: str = ""


class ApproveIn(Schema):
    note: str = Field(
        "", description="Required when the conflict check or the rules of engagement raise a question"
    )


class AppealIn(Schema):
    reason: str


class AppealDecisionIn(Schema):
    grant: bool = Field(
        description="true approves and protects the registration; false upholds the rejection"
    )
    note: str


class ExtensionIn(Schema):
    days: int
    reason: str


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""


class ExtensionOut(Schema):
    id: UUID = Field(alias="public_id")
    registration_id: UUID
    days: int
    reason: str
    status: str
    requested_by_email: str | None = None
    decided_by_email: str | None = None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime

    @staticmethod
    def resolve_registration_id(obj) -> UUID:
        return obj.registration.public_id

    @staticmethod
    def resolve_requested_by_email(obj) -> str | None:
        return obj.requested_by.email if obj.requested_by else None

    @staticmethod
    def resolve_decided_by_email(obj) -> str | None:
        return obj.decided_by.email if obj.decided_by else None


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
