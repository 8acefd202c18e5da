from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import REFUSED, hx_redirect, login_required, run_button, staff_required, submit_form
from core.listing import export_list, list_page
from engagement.evaluate import describe_rule, describe_ruleset, evaluate
from engagement.inputs import FactsInput, RuleInput, RuleSetInput
from engagement.rules import allowed_actions
from engagement.selectors import current_ruleset, rule_get, ruleset_draft, ruleset_filters, ruleset_get
from engagement.services import (
    rule_create,
    rule_delete,
    rule_move,
    rule_update,
    ruleset_create_draft,
    ruleset_publish,
    ruleset_update,
)
from engagement.tables import versions_table


def _to_manage(request, get, public_id):
    """The version or rule to change (not found: 404), for those who may manage the rules (otherwise 403)."""
    found = get(actor=request.actor, public_id=public_id)
    request.actor.require("engagement.manage")
    return found


def _act(request, action, success, ruleset):
    """Run a service from a button; a refusal is shown as a message. Back to the version page either way."""
    run_button(request, action, success)
    return hx_redirect(request, "engagement:version", ruleset_id=ruleset.public_id)


@login_required
def rules(request):
    """The published rules in plain language: every partner user and every staff member may read them."""
    request.actor.require("engagement.view")
    ruleset = current_ruleset()
    context = {"ruleset": ruleset, "sentences": describe_ruleset(ruleset) if ruleset else []}
    return render(request, "engagement/rules.html", context)


@staff_required
def versions(request):
    actor = request.actor
    actor.require("engagement.view")
    return list_page(
        request,
        filterset=ruleset_filters(actor=actor, data=request.GET),
        table=versions_table(),
        template="engagement/versions.html",
        export_url=reverse("engagement:versions_export"),
        context={"draft": ruleset_draft(actor=actor), "can_manage": actor.can("engagement.manage")},
    )


@staff_required
def versions_export(request):
    request.actor.require("engagement.view")
    filters = ruleset_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, versions_table(), name="rules-of-engagement")


@staff_required
@require_POST
def draft_new(request):
    actor = request.actor
    actor.require("engagement.manage")
    try:
        draft = ruleset_create_draft(actor=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return hx_redirect(request, "engagement:versions")
    messages.success(request, _("Draft version %(version)s created.") % {"version": draft.version})
    return hx_redirect(request, "engagement:version", ruleset_id=draft.public_id)


@staff_required
def version(request, ruleset_id):
    actor = request.actor
    actor.require("engagement.view")
    ruleset = ruleset_get(actor=actor, public_id=ruleset_id)
    rules_ = [(rule, describe_rule(rule)) for rule in ruleset.rules.all()]
    context = {
        "ruleset": ruleset,
        "rules": rules_,
        "sentences": describe_ruleset(ruleset),
        "actions": allowed_actions(actor, ruleset),
        "events": events_for(actor=actor, target=ruleset)[:50],
    }
    return render(request, "engagement/version.html", context)


@staff_required
def version_edit(request, ruleset_id):
    actor = request.actor
    ruleset = _to_manage(request, ruleset_get, ruleset_id)
    form = RuleSetInput(request.POST or None, initial=RuleSetInput.initial_for(ruleset))
    saved = submit_form(
        request, form, lambda: ruleset_update(actor=actor, ruleset=ruleset, data=form), _("Draft saved.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "engagement:version", ruleset_id=ruleset.public_id)
    return render(request, "engagement/ruleset_form.html", {"form": form, "ruleset": ruleset})


@staff_required
@require_POST
def version_publish(request, ruleset_id):
    actor = request.actor
    ruleset = _to_manage(request, ruleset_get, ruleset_id)
    success = _("Version %(version)s is published.") % {"version": ruleset.version}
    return _act(request, lambda: ruleset_publish(actor=actor, ruleset=ruleset), success, ruleset)


@staff_required
def rule_new(request, ruleset_id):
    ruleset = ruleset_get(actor=request.actor, public_id=ruleset_id)
    return _rule_form(request, ruleset, None)


@staff_required
def rule_edit(request, rule_id):
    rule = rule_get(actor=request.actor, public_id=rule_id)
    return _rule_form(request, rule.ruleset, rule)


def _rule_form(request, ruleset, rule):
    """Add a rule to a draft (`rule` None) or change one of its rules."""
    actor = request.actor
    actor.require("engagement.manage")
    form = RuleInput(request.POST or None, initial=RuleInput.initial_for(rule) if rule else None)

    def save():
        if rule is None:
            return rule_create(actor=actor, ruleset=ruleset, data=form)
        return rule_update(actor=actor, rule=rule, data=form)

    if submit_form(request, form, save, _("Rule saved.") if rule else _("Rule added.")) is not REFUSED:
        return hx_redirect(request, "engagement:version", ruleset_id=ruleset.public_id)
    return render(request, "engagement/rule_form.html", {"form": form, "ruleset": ruleset, "rule": rule})


@staff_required
@require_POST
def rule_delete_view(request, rule_id):
    actor = request.actor
    rule = _to_manage(request, rule_get, rule_id)
    return _act(request, lambda: rule_delete(actor=actor, rule=rule), _("Rule deleted."), rule.ruleset)


@staff_required
@require_POST
def rule_move_view(request, rule_id):
    actor = request.actor
    rule = _to_manage(request, rule_get, rule_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _act(request, lambda: rule_move(actor=actor, rule=rule, offset=offset), None, rule.ruleset)


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
