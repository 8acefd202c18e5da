"""The partner portal's own pages: company profile and a distributor's resellers (the home is the
dashboard app's `partner_home`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import REFUSED, hx_redirect, partner_required, submit_form
from partners.inputs import ProfileInput
from partners.selectors import partner_get, resellers_of
from partners.services import partner_update


@partner_required
def profile(request):
    """The company profile: one input (ProfileInput), as a partner user's PATCH in the API."""
    actor = request.actor
    partner = actor.partner
    editable = actor.can("partners.edit_own_profile")
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = ProfileInput(request.POST if request.method == "POST" else None, instance=partner)
    saved = submit_form(
        request,
        form,
        lambda: partner_update(actor=actor, partner=partner, data=form),
        _("Company profile saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "partner_profile")
    if not editable:
        form.read_only()
    return render(
        request, "partners/portal_profile.html", {"form": form, "partner": partner, "editable": editable}
    )


@partner_required
def resellers(request):
    actor = request.actor
    return render(
        request,
        "partners/portal_resellers.html",
        {
            "partner": actor.partner,
            "resellers": resellers_of(actor=actor, partner=actor.partner),
        },
    )


@partner_required
def reseller_detail(request, partner_id):
    actor = request.actor
    reseller = partner_get(actor=actor, public_id=partner_id)
    if reseller.parent_id != actor.partner_id:
        raise Http404
    # Onboarding progress and team are panels (dashboard.widgets.RESELLER_PAGE).
    return render(request, "partners/portal_reseller.html", {"reseller": reseller})
