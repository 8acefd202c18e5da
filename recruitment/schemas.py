from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from core.listing import filterset_schema
from core.schemas import CountryCode, InputSchema, NotBlank, OptionalCountryCode, OrBlank
from partners.choices import CompanySize, PartnerType, Region, Vertical
from recruitment.duplicates import describe_flag
from recruitment.filters import ApplicationFilterSet, ProspectFilterSet
from recruitment.fit import describe_reason
from recruitment.models import Application, Prospect, ProspectSource, ProspectStage, RecruitmentTargets
from recruitment.rules import ApplicationAction, ProspectAction, allowed_actions

ApplicationQuery = filterset_schema(ApplicationFilterSet, "ApplicationQuery")
ProspectQuery = filterset_schema(ProspectFilterSet, "ProspectQuery")


def _reasons(obj) -> list[dict]:
    return [{**r, "text": describe_reason(r)} for r in obj.fit_reasons or []]


class ApplicationIn(InputSchema, model=Application):
    company_name: str
    web_domain: str
    country: CountryCode
    region: Region
    partner_type: PartnerType
    contact_name: str
    contact_email: str
    motivation: str
    legal_name: str = ""
    tax_id: str = ""
    city: str = ""
    verticals: list[Vertical] = []
    size: OrBlank[CompanySize] = ""
    contact_phone: str = ""


class ApplicationCreatedOut(Schema):
    id: UUID = Field(alias="public_id")
    status: str


class ApplicationOut(Schema):
    id: UUID = Field(alias="public_id")
    status: str
    source: str
    company_name: str
    legal_name: str
    tax_id: str
    web_domain: str
    country: str
    region: str
    city: str
    partner_type: str
    verticals: list[str]
    size: str
    contact_name: str
    contact_email: str
    contact_phone: str
    motivation: str
    language: str
    fit_score: int
    fit_reasons: list[dict]
    duplicate_flags: list[dict]
    partner_id: UUID | None = None
    prospect_id: UUID | None = None
    decided_by_email: str | None = None
    decided_at: datetime | None
    rejection_reason: str
    cam_id: UUID | None = Field(None, description="The CAM the approved partner got (null: none)")
    cam_email: str | None = None
    cam_basis: str = Field(description="country, region (by territory), none or chosen; empty until approved")
    cam_reason: str = Field(description='"Territory: Germany", "No territory covers Brazil", "Chosen by …"')
    created_at: datetime

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_fit_reasons(obj) -> list[dict]:
        return _reasons(obj)

    @staticmethod
    def resolve_duplicate_flags(obj) -> list[dict]:
        return [{**f, "message": describe_flag(f)} for f in obj.duplicate_flags or []]

    @staticmethod
    def resolve_partner_id(obj) -> UUID | None:
        return obj.partner.public_id if obj.partner else None

    @staticmethod
    def resolve_prospect_id(obj) -> UUID | None:
        return obj.prospect.public_id if obj.prospect else None

    @staticmethod
    def resolve_decided_by_email(obj) -> str | None:
        return obj.decided_by.email if obj.decided_by else None

    @staticmethod
    def resolve_cam_id(obj) -> UUID | None:
        return obj.cam.public_id if obj.cam else None

    @staticmethod
    def resolve_cam_email(obj) -> str | None:
        return obj.cam.email if obj.cam else None


class CamProposalOut(Schema):
    """Whom approving now would make the partner's CAM, by territory, and why."""

    cam_id: UUID | None = None
    cam_email: str | None = None
    cam_name: str | None = None
    basis: str
    reason: str

    @staticmethod
    def resolve_cam_id(obj) -> UUID | None:
        return obj.cam.public_id if obj.cam else None

    @staticmethod
    def resolve_cam_email(obj) -> str | None:
        return obj.cam.email if obj.cam else None

    @staticmethod
    def resolve_cam_name(obj) -> str | None:
        return obj.cam.display_name if obj.cam else None


class ApplicationDetailOut(ApplicationOut):
    cam_proposal: CamProposalOut | None = Field(
        None, description="Awaiting review only: the CAM approving would assign by territory"
    )
    actions: list[ApplicationAction] = Field(description="What you may do next with this application")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class ApproveIn(InputSchema):
    cam_id: UUID | None = Field(
        None, description="Assign this CAM instead of the one the territory gives (recorded as your choice)"
    )


class ApplicationRejectIn(InputSchema):
    reason: NotBlank = Field(description="Emailed to the applicant")


class ProspectOut(Schema):
    id: UUID = Field(alias="public_id")
    company_name: str
    web_domain: str
    country: str
    region: str
    city: str
    partner_type: str
    verticals: list[str]
    size: str
    contact_name: str
    contact_email: str
    source: str
    stage: str
    owner_email: str | None = None
    next_step: str
    next_step_date: date | None
    notes: str
    fit_score: int
    fit_reasons: list[dict]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_fit_reasons(obj) -> list[dict]:
        return _reasons(obj)

    @staticmethod
    def resolve_owner_email(obj) -> str | None:
        return obj.owner.email if obj.owner else None


class ProspectDetailOut(ProspectOut):
    actions: list[ProspectAction] = Field(description="What you may do next with this prospect")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


OWNER_EMAIL = Field(None, max_length=254, description="A CAM or the channel chief; null: no owner")


class ProspectCreateIn(InputSchema, model=Prospect):
    company_name: str
    partner_type: PartnerType
    source: ProspectSource
    web_domain: str = ""
    country: OptionalCountryCode = ""
    region: OrBlank[Region] = ""
    city: str = ""
    verticals: list[Vertical] = []
    size: OrBlank[CompanySize] = ""
    contact_name: str = ""
    contact_email: str = ""
    owner_email: str | None = OWNER_EMAIL
    next_step: str = ""
    next_step_date: date | None = None
    notes: str = ""


class ProspectUpdateIn(InputSchema, model=Prospect):
    company_name: str | None = None
    partner_type: PartnerType | None = None
    source: ProspectSource | None = None
    web_domain: str | None = None
    country: OptionalCountryCode | None = None
    region: OrBlank[Region] | None = None
    city: str | None = None
    verticals: list[Vertical] | None = None
    size: OrBlank[CompanySize] | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    owner_email: str | None = OWNER_EMAIL
    next_step: str | None = None
    next_step_date: date | None = None
    notes: str | None = None


class StageIn(InputSchema, model=Prospect):
    stage: ProspectStage
    next_step: str | None = None
    next_step_date: date | None = None
    note: str = ""


class TargetsIn(InputSchema, model=RecruitmentTargets):
    regions: list[Region]
    verticals: list[Vertical]
    partner_types: list[PartnerType]
    sizes: list[CompanySize]
    weight_region: int
    weight_verticals: int
    weight_type: int
    weight_size: int


class TargetsOut(Schema):
    regions: list[str]
    verticals: list[str]
    partner_types: list[str]
    sizes: list[str]
    weight_region: int
    weight_verticals: int
    weight_type: int
    weight_size: int
    updated_at: datetime | None = None
    updated_by_email: str | None = None

    @staticmethod
    def resolve_updated_by_email(obj) -> str | None:
        return obj.updated_by.email if obj.updated_by else None
