from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.http import staff_required
from core.listing import LIST_RESULTS, export_list, list_page
from core.selectors import audit_filters
from core.tables import audit_table

AUDIT_PAGE_SIZE = 50


def _require_audit(actor) -> None:
    if not actor.can("audit.view"):
        raise PermissionDenied


@staff_required
def audit_log(request):
    _require_audit(request.actor)
    return list_page(
        request,
        filterset=audit_filters(actor=request.actor, data=request.GET),
        table=audit_table(actor=request.actor),
        template="core/audit_log.html",
        export_url=reverse("audit_log_export"),
        page_size=AUDIT_PAGE_SIZE,
        fragment=LIST_RESULTS,
    )


@staff_required
def audit_log_export(request):
    _require_audit(request.actor)
    filters = audit_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, audit_table(actor=request.actor, links=False), name="audit-log")
