from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import cams
from core.events import events_for
from core.http import apply_validation_error, hx_redirect, staff_required
from core.listing import export_format, export_response, list_page
from partners.territories import cam_proposal
from programs.selectors import charter_get
from recruitment.forms import (
    HONEYPOT_FIELD,
    ApplicationForm,
    ApproveForm,
    ProspectForm,
    RejectForm,
    StageForm,
    TargetsForm,
)
from recruitment.rules import allowed_actions, allowed_next, is_open, missing_for_conversion
from recruitment.selectors import (
    application_filters,
    application_get,
    applications_from_prospect,
    prospect_board,
    prospect_filters,
    prospect_get,
    targets_get,
)
from recruitment.services import (
    RATE_LIMITED,
    application_approve,
    application_reject,
    application_submit,
    prospect_convert,
    prospect_create,
    prospect_move_stage,
    prospect_update,
    targets_update,
)
from recruitment.tables import application_table, prospect_table


def client_ip(request) -> str | None:
    """The address the request came from (the proxy in front of Kanal must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def _require(actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- public -----------------------------------------------------------------------------------------------


def become_partner(request):
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(
                actor=request.actor,
                data=form.cleaned_data,
                ip=client_ip(request),
                honeypot=request.POST.get(HONEYPOT_FIELD, ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if exc.code == RATE_LIMITED:
                status = 429
        else:
            return hx_redirect(request, "recruitment:apply_thanks")
    return render(
        request,
        "recruitment/become_partner.html",
        {"form": form, "charter": charter_get(), "honeypot_field": HONEYPOT_FIELD},
        status=status,
    )


def apply_thanks(request):
    return render(request, "recruitment/apply_thanks.html")


# --- applications -----------------------------------------------------------------------------------------


@staff_required
def applications(request):
    actor = request.actor
    _require(actor, "recruitment.view")
    return list_page(
        request,
        filterset=application_filters(actor=actor, data=request.GET),
        table=application_table(),
        template="recruitment/applications.html",
        export_url=reverse("recruitment:applications_export"),
    )


@staff_required
def applications_export(request):
    actor = request.actor
    _require(actor, "recruitment.view")
    rows = application_filters(actor=actor, data=request.GET).qs
    return export_response(
        rows, application_table().export_columns, name="applications", fmt=export_format(request)
    )


@staff_required
def application_detail(request, application_id):
    actor = request.actor
    _require(actor, "recruitment.view")
    application = application_get(actor=actor, public_id=application_id)
    submitted = application.status == application.Status.SUBMITTED
    proposal = (
        cam_proposal(actor=actor, country=application.country.code, region=application.region)
        if submitted
        else None
    )
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "timeline": events_for(actor=actor, target=application)[:100],
            "proposal": proposal,
            "approve_form": ApproveForm(cams=cams(actor=actor), proposal=proposal),
            "reject_form": RejectForm(),
            "actions": allowed_actions(actor, application),
        },
    )


@staff_required
@require_POST
def application_approve_view(request, application_id):
    actor = request.actor
    application = application_get(actor=actor, public_id=application_id)
    _require(actor, "recruitment.review")
    form = ApproveForm(request.POST, cams=cams(actor=actor))
    if not form.is_valid():  # a refused choice of manager approves nothing
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return hx_redirect(request, "recruitment:application", application.public_id)
    try:
        application = application_approve(actor=actor, application=application, cam=form.cleaned_data["cam"])
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Application approved: %(name)s is onboarding and its admin is invited.")
            % {"name": application.partner.name},
        )
        if application.cam:
            messages.info(
                request,
                _("Channel account manager: %(cam)s (%(reason)s).")
                % {"cam": application.cam.display_name, "reason": application.cam_reason},
            )
        else:
            messages.warning(
                request,
                _("%(reason)s: the partner has no channel account manager yet.")
                % {"reason": application.cam_reason},
            )
    return hx_redirect(request, "recruitment:application", application.public_id)


@staff_required
@require_POST
def application_reject_view(request, application_id):
    actor = request.actor
    application = application_get(actor=actor, public_id=application_id)
    form = RejectForm(request.POST)
    try:
        application_reject(
            actor=actor,
            application=application,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Application rejected; the applicant has been told why."))
    return hx_redirect(request, "recruitment:application", application.public_id)


# --- targets ----------------------------------------------------------------------------------------------


@staff_required
def targets(request):
    actor = request.actor
    _require(actor, "recruitment.view")
    editable = actor.can("recruitment.configure")
    current = targets_get(actor=actor)
    form = TargetsForm(request.POST or None, initial=TargetsForm.initial_for(current))
    if request.method == "POST":
        _require(actor, "recruitment.configure")
        if form.is_valid():
            try:
                targets_update(actor=actor, data=form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Targets saved; open applications and prospects were re-scored."))
                return hx_redirect(request, "recruitment:targets")
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "recruitment/targets.html", {"form": form, "targets": current, "editable": editable}
    )


# --- prospects --------------------------------------------------------------------------------------------


@staff_required
def prospects(request):
    actor = request.actor
    _require(actor, "recruitment.view")
    if request.GET.get("view") == "board":
        filters = prospect_filters(actor=actor, data=request.GET, board=True)
        context = {
            "form": filters.form,
            "board": True,
            "columns": prospect_board(actor=actor, filters=request.GET),
        }
        template = "recruitment/prospects.html#results" if request.htmx else "recruitment/prospects.html"
        return render(request, template, context)
    return list_page(
        request,
        filterset=prospect_filters(actor=actor, data=request.GET),
        table=prospect_table(user_id=actor.user.pk if actor.user else None),
        template="recruitment/prospects.html",
        export_url=reverse("recruitment:prospects_export"),
    )


@staff_required
def prospects_export(request):
    actor = request.actor
    _require(actor, "recruitment.view")
    rows = prospect_filters(actor=actor, data=request.GET).qs
    return export_response(
        rows, prospect_table().export_columns, name="prospects", fmt=export_format(request)
    )


@staff_required
def prospect_new(request):
    actor = request.actor
    _require(actor, "recruitment.manage_prospects")
    form = ProspectForm(request.POST or None, owners=cams(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            prospect = prospect_create(actor=actor, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Prospect %(name)s created.") % {"name": prospect.company_name})
            return hx_redirect(request, "recruitment:prospect", prospect.public_id)
    return render(request, "recruitment/prospect_form.html", {"form": form, "prospect": None})


@staff_required
def prospect_detail(request, prospect_id):
    actor = request.actor
    _require(actor, "recruitment.view")
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    actions = allowed_actions(actor, prospect)
    next_stages = allowed_next(prospect.stage) if "move" in actions else ()
    stage_form = StageForm(
        initial={"next_step": prospect.next_step, "next_step_date": prospect.next_step_date}
    )
    stage_form.fields["stage"].choices = [
        (s, label) for s, label in stage_form.fields["stage"].choices if s in next_stages
    ]
    return render(
        request,
        "recruitment/prospect_detail.html",
        {
            "prospect": prospect,
            "timeline": events_for(actor=actor, target=prospect)[:100],
            "applications": applications_from_prospect(actor=actor, prospect=prospect),
            "stage_form": stage_form if next_stages else None,
            "actions": actions,
            # Why converting is not offered yet, for someone who may manage prospects.
            "missing": missing_for_conversion(prospect)
            if actor.can("recruitment.manage_prospects") and is_open(prospect.stage)
            else [],
        },
    )


@staff_required
def prospect_edit(request, prospect_id):
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    _require(actor, "recruitment.manage_prospects")
    form = ProspectForm(
        request.POST or None, owners=cams(actor=actor), initial=ProspectForm.initial_for(prospect)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data.get("owner") or actor.user
        try:
            prospect_update(actor=actor, prospect=prospect, data=data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Prospect saved."))
            return hx_redirect(request, "recruitment:prospect", prospect.public_id)
    return render(request, "recruitment/prospect_form.html", {"form": form, "prospect": prospect})


@staff_required
@require_POST
def prospect_stage(request, prospect_id):
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            prospect_move_stage(
                actor=actor,
                prospect=prospect,
                stage=form.cleaned_data["stage"],
                next_step=form.cleaned_data["next_step"],
                next_step_date=form.cleaned_data["next_step_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Stage changed."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return hx_redirect(request, "recruitment:prospect", prospect.public_id)


@staff_required
@require_POST
def prospect_convert_view(request, prospect_id):
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    try:
        application = prospect_convert(actor=actor, prospect=prospect)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return hx_redirect(request, "recruitment:prospect", prospect.public_id)
    messages.success(
        request, _("%(name)s is now an applicant awaiting review.") % {"name": prospect.company_name}
    )
    return hx_redirect(request, "recruitment:application", application.public_id)
