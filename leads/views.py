from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST

from core.bulk import bulk_context, bulk_form, bulk_submit
from core.events import events_for
from core.http import (
    REFUSED,
    apply_validation_error,
    client_ip,
    field_answer,
    hx_redirect,
    login_required,
    partner_required,
    staff_required,
    submit_record,
    validated_field_name,
)
from core.inputs import InputInvalid
from core.listing import export_list, export_response, list_page
from leads.actions import ACTIONS
from leads.attributes import active_attributes, shown_attributes
from leads.bulk import bulk_actions
from leads.errors import LeadErrorCode
from leads.inputs import AttributeInput, LeadInput, ProgressInput
from leads.models import Lead, LeadSource
from leads.routing.selectors import explanation_of, unrouted_reason
from leads.rules import LeadAction, allowed_actions
from leads.scoring.selectors import lead_score_of
from leads.selectors import (
    attribute_get,
    attributes_list,
    lead_assignments,
    lead_board,
    lead_filters,
    lead_get,
    lead_notes,
)
from leads.services import (
    attribute_create,
    attribute_update,
    lead_create,
    lead_products,
    lead_update,
    web_lead_submit,
)
from leads.tables import badge_class, lead_table, time_left

HONEYPOT_FIELD = "homepage"


def _require_view(actor) -> None:
    if not actor.can("leads.view"):
        raise PermissionDenied


# --- lists ----------------------------------------------------------------------------------------------


