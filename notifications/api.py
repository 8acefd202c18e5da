from uuid import UUID

from ninja import Query, Router
from ninja.pagination import paginate

from core.pagination import KanalPagination
from core.schemas import QuerySchema
from notifications.schemas import NotificationOut, ReadAllOut
from notifications.selectors import notification_get, notification_list
from notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


class NotificationFilters(QuerySchema):
    unread: bool = False


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
@paginate(KanalPagination)
def list_notifications(request, filters: Query[NotificationFilters]):
    return notification_list(actor=request.actor, unread_only=filters.unread)


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications as read")
def read_all(request):
    return {"marked": notifications_mark_all_read(actor=request.actor)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one notification as read")
def read_one(request, notification_id: UUID):
    notification = notification_get(actor=request.actor, public_id=notification_id)
    return notification_mark_read(actor=request.actor, notification=notification)
