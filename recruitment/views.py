"""Recruitment pages: the public application form, the review queue, targets and the prospect pipeline."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import cams
from core.events import events_for
from core.http import (
    REFUSED,
    apply_validation_error,
    client_ip,
    field_answer,
    hx_redirect,
    run_button,
    staff_required,
    submit_form,
    submit_record,
    validated_field_name,
)
from core.inputs import InputInvalid
from core.listing import Table, export_list, list_page
from programs.selectors import charter_get
from recruitment.inputs import (
    HONEYPOT_FIELD,
    ApplicationInput,
    ApproveInput,
    ProspectInput,
    RejectInput,
    StageInput,
    TargetsInput,
)
from recruitment.rules import allowed_actions, allowed_next, is_open, missing_for_conversion
from recruitment.selectors import (
    application_cam_proposal,
    application_competitors,
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


def _list(request, *, filterset, table: Table, name: str, export: bool):
    """A list page, or (export) every filtered row as CSV or XLSX."""
    if export:
        return export_list(request, filterset, table, name=name)
    return list_page(
        request,
        filterset=filterset,
        table=table,
        template=f"recruitment/{name}.html",
        export_url=reverse(f"recruitment:{name}_export"),
    )


# --- public -----------------------------------------------------------------------------------------------


def become_partner(request):
    form = ApplicationInput(request.POST or None)
    if field := validated_field_name(request):  # a field was left: check it, submit nothing, count nothing
        return field_answer(request, form, field)
    status = 200
    if request.method == "POST":
        try:
            application_submit(
                actor=request.actor,
                data=form,
                ip=client_ip(request),
                honeypot=request.POST.get(HONEYPOT_FIELD, ""),
            )
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 429 if exc.code == RATE_LIMITED else status
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
def applications(request, export: bool = False):
    actor = request.actor
    actor.require("recruitment.view")
    filterset = application_filters(actor=actor, data=request.GET)
    return _list(request, filterset=filterset, table=application_table(), name="applications", export=export)


def applications_export(request):
    return applications(request, export=True)


@staff_required
def application_detail(request, application_id):
    actor = request.actor
    actor.require("recruitment.view")
    application = application_get(actor=actor, public_id=application_id)
    proposal = application_cam_proposal(actor=actor, application=application)
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "competitors": application_competitors(actor=actor, application=application),
            "timeline": events_for(actor=actor, target=application)[:100],
            "proposal": proposal,
            "approve_form": ApproveInput(cams=cams(actor=actor), proposal=proposal),
            "reject_form": RejectInput(),
            "actions": allowed_actions(actor, application),
        },
    )


@staff_required
@require_POST
def application_approve_view(request, application_id):
    actor = request.actor
    application = application_get(actor=actor, public_id=application_id)
    actor.require("recruitment.review")
    form = ApproveInput(request.POST, cams=cams(actor=actor))
    # A refused choice of manager approves nothing.
    approved = run_button(
        request,
        lambda: application_approve(actor=actor, application=application, cam=form.cleaned()["cam_id"]),
    )
    if approved is not REFUSED:
        messages.success(
            request,
            _("Application approved: %(name)s is onboarding and its admin is invited.")
            % {"name": approved.partner.name},
        )
        if approved.cam:
            messages.info(
                request,
                _("Channel account manager: %(cam)s (%(reason)s).")
                % {"cam": approved.cam.display_name, "reason": approved.cam_reason},
            )
        else:
            messages.warning(
                request,
                _("%(reason)s: the partner has no channel account manager yet.")
                % {"reason": approved.cam_reason},
            )
    return hx_redirect(request, "recruitment:application", application.public_id)


@staff_required
@require_POST
def application_reject_view(request, application_id):
    actor = request.actor
    application = application_get(actor=actor, public_id=application_id)
    actor.require("recruitment.review")
    run_button(
        request,
        lambda: application_reject(
            actor=actor, application=application, reason=RejectInput(request.POST).cleaned()["reason"]
        ),
        _("Application rejected; the applicant has been told why."),
    )
    return hx_redirect(request, "recruitment:application", application.public_id)


# --- targets ----------------------------------------------------------------------------------------------


@staff_required
def targets(request):
    actor = request.actor
    actor.require("recruitment.view")
    editable = actor.can("recruitment.configure")
    current = targets_get(actor=actor)
    form = TargetsInput(request.POST or None, initial=TargetsInput.initial_for(current))
    if request.method == "POST":
        actor.require("recruitment.configure")
    if submit_form(request, form, partial(targets_update, actor=actor, data=form)) is not REFUSED:
        messages.success(request, _("Targets saved; open applications and prospects were re-scored."))
        return hx_redirect(request, "recruitment:targets")
    if not editable:
        form.read_only()
    return render(
        request, "recruitment/targets.html", {"form": form, "targets": current, "editable": editable}
    )


# --- prospects --------------------------------------------------------------------------------------------


@staff_required
def prospects(request, export: bool = False):
    actor = request.actor
    actor.require("recruitment.view")
    if request.GET.get("view") == "board" and not export:
        filters = prospect_filters(actor=actor, data=request.GET, board=True)
        context = {
            "form": filters.form,
            "board": True,
            "columns": prospect_board(actor=actor, filters=request.GET),
        }
        template = "recruitment/prospects.html#results" if request.htmx else "recruitment/prospects.html"
        return render(request, template, context)
    filterset = prospect_filters(actor=actor, data=request.GET)
    table = prospect_table(user_id=actor.user.pk if actor.user else None)
    return _list(request, filterset=filterset, table=table, name="prospects", export=export)


def prospects_export(request):
    return prospects(request, export=True)


@staff_required
def prospect_form(request, prospect_id=None):
    """A new prospect, or changes to one; an empty owner is the one who saves it."""
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id) if prospect_id else None
    actor.require("recruitment.manage_prospects")
    form = ProspectInput(
        request.POST or None,
        owners=cams(actor=actor),
        default_owner=actor.user,
        initial=ProspectInput.initial_for(prospect) if prospect else None,
    )
    saved = submit_record(
        request,
        form,
        prospect,
        create=partial(prospect_create, actor=actor, data=form),
        update=partial(prospect_update, actor=actor, prospect=prospect, data=form),
        created=lambda p: _("Prospect %(name)s created.") % {"name": p.company_name},
        updated=_("Prospect saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "recruitment:prospect", saved.public_id)
    return render(request, "recruitment/prospect_form.html", {"form": form, "prospect": prospect})


@staff_required
def prospect_detail(request, prospect_id):
    actor = request.actor
    actor.require("recruitment.view")
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    actions = allowed_actions(actor, prospect)
    next_stages = allowed_next(prospect.stage) if "move" in actions else ()
    stage_form = StageInput(
        initial={"next_step": prospect.next_step, "next_step_date": prospect.next_step_date},
        next_stages=next_stages,
    )
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
@require_POST
def prospect_stage(request, prospect_id):
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    run_button(
        request,
        lambda: prospect_move_stage(actor=actor, prospect=prospect, **StageInput(request.POST).cleaned()),
        _("Stage changed."),
    )
    return hx_redirect(request, "recruitment:prospect", prospect.public_id)


@staff_required
@require_POST
def prospect_convert_view(request, prospect_id):
    actor = request.actor
    prospect = prospect_get(actor=actor, public_id=prospect_id)
    application = run_button(
        request,
        partial(prospect_convert, actor=actor, prospect=prospect),
        _("%(name)s is now an applicant awaiting review.") % {"name": prospect.company_name},
    )
    if application is REFUSED:
        return hx_redirect(request, "recruitment:prospect", prospect.public_id)
    return hx_redirect(request, "recruitment:application", application.public_id)
