import json
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from conflicts.selectors import check_matches, latest_check_for
from core.bulk import bulk_context, bulk_form, bulk_submit
from core.events import events_for
from core.http import (
    REFUSED,
    apply_validation_error,
    hx_redirect,
    login_required,
    partner_required,
    staff_required,
    submit_form,
)
from core.inputs import InputInvalid
from core.listing import export_list, export_response, list_page
from deals.actions import ACTIONS
from deals.bulk import PIPELINE_ACTIONS
from deals.inputs import ExtensionDecisionInput, RegistrationInput
from deals.rules import Action, allowed_actions, extension_allowed_actions
from deals.selectors import (
    extension_get,
    registerable_products,
    registering_partners,
    registration_board,
    registration_customer_hint,
    registration_engagement_reasons,
    registration_extensions,
    registration_filters,
    registration_get,
)
from deals.services import (
    extension_decide,
    needs_justification,
    registration_create,
    registration_submit,
    registration_update,
)
from deals.status import registration_status_texts
from deals.tables import registration_table


def _require_register(actor):
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied


# --- lists ----------------------------------------------------------------------------------------------


@partner_required
def mine(request):
    actor = request.actor
    filters = registration_filters(actor=actor, data=request.GET, page=True)
    if request.GET.get("view") == "board":
        context = {
            "form": filters.form,
            "board": True,
            "columns": registration_board(actor=actor, filters=request.GET),
        }
        return render(request, "deals/mine.html#results" if request.htmx else "deals/mine.html", context)
    return list_page(
        request,
        filterset=filters,
        table=registration_table(staff=False),
        template="deals/mine.html",
        export_url=reverse("deals:export"),
    )


def _export(request, *, staff: bool):
    filters = registration_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, registration_table(staff=staff), name="deal-registrations")


@partner_required
def mine_export(request):
    return _export(request, staff=False)


