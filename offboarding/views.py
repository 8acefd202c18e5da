"""Pages of offboarding: the wind-downs (list and export), starting one for a partner, one's checklist with
each step's check, note and buttons, and cancelling."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import REFUSED, hx_redirect, run_button, staff_required, submit_form
from core.listing import export_list, list_page
from offboarding.inputs import CancelInput, NoteInput, StartInput
from offboarding.models import OffboardingStatus
from offboarding.rules import allowed_actions
from offboarding.selectors import checklist, offboarding_filters, offboarding_get, partner_offboarding
from offboarding.services import offboarding_cancel, offboarding_start, step_done, step_run
from offboarding.tables import offboarding_table
from partners.selectors import partner_get


def _view(actor) -> None:
    actor.require("offboarding.view")


@staff_required
def offboardings(request):
    actor = request.actor
    _view(actor)
    return list_page(
        request,
        filterset=offboarding_filters(actor=actor, data=request.GET),
        table=offboarding_table(),
        template="offboarding/list.html",
        export_url=reverse("offboarding:export"),
    )


@staff_required
def offboardings_export(request):
    _view(request.actor)
    filters = offboarding_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, offboarding_table(), name="offboardings")


@staff_required
def start(request, partner_id):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    if not actor.can("offboarding.manage"):
        raise PermissionDenied
    current = partner_offboarding(actor=actor, partner=partner)
    if current is not None and current.status == OffboardingStatus.IN_PROGRESS:
        return hx_redirect(request, "offboarding:detail", offboarding_id=current.public_id)
    form = StartInput(request.POST or None, page=True)
    saved = submit_form(
        request,
        form,
        lambda: offboarding_start(actor=actor, partner=partner, data=form),
        _("Offboarding started: work through the checklist."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "offboarding:detail", offboarding_id=saved.public_id)
    return render(request, "offboarding/start.html", {"form": form, "partner": partner})


@staff_required
def detail(request, offboarding_id):
    actor = request.actor
    found = offboarding_get(actor=actor, public_id=offboarding_id)
    context = {
        "offboarding": found,
        "partner": found.partner,
        "steps": checklist(actor=actor, offboarding=found),
        "actions": allowed_actions(actor, found),
        "note_form": NoteInput(),
        "cancel_form": CancelInput(),
        "timeline": events_for(actor=actor, target=found)[:100],
    }
    return render(request, "offboarding/detail.html", context)


def _back(request, found, step: str = ""):
    url = reverse("offboarding:detail", args=[found.public_id]) + (f"#step-{step}" if step else "")
    return hx_redirect(request, url)


@staff_required
@require_POST
def step_done_view(request, offboarding_id, step):
    actor = request.actor
    found = offboarding_get(actor=actor, public_id=offboarding_id)
    note = request.POST.get("note", "")
    run_button(
        request, lambda: step_done(actor=actor, offboarding=found, key=step, note=note), _("Step done.")
    )
    return _back(request, found, step)


@staff_required
@require_POST
def step_run_view(request, offboarding_id, step):
    actor = request.actor
    found = offboarding_get(actor=actor, public_id=offboarding_id)
    result = run_button(request, lambda: step_run(actor=actor, offboarding=found, key=step))
    if result is not REFUSED:
        from django.contrib import messages

        messages.success(request, result)
    return _back(request, found, step)


@staff_required
@require_POST
def cancel(request, offboarding_id):
    actor = request.actor
    found = offboarding_get(actor=actor, public_id=offboarding_id)
    reason = request.POST.get("reason", "")
    run_button(
        request,
        lambda: offboarding_cancel(actor=actor, offboarding=found, reason=reason),
        _("Offboarding cancelled."),
    )
    return _back(request, found)
