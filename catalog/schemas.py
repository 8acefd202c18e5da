from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool

from catalog.inputs import FamilyInput, ImportInput, ProductInput
from core.inputs import api_schema
from core.schemas import AmountText, NotBlank


class FamilyOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    description: str


FamilyIn = api_schema(FamilyInput, "FamilyIn")


class ProductOut(Schema):
    id: UUID = Field(alias="public_id")
    sku: str
    name: str
    family_id: UUID = Field(alias="family.public_id")
    family: str = Field(alias="family.name")
    description: str
    list_price: AmountText
    currency: str
    channel_eligibility: str
    is_active: bool
    created_at: datetime
    updated_at: datetime
    price: AmountText | None = Field(
        None,
        description="A partner user's own price: the list price less its tier's discount (staff: the price "
        "for the partner named by `price_for`; null without one)",
    )
    discount: AmountText | None = Field(None, description="The discount in that price, percent")

    @staticmethod
    def resolve_price(obj, context) -> str | None:
        prices = getattr(context["request"], "catalog_pricing", None)
        return None if prices is None else str(prices.price(obj.list_price))

    @staticmethod
    def resolve_discount(obj, context) -> str | None:
        prices = getattr(context["request"], "catalog_pricing", None)
        return None if prices is None else f"{prices.discount:.2f}"


# Inputs: generated from the page's inputs (catalog/inputs.py), so limits and choices are declared once. The
# API names the family by its id; the page chooses it by name.
ProductCreateIn = api_schema(
    ProductInput,
    "ProductCreateIn",
    exclude=("family",),
    # is_active may be left out, as it always could: a new product is active unless said otherwise
    extra={
        "family_id": (UUID, Field(description="The product family's id")),
        "is_active": (StrictBool, True),
    },
)
ProductUpdateIn = api_schema(
    ProductInput,
    "ProductUpdateIn",
    partial=True,
    exclude=("family",),
    extra={"family_id": (UUID | None, Field(None, description="The product family's id"))},
)
ProductImportIn = api_schema(
    ImportInput,
    "ProductImportIn",
    exclude=("file",),
    extra={
        "csv": (NotBlank, Field(description="The CSV file's text (header row first)")),
        "dry_run": (StrictBool, False),
    },
)


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
