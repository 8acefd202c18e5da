from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from content.inputs import AssetCreateInput, AssetInput, CategoryInput, VersionInput
from core.inputs import api_schema


class LibraryCategoryOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    name_en: str
    name_ru: str


class ProductRef(Schema):
    id: UUID = Field(alias="public_id")
    sku: str
    name: str


class AssetVersionOut(Schema):
    id: UUID = Field(alias="public_id")
    language: str
    number: int
    file_type: str = Field(
        description="The file's type as read from its content (pdf, pptx, mp4 …); empty for a link"
    )
    size: int
    url: str = Field(description="A link asset's address; empty for a file")
    note: str
    created_at: datetime


class AssetOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    title: str
    title_en: str
    title_ru: str
    description_en: str = Field(description="Markdown")
    description_ru: str = Field(description="Markdown")
    category: LibraryCategoryOut | None
    tags: list[str]
    products: list[ProductRef] = Field(description="The products it is about (those the reader may see)")
    updated: datetime | None = Field(alias="freshened_at", description="When partners last got something new")
    is_new: bool = Field(description="New since the reader's last visit to the library")
    files: list[AssetVersionOut] = Field(
        description="The current version in each language: what partners get"
    )
    # Staff only (null for partners)
    status: str | None = None
    publish_on: date | None = None
    available_until: date | None = None
    partner_types: list[str] | None = None
    tiers: list[str] | None = None
    regions: list[str] | None = None
    views: int | None = None
    downloads: int | None = None
    actions: list[str]


class AssetDownloadOut(Schema):
    url: str = Field(
        description="For the caller only: a signed download valid a few minutes, or a link asset's address"
    )
    expires_in: int | None = Field(
        description="Seconds the signed link lasts; null for a link asset's address"
    )
    language: str
    version: int


class AssetUsageOut(Schema):
    partner_id: UUID = Field(alias="partner__public_id")
    partner: str = Field(alias="partner__name")
    views: int
    downloads: int
    people: int


class AssetActivityOut(Schema):
    at: datetime
    kind: str
    asset_id: UUID = Field(alias="asset.public_id")
    partner_id: UUID | None = None
    partner: str | None = None
    user: str | None = None

    @staticmethod
    def resolve_partner_id(row) -> UUID | None:
        return row.partner.public_id if row.partner_id else None

    @staticmethod
    def resolve_partner(row) -> str | None:
        return row.partner.name if row.partner_id else None

    @staticmethod
    def resolve_user(row) -> str | None:
        return row.user.email if row.user_id else None


AssetCreateIn = api_schema(
    AssetCreateInput,
    "AssetCreateIn",
    exclude=("file",),
    nullable=("category", "publish_on", "available_until"),
)
AssetUpdateIn = api_schema(
    AssetInput,
    "AssetUpdateIn",
    partial=True,
    exclude=("kind",),
    nullable=("category", "publish_on", "available_until"),
)
VersionLinkIn = api_schema(VersionInput, "AssetLinkVersionIn", exclude=("file",))
LibraryCategoryIn = api_schema(CategoryInput, "LibraryCategoryIn")
