from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict


class EventOut(Schema):
    id: UUID = Field(alias="public_id")
    occurred_at: datetime
    verb: str
    actor: str = Field(alias="actor_label")
    target: str = Field(alias="target_label")
    before: dict
    after: dict
    note: str

    @staticmethod
    def resolve_note(obj, context) -> str:
        from core.events import note_visible_to

        return note_visible_to(obj, context["request"].actor)


class InputSchema(Schema):
    """The base of every API input: unknown fields are refused instead of silently ignored."""

    model_config = ConfigDict(extra="forbid")
