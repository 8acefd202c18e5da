from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from campaigns.inputs import KitInput, LaunchInput
from campaigns.rules import KitAction, allowed_actions
from core.inputs import api_schema
from core.schemas import AudienceOut


class MessageOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    subject_en: str
    subject_ru: str
    body_en: str
    body_ru: str


class KitOut(AudienceOut):
    id: UUID = Field(alias="public_id")
    slug: str = Field(description="The kit's part of its landing pages' address")
    title: str = Field(description="In the reader's language (English when there is no Russian title)")
    title_en: str
    title_ru: str
    description_en: str
    description_ru: str
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime


class KitDetailOut(KitOut):
    landing_en: str = Field(description="Markdown; each line starting with ## begins a section")
    landing_ru: str
    form_fields: list[str] = Field(description="The lead form's fields besides company, name and email")
    has_image: bool
    assets: list[UUID] = Field(description="Library assets (those the reader may open)")
    templates: list[UUID] = Field(description="Collateral templates printed for each launching partner")
    messages: list[MessageOut]
    actions: list[KitAction] = Field(description="What you may do next with this kit")

    @staticmethod
    def resolve_has_image(obj) -> bool:
        return bool(obj.image)

    @staticmethod
    def resolve_assets(obj, context) -> list[UUID]:
        from campaigns.selectors import kit_assets

        return [a.public_id for a in kit_assets(actor=context["request"].actor, kit=obj)]

    @staticmethod
    def resolve_templates(obj, context) -> list[UUID]:
        from campaigns.selectors import kit_templates

        return [t.public_id for t in kit_templates(actor=context["request"].actor, kit=obj)]

    @staticmethod
    def resolve_messages(obj, context) -> list:
        from campaigns.selectors import kit_messages

        return list(kit_messages(actor=context["request"].actor, kit=obj))

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class NumbersOut(Schema):
    launches: int
    views: int = Field(description="Landing page views")
    leads: int = Field(description="Leads attributed through the launch's link or left on its landing page")
    conversions: int = Field(description="Of those, leads converted into deal registrations")
    revenue: dict[str, Decimal] = Field(description="Won registrations' amounts per currency")


class LaunchOut(Schema):
    id: UUID = Field(alias="public_id")
    kit: UUID
    kit_title: str
    partner: UUID
    partner_name: str
    landing_url: str
    short_url: str = Field(description="The referral short link to the landing page (/r/<code>)")
    created_at: datetime

    @staticmethod
    def resolve_kit(obj) -> UUID:
        return obj.kit.public_id

    @staticmethod
    def resolve_kit_title(obj) -> str:
        return obj.kit.title

    @staticmethod
    def resolve_partner(obj) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_partner_name(obj) -> str:
        return obj.partner.name


class FilledMessageOut(Schema):
    kind: str
    subject: str
    body: str


class LaunchDetailOut(LaunchOut):
    messages: list[FilledMessageOut] = Field(description="The kit's texts filled with the partner's data")
    numbers: NumbersOut

    @staticmethod
    def resolve_messages(obj, context) -> list[dict]:
        from campaigns.selectors import kit_messages
        from campaigns.texts import filled_messages

        rows = kit_messages(actor=context["request"].actor, kit=obj.kit)
        return [
            {"kind": t["code"], "subject": t["subject"], "body": t["body"]}
            for t in filled_messages(obj, rows)
        ]

    @staticmethod
    def resolve_numbers(obj, context):
        from campaigns.numbers import launch_numbers

        return launch_numbers(actor=context["request"].actor, launches=[obj])[obj.pk]


KitIn = api_schema(KitInput, "CampaignKitIn", exclude=("image",))
KitPatch = api_schema(KitInput, "CampaignKitPatch", partial=True, exclude=("image",))
LaunchIn = api_schema(LaunchInput, "CampaignLaunchIn")
