"""The partner portal's own pages: home, company profile, and a distributor's resellers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.selectors import team_for_partner
from core.http import apply_validation_error, hx_redirect, partner_required
from onboarding.selectors import onboarding_progress
from partners.forms import PartnerProfileForm
from partners.selectors import partner_get, resellers_of
from partners.services import partner_update
from programs.selectors import pending_acceptances


@partner_required
def partner_home(request):
    actor = request.actor
    partner = actor.partner
    return render(
        request,
        "partners/portal_home.html",
        {
            "partner": partner,
            "progress": onboarding_progress(actor=actor, partner=partner),
            "team": team_for_partner(actor=actor, partner=partner).filter(is_active=True),
            "pending_agreements": pending_acceptances(actor=actor, partner=partner),
            "resellers": resellers_of(actor=actor, partner=partner),
            "timeline": partner.events.visible_to(actor).select_related("actor")[:20],
        },
    )


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
    return render(
        request,
        "partners/portal_reseller.html",
        {
            "reseller": reseller,
            "progress": onboarding_progress(actor=actor, partner=reseller),
            "team": team_for_partner(actor=actor, partner=reseller).filter(is_active=True),
        },
    )
