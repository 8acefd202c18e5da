from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from core.schemas import (
    EventOut,  # noqa: F401  (re-exported for the partners API)
    InputSchema,
    OptionalCountryCode,
    OrBlank,
)
from partners.choices import Capability, CompanySize, PartnerStatus, PartnerType, Region, Tier, Vertical
from partners.models import Partner


class PartnerOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    legal_name: str
    tax_id: str
    web_domain: str
    country: str
    region: str
    city: str
    partner_type: str
    verticals: list[str]
    capabilities: list[str]
    size: str
    status: str
    tier: str
    cam_email: str | None = None
    distributor_id: UUID | None = None
    created_at: datetime
    activated_at: datetime | None

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_cam_email(obj) -> str | None:
        return obj.cam.email if obj.cam else None

    @staticmethod
    def resolve_distributor_id(obj) -> UUID | None:
        return obj.parent.public_id if obj.parent else None


class PartnerCreateIn(InputSchema, model=Partner):
    name: str
    partner_type: PartnerType
    legal_name: str = ""
    tax_id: str = ""
    web_domain: str = ""
    country: OptionalCountryCode = ""
    region: OrBlank[Region] = ""
    city: str = ""
    verticals: list[Vertical] = []
    capabilities: list[Capability] = []
    size: OrBlank[CompanySize] = ""
    tier: Tier = Tier.REGISTERED
    phone: str = ""
    description: str = ""
    cam_email: str | None = Field(None, max_length=254, description="A CAM or the channel chief; null: none")
    distributor_id: UUID | None = Field(None, description="The distributor this partner resells for")


class PartnerUpdateIn(InputSchema, model=Partner):
    """Only the fields sent change. Partner admins may change their profile; vendor-only fields (type,
    tier, region, manager, distributor) are ignored for them. Send "" to clear text or a choice."""

    name: str | None = None
    partner_type: PartnerType | None = None
    legal_name: str | None = None
    tax_id: str | None = None
    web_domain: str | None = None
    country: OptionalCountryCode | None = None
    region: OrBlank[Region] | None = None
    city: str | None = None
    verticals: list[Vertical] | None = None
    capabilities: list[Capability] | None = None
    size: OrBlank[CompanySize] | None = None
    tier: Tier | None = None
    phone: str | None = None
    description: str | None = None
    cam_email: str | None = Field(None, max_length=254, description="A CAM or the channel chief; null: none")
    distributor_id: UUID | None = Field(None, description="The distributor; null: none")


class StatusChangeIn(InputSchema):
    status: PartnerStatus
    note: str = ""
