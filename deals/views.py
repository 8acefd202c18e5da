from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conflicts.selectors import check_matches, engagement_reasons_for, latest_check_for
from core.events import events_for
from core.http import apply_validation_error, hx_redirect, login_required, partner_required, staff_required
from deals import exports
from deals.forms import (
    AppealDecisionForm,
    AppealForm,
    ApproveForm,
    CloseForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    MineFilterForm,
    PipelineFilterForm,
    RegistrationForm,
    RejectForm,
)
from deals.models import RegistrationStatus
from deals.rules import can_transition
from deals.selectors import (
    extension_get,
    pipeline_cams,
    pipeline_partners,
    registerable_products,
    registering_partners,
    registration_board,
    registration_extensions,
    registration_get,
    registration_list,
)
from deals.services import (
    can_appeal,
    extension_decide,
    extension_request,
    needs_justification,
    registration_appeal,
    registration_approve,
    registration_check,
    registration_close,
    registration_create,
    registration_decide_appeal,
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
    check = latest_check_for(actor=actor, registration=registration)
    extensions = registration_extensions(actor=actor, registration=registration)
    context = {
        "check": check,
        "matches": check_matches(actor=actor, check=check) if check and actor.is_staff else [],
        "engagement_reasons": [r["text"] for r in engagement_reasons_for(actor=actor, check=check)],
        "needs_justification": needs_justification(check),
        "extensions": extensions,
        "pending_extension": next((e for e in extensions if e.status == "pending"), None),
        "can_check": may_decide and not registration.is_draft,
        "can_decide_extension": may_decide,
        "can_appeal": may_register and can_appeal(registration),
        "can_decide_appeal": actor.can("deals.decide_appeal") and status == RegistrationStatus.APPEALED,
        "can_request_extension": may_register
        and status == RegistrationStatus.APPROVED
        and not any(e.status == "pending" for e in extensions),
        "appeal_form": AppealForm(),
        "appeal_decision_form": AppealDecisionForm(),
        "extension_form": ExtensionRequestForm(),
        "extension_decision_form": ExtensionDecisionForm(),
        "registration": registration,
        "lines": list(registration.lines.all()),
        "timeline": events_for(actor=actor, target=registration)[:100],
        "can_edit": may_register and status == RegistrationStatus.DRAFT,
        "can_submit": may_register and can_transition(status, RegistrationStatus.SUBMITTED),
        "can_decide": may_decide and status == RegistrationStatus.SUBMITTED,
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
    return _post_action(
        request,
        registration,
        lambda: registration_submit(actor=actor, registration=registration),
        _("Registration submitted to your channel account manager."),
    )


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
    note = form.cleaned_data.get("note", "")
    return _post_action(
        request,
        registration,
        lambda: registration_approve(actor=actor, registration=registration, note=note),
        _("Registration approved."),
    )


@login_required
@require_POST
def registration_reject_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = RejectForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    return _post_action(
        request,
        registration,
        lambda: registration_reject(actor=actor, registration=registration, reason=reason),
        _("Registration rejected."),
    )


def _post_action(request, registration, action, success: str):
    try:
        action()
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, success)
    return hx_redirect(request, "deals:registration", registration.public_id)


@staff_required
@require_POST
def registration_check_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    return _post_action(
        request,
        registration,
        lambda: registration_check(actor=actor, registration=registration),
        _("Conflict check run again."),
    )


@partner_required
@require_POST
def registration_appeal_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = AppealForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    return _post_action(
        request,
        registration,
        lambda: registration_appeal(actor=actor, registration=registration, reason=reason),
        _("Appeal sent to the channel chief."),
    )


@staff_required
@require_POST
def registration_appeal_decide_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return hx_redirect(request, "deals:registration", registration.public_id)
    data = form.cleaned_data
    return _post_action(
        request,
        registration,
        lambda: registration_decide_appeal(
            actor=actor, registration=registration, grant=data["decision"] == "grant", note=data["note"]
        ),
        _("Appeal decided."),
    )


@partner_required
@require_POST
def extension_request_view(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    days, reason = request.POST.get("days", ""), request.POST.get("reason", "")
    return _post_action(
        request,
        registration,
        lambda: extension_request(actor=actor, registration=registration, days=days, reason=reason),
        _("Extension requested from your channel account manager."),
    )


@staff_required
@require_POST
def extension_decide_view(request, extension_id):
    actor = request.actor
    extension = extension_get(actor=actor, public_id=extension_id)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or deny the extension."))
        return hx_redirect(request, "deals:registration", extension.registration.public_id)
    data = form.cleaned_data
    return _post_action(
        request,
        extension.registration,
        lambda: extension_decide(
            actor=actor, extension=extension, approve=data["decision"] == "approve", note=data["note"]
        ),
        _("Extension decided."),
    )
