from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from core.http import staff_required


@staff_required
def audit_log(request):
    from core.forms import AuditFilterForm
    from core.selectors import audit_events

    if not request.actor.can("audit.view"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = audit_events(actor=request.actor, filters=form.to_filter())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"
    return render(request, template, {"form": form, "page": page})
