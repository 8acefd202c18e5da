"""Onboarding pages: checklist configuration (channel operations), the partner's checklist, and the CAM's
actions on a partner's steps (from the staff partner page)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSED, hx_redirect, partner_required, staff_required, submit_form
from onboarding.inputs import MoveStepInput, PartnerTypeInput, StepActiveInput, StepInput
from onboarding.selectors import checklist_admin, onboarding_progress, step_get
from onboarding.services import (
    checklist_install_defaults,
    step_complete,
    step_confirm,
    step_create,
    step_delete,
    step_move,
    step_reopen,
    step_set_active,
    step_update,
)
from partners.choices import PartnerType
from partners.selectors import partner_get


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _checklist_url(partner_type: str) -> str:
    return reverse("onboarding:checklists") + "?" + urlencode({"partner_type": partner_type})


def _partner_type(value) -> str:
    return value if value in PartnerType.values else PartnerType.values[0]


# --- checklist configuration ---


@staff_required
def checklists(request):
    actor = request.actor
    partner_type = _partner_type(request.GET.get("partner_type"))
    context = {
        "type_form": PartnerTypeInput(initial={"partner_type": partner_type}),
        "partner_type": partner_type,
        "partner_type_label": PartnerType(partner_type).label,
        "steps": checklist_admin(actor=actor, partner_type=partner_type),
        "can_configure": actor.can("onboarding.configure"),
    }
    template = "onboarding/checklists.html#steps" if request.htmx else "onboarding/checklists.html"
    return render(request, template, context)


@staff_required
def step_new(request):
    partner_type = _partner_type(request.GET.get("partner_type"))
    return _step_form(request, None, partner_type)


@staff_required
def step_edit(request, step_id):
    step = step_get(actor=request.actor, public_id=step_id)
    return _step_form(request, step, step.partner_type)


def _step_form(request, step, partner_type: str):
    """Add a step (`step` None) to a partner type's checklist, or change one."""
    actor = request.actor
    actor.require("onboarding.configure")
    initial = StepInput.initial_for(step) if step is not None else None
    form = StepInput(request.POST or None, initial=initial, page=True)

    def save():
        if step is None:
            return step_create(actor=actor, partner_type=partner_type, data=form)
        return step_update(actor=actor, step=step, data=form)

    if submit_form(request, form, save, _("Step saved.") if step else _("Step added.")) is not REFUSED:
        return hx_redirect(request, _checklist_url(partner_type))
    context = {
        "form": form,
        "step": step,
        "partner_type": partner_type,
        "partner_type_label": PartnerType(partner_type).label,
    }
    return render(request, "onboarding/step_form.html", context)


def _change_step(request, step_id, form_class, invalid: str, change: Callable[[Any, dict], str | None]):
    """A button on a step: its small input (`invalid` flashed when it is wrong), then `change(step, values)`,
    whose refusal is flashed and whose message, if any, follows success. Back to the checklist either way."""
    step = step_get(actor=request.actor, public_id=step_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            success = change(step, form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            if success:
                messages.success(request, success)
    return hx_redirect(request, _checklist_url(step.partner_type))


@staff_required
@require_POST
def step_move_view(request, step_id):
    def move(step, values) -> None:
        step_move(actor=request.actor, step=step, direction=values["direction"])

    return _change_step(request, step_id, MoveStepInput, _("Move a step up or down."), move)


@staff_required
@require_POST
def step_active_view(request, step_id):
    def set_active(step, values) -> str:
        step_set_active(actor=request.actor, step=step, active=values["active"])
        return _("Step reactivated.") if values["active"] else _("Step deactivated.")

    return _change_step(
        request, step_id, StepActiveInput, _("Choose whether the step is in use."), set_active
    )


@staff_required
@require_POST
def step_delete_view(request, step_id):
    step = step_get(actor=request.actor, public_id=step_id)
    try:
        step_delete(actor=request.actor, step=step)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Step removed."))
    return hx_redirect(request, _checklist_url(step.partner_type))


@staff_required
@require_POST
def checklist_defaults(request):
    form = PartnerTypeInput(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid partner type."))
        return hx_redirect(request, "onboarding:checklists")
    partner_type = form.cleaned_data["partner_type"]
    created = checklist_install_defaults(actor=request.actor, partner_type=partner_type)
    if created:
        messages.success(request, _("The standard checklist was added."))
    else:
        messages.warning(request, _("This partner type already has a checklist."))
    return hx_redirect(request, _checklist_url(partner_type))


# --- the partner's checklist ---


@partner_required
def mine(request):
    actor = request.actor
    partner = actor.partner
    return render(
        request,
        "onboarding/mine.html",
        {
            "partner": partner,
            "progress": onboarding_progress(actor=actor, partner=partner),
        },
    )


@partner_required
@require_POST
def mine_complete(request, step_id):
    actor = request.actor
    step = step_get(actor=actor, public_id=step_id)
    note = request.POST.get("note", "")
    try:
        completion = step_complete(actor=actor, partner=actor.partner, step=step, note=note)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        if completion.state == completion.State.SUBMITTED:
            messages.success(request, _("Sent to your channel account manager for confirmation."))
        else:
            messages.success(request, _("Step done."))
    return hx_redirect(request, reverse("onboarding:mine") + f"#step-{step.public_id}")


# --- the CAM on the staff partner page ---


def _staff_step_action(request, partner_id, step_id, action, success):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    step = step_get(actor=actor, public_id=step_id)
    try:
        action(actor=actor, partner=partner, step=step, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, success)
    return hx_redirect(
        request, reverse("partners:detail", args=[partner.public_id]) + "?tab=onboarding#onboarding"
    )


@staff_required
@require_POST
def staff_confirm(request, partner_id, step_id):
    def confirm(*, actor, partner, step, note):
        return step_confirm(actor=actor, partner=partner, step=step)

    return _staff_step_action(request, partner_id, step_id, confirm, _("Step confirmed."))


@staff_required
@require_POST
def staff_complete(request, partner_id, step_id):
    return _staff_step_action(request, partner_id, step_id, step_complete, _("Step marked done."))


@staff_required
@require_POST
def staff_reopen(request, partner_id, step_id):
    return _staff_step_action(request, partner_id, step_id, step_reopen, _("Step reopened."))
