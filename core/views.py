from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from core.http import staff_required


def home(request):
    actor = request.actor
    if actor.is_staff:
        return redirect("staff_dashboard")
    if actor.is_partner:
        return redirect("partner_home")
    if request.user.is_authenticated:
        return render(request, "core/no_access.html", status=403)
    return redirect("recruitment:become_partner")


@staff_required
def staff_dashboard(request):
    from core.dashboard import staff_dashboard_data

    return render(request, "core/staff_dashboard.html", staff_dashboard_data(actor=request.actor))


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
