from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from announcements.inputs import AnnouncementInput, PublishInput
from announcements.rules import Action, allowed_actions
from announcements.selectors import ReadStats, announcement_stats
from core.inputs import api_schema
from core.schemas import AudienceOut


class AnnouncementOut(AudienceOut):
    id: UUID = Field(alias="public_id")
    kind: str
    title: str = Field(description="In the reader's language (English when there is no Russian title)")
    title_en: str
    title_ru: str
    body_en: str = Field(description="Markdown")
    body_ru: str = Field(description="Markdown; empty: Russian readers see the English text")
    publish_at: datetime | None
    expires_at: datetime | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    is_read: bool | None = Field(None, description="Partner users: whether you have opened it")
    read_count: int | None = Field(None, description="Staff: how many partner users have read it")

    @staticmethod
    def resolve_is_read(obj) -> bool | None:
        return getattr(obj, "is_read", None)

    @staticmethod
    def resolve_read_count(obj, context) -> int | None:
        actor = context["request"].actor
        if not actor.is_staff:
            return None
        if hasattr(obj, "read_count"):  # the list's rows count them in its query
            return obj.read_count
        return announcement_stats(actor=actor, announcement=obj).readers


class ReadStatsOut(Schema):
    readers: int = Field(description="Distinct partner users who opened it")
    users_reached: int = Field(description="Partner users it was delivered to when published")
    partners_reached: int
    partners_read: int = Field(description="Partners at least one of whose users opened it")


class AnnouncementDetailOut(AnnouncementOut):
    actions: list[Action] = Field(description="What you may do next with this announcement")
    stats: ReadStatsOut | None = Field(None, description="Staff: whom it reached and who read it")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)

    @staticmethod
    def resolve_stats(obj, context) -> ReadStats | None:
        actor = context["request"].actor
        return announcement_stats(actor=actor, announcement=obj) if actor.is_staff else None


class ReadOut(Schema):
    id: UUID
    first_read: bool = Field(description="True when this call counted your read (false: read before)")


# Inputs: generated from the page's inputs (announcements/inputs.py), so limits and choices are declared once.
AnnouncementIn = api_schema(AnnouncementInput, "AnnouncementIn")
AnnouncementPatch = api_schema(AnnouncementInput, "AnnouncementPatch", partial=True)
PublishIn = api_schema(PublishInput, "AnnouncementPublishIn")
