from django.shortcuts import render

from core.http import login_required, staff_required
from core.version_pages import VersionPages
from engagement import selectors
from engagement.evaluate import describe_rule, describe_ruleset, evaluate
from engagement.inputs import FactsInput
from engagement.rules import VERSIONS
from engagement.selectors import current_ruleset, ruleset_get
from engagement.tables import versions_table


def _version_context(actor, ruleset):
    """The version page's own parts: each rule and the whole set in plain language."""
    return {
        "rules": [(rule, describe_rule(rule)) for rule in ruleset.rules.all()],
        "sentences": describe_ruleset(ruleset),
    }


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
)


@login_required
def rules(request):
    """The published rules in plain language: every partner user and every staff member may read them."""
    request.actor.require("engagement.view")
    ruleset = current_ruleset()
    context = {"ruleset": ruleset, "sentences": describe_ruleset(ruleset) if ruleset else []}
    return render(request, "engagement/rules.html", context)


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
