from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import apply_validation_error, hx_redirect, staff_required
from core.scoping import get_visible_or_404
from partners import exports
from partners.forms import DirectoryFilterForm, StaffPartnerForm, StatusChangeForm, TerritoryForm
from partners.rules import TRANSITION_LABELS, allowed_next
from partners.selectors import account_managers, partner_directory, partner_get, resellers_of
from partners.services import partner_change_status, partner_create, partner_update, territories_set
from partners.territories import cam_territories, territory_board, uncovered_regions

PAGE_SIZE = 25


def _filter_form(request):
    cam_choices = [(str(u.public_id), u.display_name) for u in account_managers(actor=request.actor)]
    return DirectoryFilterForm(request.GET or None, cam_choices=cam_choices)


@staff_required
def directory(request):
    form = _filter_form(request)
    partners = partner_directory(actor=request.actor, filters=form.to_filter())
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "total": page.paginator.count}
    template = "partners/directory.html#results" if request.htmx else "partners/directory.html"
    return render(request, template, context)


@staff_required
def directory_export(request):
    form = _filter_form(request)
    partners = partner_directory(actor=request.actor, filters=form.to_filter())
    return exports.partners_csv_response(partners)


@staff_required
def partner_new(request):
    actor = request.actor
    if not actor.can("partners.create"):
        raise PermissionDenied
    form = StaffPartnerForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_create(actor=actor, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Partner %(name)s created.") % {"name": partner.name})
            return hx_redirect(request, "partners:detail", partner.public_id)
    return render(request, "partners/partner_form.html", {"form": form, "partner": None})


@staff_required
def partner_detail(request, partner_id):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    # Onboarding, team and agreements are panels those apps register (dashboard.widgets.PARTNER_PAGE).
    context = {
        "partner": partner,
        "timeline": partner.events.visible_to(actor).select_related("actor")[:100],
        "resellers": resellers_of(actor=actor, partner=partner),
        "status_form": StatusChangeForm(),
        "next_statuses": [(s, TRANSITION_LABELS[s]) for s in allowed_next(partner.status)],
    }
    return render(request, "partners/partner_detail.html", context)


@staff_required
def partner_edit(request, partner_id):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    if not actor.can("partners.edit"):
        raise PermissionDenied
    form = StaffPartnerForm(request.POST or None, actor=actor, initial=StaffPartnerForm.initial_for(partner))
    if request.method == "POST" and form.is_valid():
        try:
            partner_update(actor=actor, partner=partner, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Partner profile saved."))
            return hx_redirect(request, "partners:detail", partner.public_id)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@staff_required
@require_POST
def partner_status(request, partner_id):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            partner_change_status(
                actor=actor,
                partner=partner,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a valid status."))
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
    form = TerritoryForm(
        request.POST or None, initial={"regions": current.regions, "countries": current.countries}
    )
    if request.method == "POST" and form.is_valid():
        try:
            territories_set(actor=actor, user=cam, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Territories of %(name)s saved.") % {"name": cam.display_name})
            return hx_redirect(request, "partners:territories")
    return render(request, "partners/territory_form.html", {"form": form, "cam": cam, "current": current})
