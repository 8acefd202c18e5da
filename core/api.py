from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from core.pagination import KanalPagination
from core.schemas import EventOut, QuerySchema
from core.selectors import AuditFilter, audit_events

router = Router(tags=["audit"])


class EventFilters(QuerySchema):
    q: str = ""
    verb: str = ""
    date_from: date | None = None
    date_to: date | None = None


@router.get(
    "", response=list[EventOut], summary="The audit trail (staff: everything; partner users: their own)"
)
@paginate(KanalPagination)
def list_events(request, filters: Query[EventFilters]):
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": _("The end date is before the start date.")})
    found = audit_events(
        actor=request.actor,
        filters=AuditFilter(
            q=filters.q, verb=filters.verb, date_from=filters.date_from, date_to=filters.date_to
        ),
    )
    return found
