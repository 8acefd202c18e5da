from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema


class AccountOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    legal_name: str
    web_domain: str
    tax_id: str
    country: str
    region: str
    segment: str
    annual_revenue: str | None = None
    currency: str
    employees: int | None
    owner_email: str | None = None
    is_named_account: bool
    is_active: bool
    notes: str
    name_key: str
    legal_name_key: str
    tax_id_key: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_annual_revenue(obj) -> str | None:
        return None if obj.annual_revenue is None else str(obj.annual_revenue)

    @staticmethod
    def resolve_owner_email(obj) -> str | None:
        return obj.owner.email if obj.owner else None


class AccountIn(Schema):
    name: str
    legal_name: str = ""
    web_domain: str = ""
    tax_id: str = ""
    country: str = ""
    region: str = ""
    segment: str = ""
    annual_revenue: str | None = None
    currency: str = "USD"
    employees: int | None = None
    owner_email: str | None = None
    is_named_account: bool = False
    notes: str = ""


class AccountPatch(Schema):
    name: str | None = None
    legal_name: str | None = None
    web_domain: str | None = None
    tax_id: str | None = None
    country: str | None = None
    region: str | None = None
    segment: str | None = None
    annual_revenue: str | None = None
    currency: str | None = None
    employees: int | None = None
    owner_email: str | None = None
    is_named_account: bool | None = None
    notes: str | None = None


class DealOut(Schema):
    id: UUID = Field(alias="public_id")
    account_id: UUID
    account_name: str
    name: str
    amount: str
    currency: str
    stage: str
    is_open: bool
    expected_close_date: date | None
    owner_email: str | None = None
    closed_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_account_id(obj) -> UUID:
        return obj.account.public_id

    @staticmethod
    def resolve_account_name(obj) -> str:
        return obj.account.name

    @staticmethod
    def resolve_amount(obj) -> str:
        return str(obj.amount)

    @staticmethod
    def resolve_owner_email(obj) -> str | None:
        return obj.owner.email if obj.owner else None


class DealIn(Schema):
    account_id: UUID
    name: str
    amount: str
    currency: str = "USD"
    stage: str = "prospecting"
    expected_close_date: date | None = None
    owner_email: str | None = None


class DealPatch(Schema):
    name: str | None = None
    amount: str | None = None
    currency: str | None = None
    stage: str | None = None
    expected_close_date: date | None = None
    owner_email: str | None = None


class ImportIn(Schema):
    csv: str
    dry_run: bool = True


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool
