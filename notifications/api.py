from uuid import UUID

from ninja import Query, Router
from ninja.pagination import paginate

from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from notifications.filters import NotificationFilterSet
from notifications.schemas import NotificationOut, ReadAllOut
from notifications.selectors import notification_filters, notification_get
from notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


NotificationQuery = filterset_schema(NotificationFilterSet, "NotificationQuery")


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
@paginate(KanalPagination)
def list_notifications(request, filters: Query[NotificationQuery]):  # type: ignore[valid-type]
    return notification_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications as read")
def read_all(request):
    return {"marked": notifications_mark_all_read(actor=request.actor)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one notification as read")
def read_one(request, notification_id: UUID):
    notification = notification_get(actor=request.actor, public_id=notification_id)
    return notification_mark_read(actor=request.actor, notification=notification)
