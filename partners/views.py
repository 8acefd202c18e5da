from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSED, hx_redirect, staff_required, submit_form
from core.inputs import InputInvalid
from core.listing import export_format, export_response, list_page
from core.scoping import get_visible_or_404
from partners.inputs import PartnerInput, TerritoryInput
from partners.rules import ACTION_STATUS, TRANSITION_LABELS, PartnerAction, allowed_actions
from partners.selectors import account_managers, partner_filters, partner_get, resellers_of
from partners.services import partner_change_status, partner_create, partner_update, territories_set
from partners.tables import partner_table
from partners.territories import cam_territories, territory_board, uncovered_regions


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_required
def directory(request):
    return list_page(
        request,
        filterset=partner_filters(actor=request.actor, data=request.GET),
        table=partner_table(viewer_id=request.user.pk),
        template="partners/directory.html",
        export_url=reverse("partners:export"),
    )


@staff_required
def directory_export(request):
    filters = partner_filters(actor=request.actor, data=request.GET)
    return export_response(
        filters.qs, partner_table().export_columns, name="partners", fmt=export_format(request)
    )


@staff_required
def partner_form(request, partner_id=None):
    """A new partner, or a partner's whole record: one input (PartnerInput), as in the API."""
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id) if partner_id else None
    if not actor.can("partners.edit" if partner else "partners.create"):
        raise PermissionDenied
    form = PartnerInput(_posted(request), actor=actor, instance=partner)
    if partner is None:
        saved = submit_form(
            request,
            form,
            lambda: partner_create(actor=actor, data=form),
            lambda p: _("Partner %(name)s created.") % {"name": p.name},
        )
    else:
        saved = submit_form(
            request,
            form,
            lambda: partner_update(actor=actor, partner=partner, data=form),
            _("Partner profile saved."),
        )
    if saved is not REFUSED:
        return hx_redirect(request, "partners:detail", saved.public_id)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@staff_required
def partner_detail(request, partner_id):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    # Onboarding, team and agreements are panels those apps register (dashboard.widgets.PARTNER_PAGE).
    context = {
        "partner": partner,
        "timeline": partner.events.visible_to(actor).select_related("actor")[:100],
        "resellers": resellers_of(actor=actor, partner=partner),
        # one button per step allowed_actions offers: the role, the lifecycle and other apps' guards
        "status_buttons": [
            (ACTION_STATUS[PartnerAction(a)], TRANSITION_LABELS[ACTION_STATUS[PartnerAction(a)]])
            for a in allowed_actions(actor, partner)
        ],
    }
    return render(request, "partners/partner_detail.html", context)


@staff_required
@require_POST
def partner_status(request, partner_id):
    """A lifecycle button: the service checks the step through its input (StatusInput), as in the API."""
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    try:
        partner_change_status(
            actor=actor,
            partner=partner,
            to_status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except InputInvalid:
        messages.error(request, _("Choose a valid status."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return hx_redirect(request, "partners:detail", partner.public_id)


# --- territories ------------------------------------------------------------------------------------------


@staff_required
def territories(request):
    actor = request.actor
    if not actor.can("staff.view_territories"):
        raise PermissionDenied
    board = territory_board(actor=actor)
    context = {
        "board": board,
        "uncovered": uncovered_regions(board),
        "can_assign": actor.can("staff.assign_territories"),
    }
    return render(request, "partners/territories.html", context)


@staff_required
def territory_edit(request, user_id):
    actor = request.actor
    cam = get_visible_or_404(account_managers(actor=actor), public_id=user_id)
    if not actor.can("staff.assign_territories"):
        raise PermissionDenied
    current = cam_territories(actor=actor, user=cam)
    form = TerritoryInput(
        _posted(request), initial={"regions": current.regions, "countries": current.countries}
    )
    saved = submit_form(
        request,
        form,
        lambda: territories_set(actor=actor, user=cam, data=form),
        _("Territories of %(name)s saved.") % {"name": cam.display_name},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "partners:territories")
    return render(request, "partners/territory_form.html", {"form": form, "cam": cam, "current": current})
