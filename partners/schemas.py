from datetime import datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from core.listing import filterset_schema
from core.schemas import (
    EventOut,  # noqa: F401  (re-exported for the partners API)
    InputSchema,
    OptionalCountryCode,
    OrBlank,
)
from partners.choices import Capability, CompanySize, PartnerStatus, PartnerType, Region, Tier, Vertical
from partners.filters import PartnerFilterSet
from partners.models import Partner
from partners.rules import PartnerAction, allowed_actions


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


class PartnerDetailOut(PartnerOut):
    actions: list[PartnerAction] = Field(
        description="The lifecycle steps you may take now; each leads to one status "
        "(mark_applicant: applicant, start_onboarding: onboarding, activate: active, "
        "flag_at_risk: at_risk, offboard: offboarded), which POST /status takes"
    )

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class StatusChangeIn(InputSchema):
    status: PartnerStatus
    note: str = ""


class TerritoriesOut(Schema):
    """One channel account manager (or the chief) with the territories they hold."""

    user_id: UUID
    email: str
    full_name: str
    staff_role: str
    regions: list[str]
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    live_partners: int = Field(description="Partners onboarding, active or at risk with this CAM")

    @staticmethod
    def resolve_user_id(obj) -> UUID:
        return obj.user.public_id

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_staff_role(obj) -> str:
        return obj.user.staff_role

    @staticmethod
    def resolve_live_partners(obj) -> int:
        return obj.load


class TerritoriesIn(InputSchema):
    """The whole set: what is not listed is no longer held."""

    regions: list[Region] = Field(max_length=len(Region.values))
    countries: list[Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]] = Field(
        max_length=300, description="ISO 3166-1 alpha-2 codes"
    )


PartnerQuery = filterset_schema(PartnerFilterSet, "PartnerQuery")
