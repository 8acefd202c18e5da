from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from collateral.inputs import DownloadInput, TemplateInput
from collateral.rules import TemplateAction, allowed_actions
from core.inputs import api_schema
from core.schemas import AudienceOut


class CollateralVersionOut(Schema):
    id: UUID = Field(alias="public_id")
    number: int
    source_en: str
    source_ru: str
    personal: bool = Field(description="The source prints the person asking (rep_name, rep_email)")
    created_at: datetime


class CollateralTemplateOut(AudienceOut):
    id: UUID = Field(alias="public_id")
    title_en: str
    title_ru: str
    description_en: str
    description_ru: str
    current_version: int | None = Field(None, alias="current_version.number")
    languages: list[str] = Field(description="The languages the current version is made in")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        version = obj.current_version
        if version is None:
            return []
        return ["en", "ru"] if version.source_ru else ["en"]


class CollateralTemplateDetailOut(CollateralTemplateOut):
    actions: list[TemplateAction] = Field(description="What you may do now: edit, publish, archive")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class GeneratedCollateralOut(Schema):
    id: UUID
    url: str = Field(description="A link that downloads the PDF for you, for a few minutes")
    language: str
    template_version: int
    profile_version: int
    size: int
    created_at: datetime


TemplateCreateIn = api_schema(TemplateInput, "CollateralTemplateIn")
TemplateUpdateIn = api_schema(
    TemplateInput, "CollateralTemplateUpdateIn", partial=True, exclude=("source_en", "source_ru")
)
VersionIn = api_schema(
    TemplateInput,
    "CollateralVersionIn",
    exclude=("title_en", "title_ru", "description_en", "description_ru", "partner_types", "tiers", "regions"),
)
GenerateIn = api_schema(DownloadInput, "CollateralGenerateIn")
