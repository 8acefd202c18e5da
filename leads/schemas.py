from datetime import datetime
from uuid import UUID

from ninja import Field, ModelSchema, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from leads.filters import LeadFilterSet
from leads.inputs import AttributeInput, ConvertInput, LeadInput, LoseInput, NoteInput, ProgressInput
from leads.models import Lead, LeadAttribute
from leads.rules import LeadAction, allowed_actions


class ProductRef(Schema):
    id: UUID = Field(alias="public_id")
    sku: str
    name: str


class LeadOut(ModelSchema):
    """A lead as the API shows it: the model's fields except the internal ones, related rows by public id.
    `score` is a calibrated probability of conversion (0–1); partners see only their own company's leads."""

    id: UUID = Field(alias="public_id")
    partner_id: UUID | None = Field(None, alias="partner.public_id")
    partner_name: str | None = Field(None, alias="partner.name")
    registration_id: UUID | None = Field(None, alias="registration.public_id")
    duplicate_of_id: UUID | None = Field(None, alias="duplicate_of.public_id")
    country: str = Field(alias="country.code")
    products: list[ProductRef]
    score_reasons: list[dict] = Field(description="The score's top reasons: [{feature, value, points}]")

    class Meta:
        model = Lead
        exclude = [
            "id",
            "public_id",
            "partner",
            "registration",
            "duplicate_of",
            "products",
            "created_by",
            "idempotency_key",
            "submitted_ip",
            "score_model",
            "name_key",
            "reminded_at",
        ]

    @staticmethod
    def resolve_products(obj) -> list:
        return list(obj.products.all())


class LeadDetailOut(LeadOut):
    actions: list[LeadAction] = Field(description="What you may do next with this lead")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class NoteOut(Schema):
    id: UUID = Field(alias="public_id")
    text: str
    author_email: str | None = Field(None, alias="author.email")
    created_at: datetime


class AttributeOut(ModelSchema):
    id: UUID = Field(alias="public_id")
    label: str
    choices: list[dict] = Field(description="For the choice kind: [{value, label_en, label_ru}]")

    class Meta:
        model = LeadAttribute
        fields = [
            "key",
            "label_en",
            "label_ru",
            "kind",
            "choices",
            "reason_en",
            "reason_ru",
            "position",
            "active",
        ]


LeadIn = api_schema(LeadInput, "LeadIn", definitions=[])
LeadPatch = api_schema(LeadInput, "LeadPatch", partial=True, definitions=[])
ProgressIn = api_schema(ProgressInput, "LeadProgressIn")
LoseIn = api_schema(LoseInput, "LeadLoseIn")
ConvertIn = api_schema(ConvertInput, "LeadConvertIn")
NoteIn = api_schema(NoteInput, "LeadNoteIn")
AttributeIn = api_schema(AttributeInput, "LeadAttributeIn")
AttributePatch = api_schema(AttributeInput, "LeadAttributePatch", partial=True, exclude=("key", "kind"))
LeadQuery = filterset_schema(LeadFilterSet, "LeadQuery")
