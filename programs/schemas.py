from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from programs.inputs import (
    CharterInput,
    MemberAddInput,
    MemberEndInput,
    MemberTierInput,
    ProgramInput,
    TierInput,
    VersionInput,
)
from programs.rules import PartnerProgramAction, ProgramMembershipAction, allowed_actions


class CharterOut(Schema):
    title: str
    body: str
    title_en: str
    title_ru: str
    body_en: str
    body_ru: str
    updated_at: datetime


# Inputs: generated from the page's inputs (programs/inputs.py): fields, limits, choices declared once.
CharterIn = api_schema(CharterInput, "CharterIn")
VersionIn = api_schema(VersionInput, "VersionIn")


class VersionOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    version: int
    title: str
    title_en: str
    title_ru: str
    changes_en: str
    changes_ru: str
    published_at: datetime = Field(alias="created_at")


class VersionDetailOut(VersionOut):
    body: str
    body_en: str
    body_ru: str


class CurrentVersionOut(VersionDetailOut):
    accepted_at: datetime | None = None  # partner users: when their partner accepted this version


class AcceptanceOut(Schema):
    id: UUID = Field(alias="public_id")
    version_id: UUID = Field(alias="version.public_id")
    kind: str = Field(alias="version.kind")
    version: int = Field(alias="version.version")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    accepted_by: str | None = Field(None, alias="accepted_by.email")
    accepted_at: datetime = Field(alias="created_at")
    ip_address: str | None


# --- partner programs ---------------------------------------------------------------------------------------


def _percent(value) -> str | None:
    return None if value is None else f"{value:.2f}"


class ProgramTierOut(Schema):
    id: UUID = Field(alias="public_id")
    tier: str
    name: str
    name_en: str
    name_ru: str
    catalog_discount: str = Field(description="Percent off list prices, as a decimal string")
    mdf_rate: str | None = Field(description="MDF accrual, percent of won revenue (null: none)")
    routing_priority: int
    protection_days: int | None = Field(description="Null: as the rules of engagement say")
    support_sla_hours: int | None
    benefits: str
    benefits_en: str
    benefits_ru: str

    @staticmethod
    def resolve_catalog_discount(obj) -> str:
        return _percent(obj.catalog_discount) or "0.00"

    @staticmethod
    def resolve_mdf_rate(obj) -> str | None:
        return _percent(obj.mdf_rate)


class PartnerProgramOut(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str
    name_en: str
    name_ru: str
    description: str
    description_en: str
    description_ru: str
    partner_types: list[str] = Field(description="Empty: every partner type")
    is_default: bool
    status: str
    position: int
    tiers: list[ProgramTierOut] = Field(description="Lowest first")
    actions: list[PartnerProgramAction] = Field(description="What you may do next with this program")

    @staticmethod
    def resolve_tiers(obj) -> list:
        return sorted(obj.tiers.all(), key=lambda tier: tier.rank)

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class ProgramMemberOut(Schema):
    id: UUID = Field(alias="public_id")
    program: str = Field(alias="program.code")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    tier: str
    tier_since: datetime
    joined_at: datetime
    ended_at: datetime | None
    actions: list[ProgramMembershipAction] = Field(description="What you may do next with this membership")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class TierBenefitsOut(Schema):
    """What a partner's tiers give it now: the best of its current memberships."""

    partner_id: UUID
    tier: str = Field(description="Partner.tier: the best tier of its current memberships")
    catalog_discount: str
    mdf_rate: str | None
    routing_priority: int
    protection_days: int | None
    support_sla_hours: int | None


PartnerProgramIn = api_schema(ProgramInput, "PartnerProgramIn")
PartnerProgramPatchIn = api_schema(ProgramInput, "PartnerProgramPatchIn", partial=True)
ProgramTierPatchIn = api_schema(TierInput, "ProgramTierPatchIn", partial=True)
ProgramMemberAddIn = api_schema(
    MemberAddInput,
    "ProgramMemberAddIn",
    exclude=("partner",),
    extra={"partner_id": (UUID, Field(description="The partner's id"))},
)
ProgramMemberTierIn = api_schema(MemberTierInput, "ProgramMemberTierIn")
ProgramMemberEndIn = api_schema(MemberEndInput, "ProgramMemberEndIn")
