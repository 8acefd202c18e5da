from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import create_model

from core.inputs import api_schema
from core.listing import filterset_schema
from core.schemas import EventOut  # noqa: F401  (re-exported for the partners API)
from partners.filters import PartnerFilterSet
from partners.inputs import PartnerInput, StatusInput, TerritoryInput
from partners.logo import logo_url
from partners.rules import PartnerAction, allowed_actions


class PartnerOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    legal_name: str
    tax_id: str
    web_domain: str
    country: str = Field(alias="country.code")
    region: str
    city: str
    phone: str
    email: str
    has_logo: bool = Field(description="Whether the partner has a logo (PNG or JPEG) for co-branded material")
    profile_version: int = Field(
        description="Moves whenever what co-branded material prints of the partner changes"
    )
    partner_type: str
    verticals: list[str]
    capabilities: list[str]
    size: str
    status: str
    tier: str
    cam_email: str | None = Field(None, alias="cam.email")
    distributor_id: UUID | None = Field(None, alias="parent.public_id")
    created_at: datetime
    activated_at: datetime | None

    @staticmethod
    def resolve_has_logo(obj) -> bool:
        return bool(obj.logo)


class PartnerDetailOut(PartnerOut):
    actions: list[PartnerAction] = Field(
        description="The lifecycle steps you may take now; each leads to one status "
        "(mark_applicant: applicant, start_onboarding: onboarding, activate: active, "
        "flag_at_risk: at_risk, offboard: offboarded), which POST /status takes"
    )

    logo_url: str | None = Field(
        None, description="A link that downloads the logo for you, for a few minutes (none without a logo)"
    )

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)

    @staticmethod
    def resolve_logo_url(obj, context) -> str | None:
        request = context["request"]
        url = logo_url(obj, user_id=request.user.pk)
        return request.build_absolute_uri(url) if url else None


class TerritoriesOut(Schema):
    """One channel account manager (or the chief) with the territories they hold."""

    user_id: UUID = Field(alias="user.public_id")
    email: str = Field(alias="user.email")
    full_name: str = Field(alias="user.full_name")
    staff_role: str = Field(alias="user.staff_role")
    regions: list[str]
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    live_partners: int = Field(
        alias="load", description="Partners onboarding, active or at risk with this CAM"
    )


# Inputs: generated from the pages' inputs (partners/inputs.py), so limits and choices are declared once. Only
# the references take null (none); elsewhere a value is left out or sent empty ("") to clear it.


def _partner_body(name: str, *, partial: bool, doc: str) -> type:
    """A partner body: the input's fields, with the manager named by email and the distributor by id (the
    input's `cam` and `parent`, whose refusals keep those names)."""
    fields = api_schema(
        PartnerInput, f"{name}Fields", partial=partial, exclude=("cam", "parent"), nullable=()
    )
    return create_model(
        name,
        __base__=fields,
        __doc__=doc,
        tier=(
            str | None,
            Field(
                None,
                max_length=20,
                description="Refused (422, tier_by_program): the tier is the best of the partner's program "
                "memberships and changes there (/api/programs)",
            ),
        ),
        cam_email=(
            str | None,
            Field(None, max_length=254, description="A CAM or the channel chief; null: none"),
        ),
        distributor_id=(
            UUID | None,
            Field(None, description="The distributor this partner resells for; null: none"),
        ),
    )


PartnerCreateIn = _partner_body("PartnerCreateIn", partial=False, doc="A new partner (staff).")
PartnerUpdateIn = _partner_body(
    "PartnerUpdateIn",
    partial=True,
    doc="Only the fields sent change. Partner admins may change their profile; vendor-only fields (type, "
    "region, manager, distributor) are refused for them (422, staff_only). The tier changes through program "
    'memberships only (422, tier_by_program). Send "" to clear text or a choice.',
)
StatusChangeIn = api_schema(StatusInput, "StatusChangeIn", nullable=())
TerritoriesIn = api_schema(TerritoryInput, "TerritoriesIn", nullable=())
PartnerQuery = filterset_schema(PartnerFilterSet, "PartnerQuery")
