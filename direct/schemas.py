from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool

from core.inputs import api_schema
from core.schemas import AmountText, NotBlank
from direct.inputs import AccountInput, DealInput, ImportInput
from direct.rules import AccountAction, DealAction, allowed_actions

OWNER_EMAIL = Field(None, max_length=254, description="A staff user's email; null: no owner")


class AccountOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    legal_name: str
    web_domain: str
    tax_id: str
    country: str
    region: str
    segment: str
    annual_revenue: AmountText | None = None
    currency: str
    employees: int | None
    owner_email: str | None = Field(None, alias="owner.email")
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


class AccountDetailOut(AccountOut):
    actions: list[AccountAction] = Field(description="What you may do next with this account")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


# Inputs: generated from the page's inputs (direct/inputs.py), so limits and choices are declared once. The
# API names an owner by email, a deal's account by id; a flag may be left out, as it always could.
OWNER = {"owner_email": (str | None, OWNER_EMAIL)}
AccountIn = api_schema(
    AccountInput, "AccountIn", exclude=("owner",), extra=OWNER | {"is_named_account": (bool, False)}
)
AccountPatch = api_schema(AccountInput, "AccountPatch", partial=True, exclude=("owner",), extra=OWNER)


class DealOut(Schema):
    id: UUID = Field(alias="public_id")
    account_id: UUID = Field(alias="account.public_id")
    account_name: str = Field(alias="account.name")
    name: str
    amount: AmountText
    currency: str
    stage: str
    is_open: bool
    expected_close_date: date | None
    owner_email: str | None = Field(None, alias="owner.email")
    closed_at: datetime | None
    created_at: datetime


class DealDetailOut(DealOut):
    actions: list[DealAction] = Field(description="What you may do next with this deal")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


DealIn = api_schema(
    DealInput,
    "DealIn",
    exclude=("owner",),
    extra=OWNER | {"account_id": (UUID, Field(description="The direct account's id"))},
)
DealPatch = api_schema(DealInput, "DealPatch", partial=True, exclude=("owner",), extra=OWNER)
ImportIn = api_schema(
    ImportInput,
    "ImportIn",
    exclude=("file", "confirm"),
    extra={
        "csv": (NotBlank, Field(description="The CSV file's text (header row first)")),
        "dry_run": (StrictBool, True),
    },
)


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool
