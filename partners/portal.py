"""The partner portal's own pages: company profile and a distributor's resellers (the home is the
dashboard app's `partner_home`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import apply_validation_error, hx_redirect, partner_required
from partners.forms import PartnerProfileForm
from partners.selectors import partner_get, resellers_of
from partners.services import partner_update


@partner_required
def profile(request):
    actor = request.actor
    partner = actor.partner
    editable = actor.can("partners.edit_own_profile")
    form = PartnerProfileForm(request.POST or None, initial=PartnerProfileForm.initial_for(partner))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                partner_update(actor=actor, partner=partner, data=form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Company profile saved."))
                return hx_redirect(request, "partner_profile")
    if not editable:
        for field in form.fields.values():
            field.disabled = True
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
