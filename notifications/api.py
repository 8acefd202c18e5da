from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from notifications.schemas import NotificationOut, ReadAllOut
from notifications.selectors import notification_get, notification_list
from notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


class NotificationFilters(Schema):
    unread: bool = False
    limit: int = 50
    offset: int = 0


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
def list_notifications(request, filters: Query[NotificationFilters]):
    if filters.limit < 1 or filters.limit > 500 or filters.offset < 0:
        raise ValidationError({"limit": _("limit must be 1–500 and offset at least 0.")})
    found = notification_list(actor=request.actor, unread_only=filters.unread)
    return found[filters.offset : filters.offset + filters.limit]


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications as read")
def read_all(request):
    return {"marked": notifications_mark_all_read(actor=request.actor)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one notification as read")
def read_one(request, notification_id: UUID):
    notification = notification_get(actor=request.actor, public_id=notification_id)
    return notification_mark_read(actor=request.actor, notification=notification)
