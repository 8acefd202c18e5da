from datetime import datetime
from uuid import UUID

from ninja import Field, Schema


class NotificationOut(Schema):
    id: UUID = Field(alias="public_id")
    verb: str
    message: str = Field(alias="text")  # in the request's language
    link: str
    partner_id: UUID | None = None
    is_read: bool
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_partner_id(obj) -> UUID | None:
        return obj.partner.public_id if obj.partner_id else None


class ReadAllOut(Schema):
    marked: int
