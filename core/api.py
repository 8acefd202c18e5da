from ninja import Router

from core.filters import EventFilterSet
from core.listing import list_endpoint
from core.schemas import EventOut
from core.selectors import audit_filters

router = Router(tags=["audit"])

list_endpoint(
    router,
    "",
    filterset=EventFilterSet,
    rows=audit_filters,
    response=EventOut,
    summary="The audit trail (staff: everything; partner users: their own)",
    name="list_events",
    query_name="EventQuery",
)
