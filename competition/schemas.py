from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from competition.inputs import DeclarationInput, LineInput, VendorInput
from competition.rules import DeclarationAction, LineAction, VendorAction, allowed_actions
from core.inputs import api_schema


class CompetingFamilyRef(Schema):
    id: UUID = Field(alias="public_id")
    name: str


class CompetingLineOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    is_active: bool
    families: list[CompetingFamilyRef] = Field(
        description="Our product families it competes with (those you may see)"
    )
    actions: list[LineAction] = Field(description="What you may do next with this line")

    @staticmethod
    def resolve_families(obj) -> list:
        return list(obj.families.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class CompetingVendorOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    web_domain: str
    is_active: bool
    lines: list[CompetingLineOut]
    partners: int | None = Field(description="How many partners declare it (staff only; null for partners)")
    actions: list[VendorAction] = Field(description="What you may do next with this vendor")

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_partners(obj, context) -> int | None:
        return obj.partner_count if context["request"].actor.is_staff else None

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class CompetingDeclarationOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    vendor_id: UUID = Field(alias="vendor.public_id")
    vendor_name: str = Field(alias="vendor.name")
    line_id: UUID | None = Field(None, description="Null: all of the vendor's products")
    line_name: str | None = None
    label: str
    since: int | None
    share: int | None = Field(description="Share of the partner's business, in per cent")
    created_at: datetime
    updated_at: datetime
    actions: list[DeclarationAction] = Field(description="What you may do next with this declaration")

    @staticmethod
    def resolve_line_id(obj) -> UUID | None:
        return obj.line.public_id if obj.line_id else None

    @staticmethod
    def resolve_line_name(obj) -> str | None:
        return obj.line.name if obj.line_id else None

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class PartnerCompetitionOut(Schema):
    """A partner's competing products and whether it confirmed the list complete."""

    partner_id: UUID
    partner_name: str
    disclosed_at: datetime | None = Field(description="When the list was confirmed complete; null: never")
    disclosed_in_application: bool
    competing_count: int
    declarations: list[CompetingDeclarationOut]


# Bodies: generated from the pages' inputs (competition/inputs.py), so limits and choices are declared once.
# A flag may be left out (a new vendor or line is offered at once).
ACTIVE = {"is_active": (bool, True)}
VendorIn = api_schema(VendorInput, "CompetingVendorIn", extra=ACTIVE)
VendorPatch = api_schema(VendorInput, "CompetingVendorPatch", partial=True)
LineIn = api_schema(LineInput, "CompetingLineIn", extra=ACTIVE)
LinePatch = api_schema(LineInput, "CompetingLinePatch", partial=True)
DeclarationIn = api_schema(DeclarationInput, "CompetingDeclarationIn")
DeclarationPatch = api_schema(DeclarationInput, "CompetingDeclarationPatch", partial=True)
