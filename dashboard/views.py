"""The home pages: where a signed-in person lands, the staff dashboard and the partner home. They only lay
out the widgets other apps registered (`dashboard/widgets.py`)."""

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.http import partner_required, staff_required
from dashboard.cache import cached_cards
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


# Each staff role's home: the same page, its own heading, and the widgets registered for that role.
STAFF_HEADINGS = {
    "chief": (_("Channel overview"), _("The whole channel: decisions waiting, appeals and the pipeline.")),
    "cam": (_("My partners"), _("Your portfolio: decisions waiting, protections ending and the pipeline.")),
    "ops": (_("Channel operations"), _("Partners, applications and the pipeline across the channel.")),
    "marketing": (_("Channel marketing"), _("Partners, recruitment and the pipeline across the channel.")),
}


@staff_required
def staff_dashboard(request):
    actor = request.actor
    heading, subtitle = STAFF_HEADINGS.get(actor.staff_role, (_("Channel dashboard"), ""))
    context = {"cards": _cards(request, STAFF_HOME), "heading": heading, "subtitle": subtitle}
    return render(request, "dashboard/staff_home.html", context)


@partner_required
def partner_home(request):
    actor = request.actor
    context = {"partner": actor.partner, "cards": _cards(request, PARTNER_HOME)}
    return render(request, "dashboard/partner_home.html", context)


def _cards(request, page: str):
    """The page's cards (dashboard/layout.html), kept until the data changes (dashboard.cache)."""

    def build() -> str:
        widgets = widgets_for(actor=request.actor, page=page)
        return render_to_string("dashboard/layout.html", {"widgets": widgets}, request=request)

    return cached_cards(request, page, build)