@staff_required
def pipeline(request):
    request.actor.require("deals.view_pipeline")
    return list_page(
        request,
        filterset=registration_filters(actor=request.actor, data=request.GET, page=True),
        table=registration_table(staff=True),
        template="deals/pipeline.html",
        export_url=reverse("deals:pipeline_export"),
        bulk=bulk_context(request, actions=PIPELINE_ACTIONS, url=reverse("deals:pipeline_bulk")),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def pipeline_bulk(request):
    request.actor.require("deals.view_pipeline")
    if request.method == "GET":
        return bulk_form(request, actions=PIPELINE_ACTIONS)
    table = registration_table(staff=True)
    return bulk_submit(
        request,
        actions=PIPELINE_ACTIONS,
        rows=registration_filters(actor=request.actor).qs,
        back=reverse("deals:pipeline"),
        export=lambda rows: export_response(rows, table.export_columns, name="deal-registrations"),
    )


@staff_required
def pipeline_export(request):
    request.actor.require("deals.view_pipeline")
    return _export(request, staff=True)


# --- drafts ---------------------------------------------------------------------------------------------


def _registration_input(request, actor, instance=None):
    form = RegistrationInput(
        request.POST if request.method == "POST" else None,
        instance=instance,
        partners=registering_partners(actor=actor),
        products=registerable_products(actor=actor),
    )
    # While the customer is typed, the page asks what the partner's own company already registered (htmx).
    hint = {
        "hx-get": reverse("deals:customer_hint"),
        "hx-trigger": "input changed delay:400ms, change",
        "hx-target": "#customer-hint",
        "hx-include": "#id_customer_name, #id_customer_domain",
        "hx-sync": "closest form:replace",
        "aria-controls": "customer-hint",
    }
    if instance is not None:
        hint["hx-vals"] = json.dumps({"exclude": str(instance.public_id)})
    for name in ("customer_name", "customer_domain"):
        if name in form.fields:
            form.fields[name].widget.attrs.update(hint)
    return form


def _registration_form(request, registration=None):
    """The registration form, new (`registration` None) or a draft to edit. One step: "Submit for approval"
    saves and submits at once (a submission refused for what is missing shows it on the form, and nothing is
    saved); "Save draft" keeps it to finish later."""
    actor = request.actor
    form = _registration_input(request, actor, instance=registration)
    submitting = "submit" in request.POST

    def save():
        with transaction.atomic():
            if registration is None:
                saved = registration_create(actor=actor, data=form)[0]
            else:
                saved = registration_update(actor=actor, registration=registration, data=form)
            if submitting:
                registration_submit(actor=actor, registration=saved)
        return saved

    if submitting:
        success = _("Registration submitted to your channel account manager.")
    elif registration is None:
        success = _("Draft registration saved. Submit it when it is complete.")
    else:
        success = _("Registration saved.")
    saved = submit_form(request, form, save, success)
    if saved is not REFUSED:
        return hx_redirect(request, "deals:registration", saved.public_id)
    return render(request, "deals/form.html", {"form": form, "registration": registration})


@partner_required
def registration_new(request):
    _require_register(request.actor)
    return _registration_form(request)


@partner_required
def customer_hint(request):
    """What the partner's own company (and a distributor's resellers) already registered for a customer like
    the one being typed on the registration form: a fragment under the customer's name."""
    _require_register(request.actor)
    exclude = request.GET.get("exclude") or ""
    try:
        excluded = UUID(exclude) if exclude else None
    except ValueError:
        excluded = None
    hints = registration_customer_hint(
        actor=request.actor,
        name=request.GET.get("customer_name", "")[:200],
        domain=request.GET.get("customer_domain", "")[:253],
        exclude=excluded,
    )
    return render(request, "deals/_customer_hint.html", {"hints": hints})


@login_required
def registration_edit(request, registration_id):
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    _require_register(actor)
    if Action.EDIT not in allowed_actions(actor, registration):
        messages.error(request, _("Only a draft can be changed."))
        return hx_redirect(request, "deals:registration", registration.public_id)
    return _registration_form(request, registration)


# --- the registration page and its actions ---------------------------------------------------------------


def _detail(request, registration, *, bound: dict | None = None, status: int = 200):
    """The registration page; `bound` holds a refused action's form, so what was typed stays on screen."""
    actor = request.actor
    check = latest_check_for(actor=actor, registration=registration)
    extensions = registration_extensions(actor=actor, registration=registration)
    pending = next((e for e in extensions if e.status == "pending"), None)
    actions = allowed_actions(actor, registration)
    forms = {spec.form_name: spec.input() for spec in ACTIONS.values() if spec.input} | {
        "extension_decide_form": ExtensionDecisionInput()
    }
    forms |= bound or {}
    context = {
        "registration": registration,
        "actions": actions,
        "extension_actions": extension_allowed_actions(actor, pending) if pending else [],
        "status_texts": registration_status_texts(actor=actor, registration=registration, check=check),
        "check": check,
        "matches": check_matches(actor=actor, check=check) if check and actor.is_staff else [],
        "engagement_reasons": registration_engagement_reasons(
            actor=actor, registration=registration, check=check
        ),
        "needs_justification": needs_justification(check),
        "extensions": extensions,
        "pending_extension": pending,
        "lines": list(registration.lines.all()),
        "timeline": events_for(actor=actor, target=registration)[:100],
        **forms,
    }
    return render(request, "deals/detail.html", context, status=status)


@login_required
def registration_detail(request, registration_id):
    return _detail(request, registration_get(actor=request.actor, public_id=registration_id))


def _act(request, registration, *, form_name: str, form, run, success):
    """Validate the action's input and run it; a refusal re-renders the page with the form as typed."""
    try:
        run(form.cleaned() if form is not None else {})
    except InputInvalid:
        return _detail(request, registration, bound={form_name: form})
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
            return hx_redirect(request, "deals:registration", registration.public_id)
        apply_validation_error(form, exc)
        return _detail(request, registration, bound={form_name: form})
    messages.success(request, success)
    return hx_redirect(request, "deals:registration", registration.public_id)


@login_required
@require_POST
def registration_action(request, registration_id, action: str):
    """Every action on a registration (deals.actions.ACTIONS); who may take it is the services' check."""
    spec = ACTIONS[action]
    actor = request.actor
    registration = registration_get(actor=actor, public_id=registration_id)
    return _act(
        request,
        registration,
        form_name=spec.form_name,
        form=spec.input(request.POST) if spec.input else None,
        run=lambda values: spec.run(actor=actor, registration=registration, values=values),
        success=spec.success,
    )


@staff_required
@require_POST
def extension_decide_view(request, extension_id):
    actor = request.actor
    extension = extension_get(actor=actor, public_id=extension_id)
    registration = registration_get(actor=actor, public_id=extension.registration.public_id)
    return _act(
        request,
        registration,
        form_name="extension_decide_form",
        form=ExtensionDecisionInput(request.POST),
        run=lambda v: extension_decide(
            actor=actor, extension=extension, approve=v["approve"], note=v["note"]
        ),
        success=_("Extension decided."),
    )
