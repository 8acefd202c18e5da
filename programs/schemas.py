from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from programs.inputs import CharterInput, VersionInput


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
