"""The recruitment API's schemas. The inputs are generated from the page's inputs (recruitment/inputs.py):
fields, limits and choices are declared once."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from partners.territories import CamProposal
from recruitment import inputs
from recruitment.duplicates import describe_flag
from recruitment.filters import ApplicationFilterSet, ProspectFilterSet
from recruitment.fit import describe_reason
from recruitment.rules import ApplicationAction, ProspectAction, allowed_actions
from recruitment.selectors import application_cam_proposal

ApplicationQuery = filterset_schema(ApplicationFilterSet, "ApplicationQuery")
ProspectQuery = filterset_schema(ProspectFilterSet, "ProspectQuery")

# Inputs: generated from the page's inputs; null only where the model stores it (an empty date), the rest
# is left out or sent empty. The API names a prospect's owner by email (the page chooses among managers).
ApplicationIn = api_schema(inputs.ApplicationInput, "ApplicationIn", nullable=())
ApproveIn = api_schema(inputs.ApproveInput, "ApproveIn")
ApplicationRejectIn = api_schema(inputs.RejectInput, "ApplicationRejectIn")
StageIn = api_schema(inputs.StageInput, "StageIn", nullable=("next_step_date",))
TargetsIn = api_schema(inputs.TargetsInput, "TargetsIn", nullable=())
OWNER = {
    "owner_email": (
        str | None,
        Field(None, max_length=254, description="A CAM or the channel chief; null: no owner"),
    )
}
NULLABLE = ("next_step_date",)
ProspectCreateIn = api_schema(
    inputs.ProspectInput, "ProspectCreateIn", exclude=("owner",), nullable=NULLABLE, extra=OWNER
)
ProspectUpdateIn = api_schema(
    inputs.ProspectInput, "ProspectUpdateIn", partial=True, exclude=("owner",), nullable=NULLABLE, extra=OWNER
)


class ApplicationCreatedOut(Schema):
    id: UUID = Field(alias="public_id")
    status: str


class _CompanyOut(Schema):
    """What an application and a prospect show alike."""

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
    fit_score: int
    fit_reasons: list[dict]
    created_at: datetime

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_fit_reasons(obj) -> list[dict]:
        return [{**r, "text": describe_reason(r)} for r in obj.fit_reasons or []]


class ApplicationCompetitorOut(Schema):
    vendor_id: UUID = Field(alias="vendor.public_id")
    vendor_name: str = Field(alias="vendor.name")
    line_id: UUID | None = Field(None, description="Null: all of the vendor's products")
    line_name: str | None = None
    since: int | None
    share: int | None = Field(description="Share of the applicant's business, in per cent")

    @staticmethod
    def resolve_line_id(obj) -> UUID | None:
        return obj.line.public_id if obj.line_id else None

    @staticmethod
    def resolve_line_name(obj) -> str | None:
        return obj.line.name if obj.line_id else None


class ApplicationOut(_CompanyOut):
    status: str
    capabilities: list[str]
    certifications: str
    sells_competing: bool | None = Field(description="Null: not asked (an outbound application)")
    competing: list[ApplicationCompetitorOut] = Field(description="The competing products it sells")
    legal_name: str
    tax_id: str
    contact_phone: str
    motivation: str
    language: str
    duplicate_flags: list[dict]
    partner_id: UUID | None = Field(None, alias="partner.public_id")
    prospect_id: UUID | None = Field(None, alias="prospect.public_id")
    decided_by_email: str | None = Field(None, alias="decided_by.email")
    decided_at: datetime | None
    rejection_reason: str
    cam_id: UUID | None = Field(
        None, alias="cam.public_id", description="The CAM the approved partner got (null: none)"
    )
    cam_email: str | None = Field(None, alias="cam.email")
    cam_basis: str = Field(description="country, region (by territory), none or chosen; empty until approved")
    cam_reason: str = Field(description='"Territory: Germany", "No territory covers Brazil", "Chosen by …"')

    @staticmethod
    def resolve_duplicate_flags(obj) -> list[dict]:
        return [{**f, "message": describe_flag(f)} for f in obj.duplicate_flags or []]

    @staticmethod
    def resolve_competing(obj) -> list:
        return list(obj.competitors.all())


class CamProposalOut(Schema):
    """Whom approving now would make the partner's CAM, by territory, and why."""

    cam_id: UUID | None = Field(None, alias="cam.public_id")
    cam_email: str | None = Field(None, alias="cam.email")
    cam_name: str | None = Field(None, alias="cam.display_name")
    basis: str
    reason: str


class ApplicationDetailOut(ApplicationOut):
    cam_proposal: CamProposalOut | None = Field(
        None, description="Awaiting review only: the CAM approving would assign by territory"
    )
    actions: list[ApplicationAction] = Field(description="What you may do next with this application")

    @staticmethod
    def resolve_cam_proposal(obj, context) -> CamProposal | None:
        return application_cam_proposal(actor=context["request"].actor, application=obj)

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class ProspectOut(_CompanyOut):
    stage: str
    owner_email: str | None = Field(None, alias="owner.email")
    next_step: str
    next_step_date: date | None
    notes: str
    updated_at: datetime


class ProspectDetailOut(ProspectOut):
    actions: list[ProspectAction] = Field(description="What you may do next with this prospect")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class TargetsOut(Schema):
    regions: list[str]
    verticals: list[str]
    partner_types: list[str]
    sizes: list[str]
    capabilities: list[str]
    weight_region: int
    weight_verticals: int
    weight_type: int
    weight_size: int
    weight_capabilities: int
    weight_competition: int
    updated_at: datetime | None = None
    updated_by_email: str | None = Field(None, alias="updated_by.email")
