"""Pages of lead distribution: the routing rules' versions (list, a version with its rules in order, the
draft's editors), the simulation, and the buttons of a lead's offer (accept, decline, assign, route)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSED, hx_redirect, login_required, run_button, staff_required, submit_form
from core.version_pages import VersionPages
from leads.routing import selectors
from leads.routing.explain import describe_rule
from leads.routing.inputs import AssignInput, DeclineInput, SimulationInput
from leads.routing.notify import lead_link, leads_list_link
from leads.routing.rules import VERSIONS, VIEW
from leads.routing.selectors import (
    assignable_partners,
    offer_get,
    rule_products,
    ruleset_for_simulation,
)
from leads.routing.services import accept_lead, assign_lead, decline_lead, route_lead
from leads.routing.simulation import simulate, simulation_leads
from leads.routing.tables import versions_table
from partners.choices import Tier


def _version_context(actor, ruleset):
    """The version page's own parts: each rule in plain language, and the hours to accept per tier."""
    rules = list(ruleset.rules.all())
    products = rule_products(rules)
    tiers = dict(Tier.choices)
    return {
        "rules": [(rule, describe_rule(rule, products=products)) for rule in rules],
        "tier_hours": [(tiers.get(t, t), h) for t, h in (ruleset.tier_sla_hours or {}).items()],
    }


# The versions list, a version's page, the draft's editors and buttons (`core.version_pages`).
PAGES = VersionPages(
    versions=VERSIONS,
    namespace="leads",
    name_prefix="routing_",
    ruleset_arg="routing_version_id",
    rule_arg="routing_rule_id",
    templates="leads/routing/",
    read=VIEW,
    export_name="lead-routing-rules",
    table=versions_table,
    selectors=selectors,
    version_context=_version_context,
)


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
