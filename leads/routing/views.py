"""Pages of lead distribution: the routing rules' versions (list, a version with its rules in order, the
draft's editors), the simulation, and the buttons of a lead's offer (accept, decline, assign, route)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import REFUSED, hx_redirect, login_required, run_button, staff_required, submit_form
from core.listing import export_list, list_page
from leads.routing.explain import describe_rule
from leads.routing.inputs import AssignInput, DeclineInput, RuleInput, RuleSetInput, SimulationInput
from leads.routing.notify import lead_link, leads_list_link
from leads.routing.rules import MANAGE, VIEW, allowed_actions
from leads.routing.selectors import (
    assignable_partners,
    offer_get,
    rule_get,
    rule_products,
    ruleset_draft,
    ruleset_filters,
    ruleset_for_simulation,
    ruleset_get,
)
from leads.routing.services import (
    accept_lead,
    assign_lead,
    decline_lead,
    route_lead,
    rule_create,
    rule_delete,
    rule_move,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)
from leads.routing.simulation import simulate, simulation_leads
from leads.routing.tables import versions_table
from partners.choices import Tier


def _to_manage(request, get, public_id):
    """The version or rule to change (not found: 404), for those who may manage the rules (otherwise 403)."""
    found = get(actor=request.actor, public_id=public_id)
    request.actor.require(MANAGE)
    return found


def _act(request, action, success, ruleset):
    run_button(request, action, success)
    return hx_redirect(request, "leads:routing_version", routing_version_id=ruleset.public_id)


@staff_required
def versions(request):
    actor = request.actor
    actor.require(VIEW)
    return list_page(
        request,
        filterset=ruleset_filters(actor=actor, data=request.GET),
        table=versions_table(),
        template="leads/routing/versions.html",
        export_url=reverse("leads:routing_versions_export"),
        context={"draft": ruleset_draft(actor=actor), "can_manage": actor.can(MANAGE)},
    )


@staff_required
def versions_export(request):
    request.actor.require(VIEW)
    filters = ruleset_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, versions_table(), name="lead-routing-rules")


@staff_required
@require_POST
def draft_new(request):
    actor = request.actor
    actor.require(MANAGE)
    try:
        draft = ruleset_create_draft(actor=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return hx_redirect(request, "leads:routing_versions")
    messages.success(request, _("Draft version %(version)s created.") % {"version": draft.version})
    return hx_redirect(request, "leads:routing_version", routing_version_id=draft.public_id)


@staff_required
def version(request, routing_version_id):
    actor = request.actor
    actor.require(VIEW)
    ruleset = ruleset_get(actor=actor, public_id=routing_version_id)
    rules = list(ruleset.rules.all())
    products = rule_products(rules)
    tiers = dict(Tier.choices)
    context = {
        "ruleset": ruleset,
        "rules": [(rule, *describe_rule(rule, products=products)) for rule in rules],
        "tier_hours": [(tiers.get(t, t), h) for t, h in (ruleset.tier_sla_hours or {}).items()],
        "actions": allowed_actions(actor, ruleset),
        "events": events_for(actor=actor, target=ruleset)[:50],
    }
    return render(request, "leads/routing/version.html", context)


@staff_required
def version_edit(request, routing_version_id):
    actor = request.actor
    ruleset = _to_manage(request, ruleset_get, routing_version_id)
    form = RuleSetInput(request.POST or None, initial=RuleSetInput.initial_for(ruleset))
    saved = submit_form(
        request, form, lambda: ruleset_update(actor=actor, ruleset=ruleset, data=form), _("Draft saved.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "leads:routing_version", routing_version_id=ruleset.public_id)
    return render(request, "leads/routing/ruleset_form.html", {"form": form, "ruleset": ruleset})


@staff_required
@require_POST
def version_publish(request, routing_version_id):
    actor = request.actor
    ruleset = _to_manage(request, ruleset_get, routing_version_id)
    success = _("Version %(version)s is published.") % {"version": ruleset.version}
    return _act(request, lambda: ruleset_publish(actor=actor, ruleset=ruleset), success, ruleset)


@staff_required
def rule_new(request, routing_version_id):
    ruleset = ruleset_get(actor=request.actor, public_id=routing_version_id)
    return _rule_form(request, ruleset, None)


@staff_required
def rule_edit(request, routing_rule_id):
    rule = rule_get(actor=request.actor, public_id=routing_rule_id)
    return _rule_form(request, rule.ruleset, rule)


def _rule_form(request, ruleset, rule):
    """Add a rule to a draft (`rule` None) or change one of its rules."""
    actor = request.actor
    actor.require(MANAGE)
    form = RuleInput(request.POST or None, initial=RuleInput.initial_for(rule) if rule else None)

    def save():
        if rule is None:
            return rule_create(actor=actor, ruleset=ruleset, data=form)
        return rule_update(actor=actor, rule=rule, data=form)

    if submit_form(request, form, save, _("Rule saved.") if rule else _("Rule added.")) is not REFUSED:
        return hx_redirect(request, "leads:routing_version", routing_version_id=ruleset.public_id)
    return render(request, "leads/routing/rule_form.html", {"form": form, "ruleset": ruleset, "rule": rule})


@staff_required
@require_POST
def rule_delete_view(request, routing_rule_id):
    actor = request.actor
    rule = _to_manage(request, rule_get, routing_rule_id)
    return _act(request, lambda: rule_delete(actor=actor, rule=rule), _("Rule deleted."), rule.ruleset)


@staff_required
@require_POST
def rule_move_view(request, routing_rule_id):
    actor = request.actor
    rule = _to_manage(request, rule_get, routing_rule_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _act(request, lambda: rule_move(actor=actor, rule=rule, offset=offset), None, rule.ruleset)


@staff_required
def version_simulate(request, routing_version_id):
    """Route chosen leads with this version in memory: the distribution per partner, nothing written."""
    actor = request.actor
    actor.require(VIEW)
    ruleset = ruleset_for_simulation(actor=actor, public_id=routing_version_id)
    form = SimulationInput(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned()
        leads = simulation_leads(
            actor=actor, selection=data["selection"], days=data["days"], limit=data["limit"]
        )
        result = simulate(actor=actor, ruleset=ruleset, leads=leads)
    context = {"form": form, "ruleset": ruleset, "result": result}
    template = "leads/routing/simulate.html#simulator" if request.htmx else "leads/routing/simulate.html"
    return render(request, template, context)


# --- a lead's offer: the lead page's buttons ----------------------------------------------------------


@login_required
@require_POST
def offer_accept(request, lead_id):
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    run_button(
        request, lambda: accept_lead(actor=request.actor, lead=lead), _("Lead accepted: it is yours to work.")
    )
    return hx_redirect(request, lead_link(lead))


@login_required
def offer_decline(request, lead_id):
    actor = request.actor
    lead = offer_get(actor=actor, lead_public_id=lead_id)
    form = DeclineInput(request.POST or None)

    def save():
        values = form.cleaned()
        return decline_lead(actor=actor, lead=lead, reason=values["reason"], note=values["note"])

    if submit_form(request, form, save, _("Lead declined.")) is not REFUSED:
        return hx_redirect(request, leads_list_link())  # the lead is no longer the decliner's to read
    return render(request, "leads/routing/offer_form.html", {"form": form, "lead": lead, "action": "decline"})


@staff_required
def offer_assign(request, lead_id):
    actor = request.actor
    actor.require("leads.assign")
    lead = offer_get(actor=actor, lead_public_id=lead_id)
    form = AssignInput(request.POST or None, partners=assignable_partners(actor=actor))

    def save():
        values = form.cleaned()
        return assign_lead(actor=actor, lead=lead, partner=values["partner"], reason=values["reason"])

    if submit_form(request, form, save, _("Lead assigned.")) is not REFUSED:
        return hx_redirect(request, lead_link(lead))
    return render(request, "leads/routing/offer_form.html", {"form": form, "lead": lead, "action": "assign"})


@staff_required
@require_POST
def offer_route(request, lead_id):
    lead = offer_get(actor=request.actor, lead_public_id=lead_id)
    run_button(
        request, lambda: route_lead(actor=request.actor, lead=lead), _("Lead routed through the rules.")
    )
    return hx_redirect(request, lead_link(lead))