def _list(request, *, staff: bool):
    actor = request.actor
    _require_view(actor)
    template = "leads/list.html"
    if request.GET.get("view") == "board":
        context = {
            "form": lead_filters(actor=actor, data=request.GET).form,
            "board": True,
            "columns": lead_board(actor=actor, filters=request.GET),
            "can_manage": actor.can("leads.manage"),
        }
        return render(request, f"{template}#results" if request.htmx else template, context)
    return list_page(
        request,
        filterset=lead_filters(actor=actor, data=request.GET),
        table=lead_table(staff=staff),
        template=template,
        export_url=reverse("leads:export"),
        context={"staff": staff, "can_manage": actor.can("leads.manage")},
        bulk=bulk_context(request, actions=bulk_actions(actor), url=reverse("leads:bulk")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_bulk(request):
    """The list's actions on chosen leads (leads.bulk): route or assign (staff), accept (partner users)."""
    actor = request.actor
    _require_view(actor)
    actions = bulk_actions(actor)
    if request.method == "GET":
        if not request.GET.get("form"):  # the address opened by hand: the list it acts on
            return redirect("leads:list")
        return bulk_form(request, actions=actions)
    table = lead_table(staff=actor.is_staff, attributes=active_attributes())
    return bulk_submit(
        request,
        actions=actions,
        rows=lead_filters(actor=actor).qs,
        back=reverse("leads:list"),
        export=lambda rows: export_response(rows, table.export_columns, name="leads"),
    )


@login_required
def lead_list(request):
    """Staff: every lead; a partner: the leads offered to or worked by its company."""
    return _list(request, staff=request.actor.is_staff)


@login_required
def lead_export(request):
    actor = request.actor
    _require_view(actor)
    filters = lead_filters(actor=actor, data=request.GET)
    return export_list(
        request, filters, lead_table(staff=actor.is_staff, attributes=active_attributes()), name="leads"
    )


# --- a lead -----------------------------------------------------------------------------------------------


def _detail(request, lead, *, bound: dict | None = None, status: int = 200):
    actor = request.actor
    actions = allowed_actions(actor, lead)
    # (offer, why in the reader's language)
    assignments = [(a, explanation_of(a)) for a in lead_assignments(actor=actor, lead=lead)]
    forms = {spec.form_name: spec.input() for spec in ACTIONS.values() if spec.input}
    # Where the lead stands now, to change from (an accepted lead's status is one of the progress choices).
    forms["progress_form"] = ProgressInput(
        initial={"status": lead.status, "next_step": lead.next_step, "next_step_on": lead.next_step_on}
    )
    forms |= bound or {}
    context = {
        "lead": lead,
        "actions": actions,
        "attributes": shown_attributes(lead, active_attributes()),
        "products": list(lead.products.order_by("sku")),
        "assignments": assignments,
        "unrouted_reason": unrouted_reason(actor=actor, lead=lead),
        "notes": list(lead_notes(actor=actor, lead=lead)),
        "lead_score": lead_score_of(actor=actor, lead=lead),
        "status_badge": badge_class(lead),
        "time_left": time_left(lead.accept_by) if lead.status == "new" and lead.accept_by else "",
        "timeline": events_for(actor=actor, target=lead)[:100],
        **forms,
    }
    return render(request, "leads/detail.html", context, status=status)


@login_required
def lead_detail(request, lead_id):
    _require_view(request.actor)
    return _detail(request, lead_get(actor=request.actor, public_id=lead_id))


@login_required
@require_POST
def lead_action(request, lead_id, action: str):
    """Every action on a lead (leads.actions.ACTIONS); who may take it is the services' check."""
    spec = ACTIONS[action]
    actor = request.actor
    lead = lead_get(actor=actor, public_id=lead_id)
    form = spec.input(request.POST) if spec.input else None
    try:
        result = spec.run(actor=actor, lead=lead, values=form.cleaned() if form is not None else {})
    except InputInvalid:
        return _detail(request, lead, bound={spec.form_name: form})
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
            return hx_redirect(request, "leads:detail", lead.public_id)
        apply_validation_error(form, exc)
        return _detail(request, lead, bound={spec.form_name: form})
    messages.success(request, spec.success)
    if action == "convert":
        return hx_redirect(request, "deals:registration", result.public_id)
    return hx_redirect(request, "leads:detail", lead.public_id)


def _lead_form(request, lead=None, *, source: str = LeadSource.MANUAL):
    actor = request.actor
    form = LeadInput(request.POST or None, instance=lead, products=lead_products(actor=actor))
    saved = submit_record(
        request,
        form,
        lead,
        create=lambda: lead_create(actor=actor, data=form, source=source)[0],
        update=lambda: lead_update(actor=actor, lead=lead, data=form),
        created=_("Lead saved."),
        updated=_("Lead saved."),
    )
    if isinstance(saved, Lead):
        return hx_redirect(request, "leads:detail", saved.public_id)
    return render(
        request, "leads/form.html", {"form": form, "lead": lead, "referral": source == LeadSource.REFERRAL}
    )


@staff_required
def lead_new(request):
    if not request.actor.can("leads.manage"):
        raise PermissionDenied
    return _lead_form(request)


@partner_required
def referral_new(request):
    """A partner's own referral: a lead its company found, kept by it."""
    if not request.actor.can("leads.work"):
        raise PermissionDenied
    return _lead_form(request, source=LeadSource.REFERRAL)


@staff_required
def lead_edit(request, lead_id):
    actor = request.actor
    lead = lead_get(actor=actor, public_id=lead_id)
    if LeadAction.EDIT not in allowed_actions(actor, lead):
        raise PermissionDenied
    return _lead_form(request, lead)


# --- custom attributes ---------------------------------------------------------------------------------


@staff_required
def attribute_list(request):
    actor = request.actor
    _require_view(actor)
    return render(
        request,
        "leads/attributes.html",
        {
            "attributes": list(attributes_list(actor=actor, include_inactive=True)),
            "can_manage": actor.can("leads.manage"),
        },
    )


def _attribute_form(request, attribute=None):
    actor = request.actor
    if not actor.can("leads.manage"):
        raise PermissionDenied
    form = AttributeInput(request.POST or None, instance=attribute)
    saved = submit_record(
        request,
        form,
        attribute,
        create=lambda: attribute_create(actor=actor, data=form),
        update=lambda: attribute_update(actor=actor, attribute=attribute, data=form),
        created=_("Attribute added."),
        updated=_("Attribute saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "leads:attributes")
    return render(request, "leads/attribute_form.html", {"form": form, "attribute": attribute})


@staff_required
def attribute_new(request):
    return _attribute_form(request)


@staff_required
def attribute_edit(request, attribute_id):
    return _attribute_form(request, attribute_get(actor=request.actor, public_id=attribute_id))


# --- the web-to-lead form -----------------------------------------------------------------------------------


def _embeddable(view):
    """The vendor's own sites (LEADS_WEB_FORM_FRAME_ANCESTORS) may show the form in a frame."""
    ancestors = settings.LEADS_WEB_FORM_FRAME_ANCESTORS
    if not ancestors:
        return view
    return xframe_options_exempt(csp_override({**settings.SECURE_CSP, "frame-ancestors": ancestors})(view))


@_embeddable
def web_form(request):
    """The public form the vendor embeds on its own site (an iframe): a visitor asks to be contacted."""
    form = LeadInput(request.POST or None, products=lead_products(actor=request.actor))
    for name in ("source_detail", "notes", "fund_activity_code"):
        form.fields.pop(name, None)
    form.fields.pop("attributes", None)
    if field := validated_field_name(request):
        return field_answer(request, form, field)
    status = 200
    if request.method == "POST":
        try:
            web_lead_submit(
                actor=request.actor,
                data=form,
                ip=client_ip(request),
                honeypot=request.POST.get(HONEYPOT_FIELD, ""),
                page=request.POST.get("page", "")[:200],
            )
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 429 if exc.code == LeadErrorCode.RATE_LIMITED else status
        else:
            return hx_redirect(request, "leads:web_form_thanks")
    return render(
        request, "leads/web_form.html", {"form": form, "honeypot_field": HONEYPOT_FIELD}, status=status
    )


@_embeddable
def web_form_thanks(request):
    return render(request, "leads/web_form_thanks.html")
