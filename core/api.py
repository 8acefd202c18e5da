from ninja import Query, Router
from ninja.pagination import paginate

from core.filters import EventFilterSet
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import EventOut
from core.selectors import audit_filters

router = Router(tags=["audit"])

EventQuery = filterset_schema(EventFilterSet, "EventQuery")


@router.get(
    "", response=list[EventOut], summary="The audit trail (staff: everything; partner users: their own)"
)
@paginate(KanalPagination)
def list_events(request, filters: Query[EventQuery]):  # type: ignore[valid-type]
    return audit_filters(actor=request.actor, data=query_data(filters), strict=True).qs
