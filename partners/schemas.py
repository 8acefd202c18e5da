from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from core.schemas import EventOut  # noqa: F401  (re-exported for the partners API)


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


class PartnerCreateIn(Schema):
    name: str
    partner_type: str
    legal_name: str = ""
    tax_id: str = ""
    web_domain: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    verticals: list[str] = []
    capabilities: list[str] = []
    size: str = ""
    tier: str = "registered"
    phone: str = ""
    description: str = ""
    cam_email: str | None = None
    distributor_id: UUID | None = None


class PartnerUpdateIn(Schema):
    name: str | None = None
    partner_type: str | None = None
    legal_name: str | None = None
    tax_id: str | None = None
    web_domain: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    verticals: list[str] | None = None
    capabilities: list[str] | None = None
    size: str | None = None
    tier: str | None = None
    phone: str | None = None
    description: str | None = None
    cam_email: str | None = None
    distributor_id: UUID | None = None


class StatusChangeIn(Schema):
    status: str
    note: str = ""
