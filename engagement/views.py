from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import client_ip, hx_redirect, login_required, partner_required, run_button, staff_required
from core.scoping import get_visible_or_404
from core.version_pages import VersionPages
from engagement import selectors
from engagement.evaluate import describe_rule, describe_ruleset, evaluate
from engagement.inputs import FactsInput
from engagement.rules import VERSIONS
from engagement.selectors import (
    acceptance_of,
    acceptances_for_ruleset,
    current_ruleset,
    programs_with_rules,
    ruleset_for_partner,
    ruleset_get,
)
from engagement.services import rules_accept
from engagement.tables import versions_table
from programs.models import PartnerProgram


def _version_context(actor, ruleset):
    """The version page's own parts: each rule and the whole set in plain language, who accepted it."""
    return {
        "rules": [(rule, describe_rule(rule)) for rule in ruleset.rules.all()],
        "sentences": describe_ruleset(ruleset),
        "acceptances": acceptances_for_ruleset(actor=actor, ruleset=ruleset)[:200]
        if ruleset.status != ruleset.Status.DRAFT
        else [],
    }


def _draft_program(request):
    """The program a new draft is for (its code posted by the versions page; none: the default program)."""
    code = request.POST.get("program", "")
    programs = PartnerProgram.objects.visible_to(request.actor)
    if not code:
        found = programs.filter(is_default=True).first()
        if found is None:
            raise Http404
        return found
    return get_visible_or_404(programs, code=code)


# The versions list, a version's page, the draft's editors and buttons (`core.version_pages`).
PAGES = VersionPages(
    versions=VERSIONS,
    namespace="engagement",
    name_prefix="",
    ruleset_arg="ruleset_id",
    rule_arg="rule_id",
    templates="engagement/",
    read="engagement.view",
    export_name="rules-of-engagement",
    table=versions_table,
    selectors=selectors,
    version_context=_version_context,
    draft_group=_draft_program,
    versions_context=lambda actor: {"programs": programs_with_rules(actor=actor)},
)


@login_required
def rules(request):
    """The rules in plain language. A partner user reads the rules in force for its company (its program's;
    `engagement.selectors`), whether it accepted them, and its admin accepts them here; staff read any
    program's published rules (`?program=<code>`, the default program's without)."""
    actor = request.actor
    actor.require("engagement.view")
    context = {}
    if actor.is_partner:
        ruleset = ruleset_for_partner(actor.partner)
        context = {
            "partner": actor.partner,
            "acceptance": acceptance_of(partner=actor.partner, ruleset=ruleset) if ruleset else None,
            "can_accept": actor.can("engagement.accept"),
        }
    else:
        code = request.GET.get("program", "")
        programs = PartnerProgram.objects.visible_to(actor).order_by("position", "code")
        chosen = programs.filter(code=code).first() if code else None
        ruleset = current_ruleset(chosen)
        context = {"programs": programs, "chosen": chosen or (ruleset.program if ruleset else None)}
    context |= {"ruleset": ruleset, "sentences": describe_ruleset(ruleset) if ruleset else []}
    return render(request, "engagement/rules.html", context)


@partner_required
@require_POST
def accept(request, ruleset_id):
    """A partner admin accepts the rules in force for the company it acts for."""
    actor = request.actor
    ruleset = ruleset_get(actor=actor, public_id=ruleset_id)
    run_button(
        request,
        lambda: rules_accept(actor=actor, ruleset=ruleset, ip_address=client_ip(request)),
        _("You accepted version %(version)s of the rules of engagement.") % {"version": ruleset.version},
    )
    return hx_redirect(request, "engagement:rules")


@staff_required
def version_test(request, ruleset_id):
    """Try a version on made-up facts: the decision and why."""
    actor = request.actor
    actor.require("engagement.view")
    ruleset = ruleset_get(actor=actor, public_id=ruleset_id)
    form = FactsInput(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        decision = evaluate(form.to_facts(), ruleset)
    context = {"form": form, "ruleset": ruleset, "decision": decision}
    template = "engagement/test.html#tester" if request.htmx else "engagement/test.html"
    return render(request, template, context)
