from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import apply_validation_error, hx_redirect, login_required, partner_required, staff_required
from deals import exports
from deals.forms import (
    ApproveForm,
    CloseForm,
    MineFilterForm,
    PipelineFilterForm,
    RegistrationForm,
    RejectForm,
)
from deals.models import RegistrationStatus
from deals.rules import can_transition
from deals.selectors import (
    pipeline_cams,
    pipeline_partners,
    registerable_products,
    registering_partners,
    registration_board,
    registration_get,
    registration_list,
)
from deals.services import (
    registration_approve,
    registration_close,
    registration_create,
    registration_reject,
    registration_submit,
    registration_update,
)

PAGE_SIZE = 25


def _require_register(actor):
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- partner side ---------------------------------------------------------------------------------------


@partner_required
def mine(request):
    actor = request.actor
    form = MineFilterForm(request.GET or None)
    filters = form.to_filter()
    board = request.GET.get("view") == "board"
    context = {"form": form, "board": board}
    if board:
        context["columns"] = registration_board(actor=actor, filters=filters)
    else:
        page = Paginator(registration_list(actor=actor, filters=filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context |= {"page": page, "total": page.paginator.count}
    template = "deals/mine.html#results" if request.htmx else "deals/mine.html"
    return render(request, template, context)


def _form(request, actor, initial=None):
    return RegistrationForm(
        request.POST or None,
        initial=initial,
        partners=registering_partners(actor=actor),
        products=registerable_products(actor=actor),
    )


@partner_required
def registration_new(request):
    actor = request.actor
    _require_register(actor)
    form = _form(request, actor)
    if request.method == "POST" and form.is_valid():
        try:
            registration, _created = registration_create(
                actor=actor, data=form.service_data(), lines=form.lines(), partner=form.selected_partner()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Draft registration saved. Submit it when it is complete."))
            return hx_redirect(request, "deals:registration", registration.public_id)
    return render(request, "deals/form.html", {"form": form, "registration": None})


@login_required
def registration_edit(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    _require_register(actor)
    if not registration.is_draft:
        messages.error(request, _("Only a draft can be changed."))
        return hx_redirect(request, "deals:registration", registration.public_id)
    form = _form(request, actor, initial=RegistrationForm.initial_for(registration))
    if "partner" in form.fields:
        del form.fields["partner"]  # the registering partner is fixed once the draft exists
    if request.method == "POST" and form.is_valid():
        try:
            registration_update(
                actor=actor, registration=registration, data=form.service_data(), lines=form.lines()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Registration saved."))
            return hx_redirect(request, "deals:registration", registration.public_id)
    return render(request, "deals/form.html", {"form": form, "registration": registration})


@login_required
def registration_detail(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    status = registration.status
    may_register = actor.is_partner and actor.can("deals.register")
    may_decide = actor.can("deals.decide")
    context = {
        "registration": registration,
        "lines": list(registration.lines.all()),
        "timeline": events_for(actor=actor, target=registration)[:100],
        "can_edit": may_register and status == RegistrationStatus.DRAFT,
        "can_submit": may_register and can_transition(status, RegistrationStatus.SUBMITTED),
        "can_decide": may_decide and can_transition(status, RegistrationStatus.APPROVED),
        "can_close": (may_register or may_decide) and can_transition(status, RegistrationStatus.WON),
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
        "close_form": CloseForm(),
    }
    return render(request, "deals/detail.html", context)


@login_required
@require_POST
def registration_submit_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    try:
        registration_submit(actor=actor, registration=registration)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Registration submitted to your channel account manager."))
    return hx_redirect(request, "deals:registration", registration.public_id)


@login_required
@require_POST
def registration_close_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the deal was won or lost."))
        return hx_redirect(request, "deals:registration", registration.public_id)
    data = form.cleaned_data
    try:
        registration_close(
            actor=actor,
            registration=registration,
            won=data["outcome"] == "won",
            won_amount=data["won_amount"],
            lost_reason=data["lost_reason"],
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Registration closed."))
    return hx_redirect(request, "deals:registration", registration.public_id)


# --- staff side -----------------------------------------------------------------------------------------


def _pipeline_form(request):
    actor = request.actor
    return PipelineFilterForm(
        request.GET or None, partners=pipeline_partners(actor=actor), cams=pipeline_cams(actor=actor)
    )


@staff_required
def pipeline(request):
    actor = request.actor
    if not actor.can("deals.view_pipeline"):
        raise PermissionDenied
    form = _pipeline_form(request)
    registrations = registration_list(actor=actor, filters=form.to_filter())
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "total": page.paginator.count}
    template = "deals/pipeline.html#results" if request.htmx else "deals/pipeline.html"
    return render(request, template, context)


@staff_required
def pipeline_export(request):
    actor = request.actor
    if not actor.can("deals.view_pipeline"):
        raise PermissionDenied
    form = _pipeline_form(request)
    return exports.registrations_csv_response(registration_list(actor=actor, filters=form.to_filter()))


@login_required
@require_POST
def registration_approve_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        registration_approve(actor=actor, registration=registration, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Registration approved."))
    return hx_redirect(request, "deals:registration", registration.public_id)


@login_required
@require_POST
def registration_reject_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        registration_reject(
            actor=actor, registration=registration, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Registration rejected."))
    return hx_redirect(request, "deals:registration", registration.public_id)
