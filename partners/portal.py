"""The partner portal's own pages: company profile and a distributor's resellers (the home is the
dashboard app's `partner_home`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSED, hx_redirect, partner_required, run_button, submit_form
from partners.inputs import LogoInput, ProfileInput
from partners.logo import logo_url
from partners.selectors import partner_get, resellers_of
from partners.services import partner_logo_remove, partner_logo_set, partner_update


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
        request,
        "partners/portal_profile.html",
        {
            "form": form,
            "partner": partner,
            "editable": editable,
            "logo_form": LogoInput(),
            "logo_url": logo_url(partner, user_id=request.user.pk),
            "logo_action": reverse("partner_profile_logo"),
        },
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


def logo_submit(request, partner, *, back: str, back_args: tuple = ()):
    """The logo card's POST (the portal profile and the staff edit page): upload a PNG/JPEG, or `remove`.
    A refused upload is flashed with its reason, as a button's refusal is."""
    actor = request.actor
    if "remove" in request.POST:
        run_button(request, lambda: partner_logo_remove(actor=actor, partner=partner), _("Logo removed."))
    else:
        form = LogoInput(request.POST, request.FILES)
        run_button(
            request, lambda: partner_logo_set(actor=actor, partner=partner, data=form), _("Logo saved.")
        )
    return hx_redirect(request, back, *back_args)


@partner_required
@require_POST
def profile_logo(request):
    return logo_submit(request, request.actor.partner, back="partner_profile")
