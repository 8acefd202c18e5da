"""The home pages: where a signed-in person lands, the staff dashboard and the partner home. They only lay
out the widgets other apps registered (`dashboard/widgets.py`)."""

from django.shortcuts import redirect, render

from core.http import partner_required, staff_required
from dashboard.widgets import PARTNER_HOME, STAFF_HOME, widgets_for


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
    widgets = widgets_for(actor=request.actor, page=STAFF_HOME)
    return render(request, "dashboard/staff_home.html", {"widgets": widgets})


@partner_required
def partner_home(request):
    actor = request.actor
    widgets = widgets_for(actor=actor, page=PARTNER_HOME)
    return render(request, "dashboard/partner_home.html", {"partner": actor.partner, "widgets": widgets})
