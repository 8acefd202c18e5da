from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from catalog.models import ChannelEligibility, Product, ProductFamily
from core.money import Currency
from core.schemas import Amount, InputSchema


class FamilyOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    description: str


class FamilyIn(InputSchema, model=ProductFamily):
    name: str
    description: str = ""


class ProductOut(Schema):
    id: UUID = Field(alias="public_id")
    sku: str
    name: str
    family_id: UUID
    family: str
    description: str
    list_price: str  # a decimal string, never a float
    currency: str
    channel_eligibility: str
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_family_id(obj) -> UUID:
        return obj.family.public_id

    @staticmethod
    def resolve_family(obj) -> str:
        return obj.family.name

    @staticmethod
    def resolve_list_price(obj) -> str:
        return f"{obj.list_price:.2f}"


class ProductCreateIn(InputSchema, model=Product):
    sku: str
    name: str
    family_id: UUID
    list_price: Amount
    currency: Currency = Currency.USD
    channel_eligibility: ChannelEligibility = ChannelEligibility.BOTH
    description: str = ""
    is_active: bool = True


class ProductUpdateIn(InputSchema, model=Product):
    sku: str | None = None
    name: str | None = None
    family_id: UUID | None = None
    list_price: Amount | None = None
    currency: Currency | None = None
    channel_eligibility: ChannelEligibility | None = None
    description: str | None = None
    is_active: bool | None = None


class ProductImportIn(InputSchema):
    csv: str = Field(description="The CSV file's text (header row first)")
    dry_run: bool = False


class RowChangeOut(Schema):
    row: int
    sku: str
    action: str
    changed: list[str]


class ProductImportOut(Schema):
    dry_run: bool
    written: bool
    created: int
    updated: int
    unchanged: int
    families_created: list[str]
    rows: list[RowChangeOut]
