"""Writes for the rules of engagement: drafts, their rules, publishing. Channel chief and operations only.

A published rule set never changes: editing starts a new draft copied from the published one, and
publishing the draft retires the previous set — one published and at most one draft at any time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.events import apply_changes, record_event, save_changes
from core.scoping import lock_visible
from engagement.errors import EngagementErrorCode as E
from engagement.inputs import RuleInput, RuleSetInput
from engagement.models import Rule, RuleSet, RuleSetStatus
from engagement.rules import RuleSetAction, draft_exists, require_action

RULESET_FIELDS = (
    "default_protection_days",
    "tier_protection_days",
    "tie_breaker",
    "named_accounts_direct",
    "notes",
)
RULE_FIELDS = (
    "label",
    "product_eligibility",
    "segments",
    "min_employees",
    "max_employees",
    "min_revenue",
    "max_revenue",
    "countries",
    "regions",
    "min_amount",
    "max_amount",
    "currency",
    "outcome",
    "protection_days",
)
COPIED_RULE_FIELDS = RULE_FIELDS + ("position",)


# --- values, through the inputs ------------------------------------------------------------------------


def _ruleset_values(data: Mapping[str, Any] | RuleSetInput | None) -> dict[str, Any]:
    """A draft's settings from its bound input, or raw values of which only those given count."""
    if isinstance(data, RuleSetInput):
        return data.cleaned()
    return RuleSetInput.from_api(dict(data or {}), partial=True, api=True).cleaned()


def _rule_values(data: Mapping[str, Any] | RuleInput) -> dict[str, Any]:
    """A rule's full set of fields (missing ones take their defaults)."""
    return (data if isinstance(data, RuleInput) else RuleInput.from_api(dict(data))).cleaned()


# --- rule sets ------------------------------------------------------------------------------------------


def ruleset_create_draft(*, actor: Actor, data: Mapping[str, Any] | RuleSetInput | None = None) -> RuleSet:
    """A new draft, copied from the published set (or the latest version), with `data` applied on top."""
    actor.require("engagement.manage")
    cleaned = _ruleset_values(data)
    try:
        with transaction.atomic():
            if RuleSet.objects.filter(status=RuleSetStatus.DRAFT).exists():
                raise draft_exists()
            visible = RuleSet.objects.visible_to(actor)
            source = (
                visible.filter(status=RuleSetStatus.PUBLISHED).first() or visible.order_by("-version").first()
            )
            if source is not None and source.status == RuleSetStatus.PUBLISHED:
                source = lock_visible(RuleSet.objects, actor=actor, pk=source.pk)
                require_action(actor, source, RuleSetAction.NEW_DRAFT)
            values = {name: getattr(source, name) for name in RULESET_FIELDS} if source else {}
            values |= cleaned
            last = RuleSet.objects.aggregate(last=Max("version"))["last"] or 0
            draft = RuleSet.objects.create(version=last + 1, status=RuleSetStatus.DRAFT, **values)
            if source is not None:
                Rule.objects.bulk_create(
                    Rule(ruleset=draft, **{n: getattr(rule, n) for n in COPIED_RULE_FIELDS})
                    for rule in source.rules.order_by("position", "id")
                )
            record_event(
                actor=actor,
                verb="engagement.draft_created",
                target=draft,
                after={"version": draft.version, "copied_from": source.version if source else None} | cleaned,
            )
    except IntegrityError as exc:  # another draft was created at the same moment
        raise draft_exists() from exc
    return draft


def ruleset_update(*, actor: Actor, ruleset: RuleSet, data: Mapping[str, Any] | RuleSetInput) -> RuleSet:
    actor.require("engagement.manage")
    cleaned = _ruleset_values(data)
    with transaction.atomic():
        ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset.pk)
        require_action(actor, ruleset, RuleSetAction.EDIT)
        save_changes(ruleset, cleaned, actor=actor, verb="engagement.draft_updated")
    return ruleset


def ruleset_publish(*, actor: Actor, ruleset: RuleSet) -> RuleSet:
    """Publish a draft; the previously published set is retired in the same transaction."""
    actor.require("engagement.manage")
    try:
        with transaction.atomic():
            ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset.pk)
            require_action(actor, ruleset, RuleSetAction.PUBLISH)
            # "One published set" holds across every row, so the one to retire is looked up unscoped.
            for previous in RuleSet.objects.select_for_update().filter(status=RuleSetStatus.PUBLISHED):
                previous.status = RuleSetStatus.RETIRED
                previous.save(update_fields=["status", "updated_at"])
                record_event(
                    actor=actor,
                    verb="engagement.retired",
                    target=previous,
                    before={"status": RuleSetStatus.PUBLISHED},
                    after={"status": RuleSetStatus.RETIRED, "replaced_by": ruleset.version},
                )
            ruleset.status = RuleSetStatus.PUBLISHED
            ruleset.published_at = timezone.now()
            ruleset.published_by = actor.user
            ruleset.save(update_fields=["status", "published_at", "published_by", "updated_at"])
            record_event(
                actor=actor,
                verb="engagement.published",
                target=ruleset,
                before={"status": RuleSetStatus.DRAFT},
                after={"status": RuleSetStatus.PUBLISHED, "rule_count": ruleset.rules.count()},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Another version was published at the same moment. Reload and try again."),
            code=E.PUBLISH_CONFLICT,
        ) from exc
    return ruleset


# --- rules ----------------------------------------------------------------------------------------------


def _locked_draft(*, actor: Actor, ruleset_pk: int) -> RuleSet:
    ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset_pk)
    require_action(actor, ruleset, RuleSetAction.EDIT)
    return ruleset


def _locked_rule(*, actor: Actor, rule: Rule) -> tuple[RuleSet, Rule]:
    """A rule of a draft, locked with its draft (the draft first, as every change of its rules does)."""
    ruleset = _locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
    return ruleset, lock_visible(Rule.objects, actor=actor, pk=rule.pk)


def rule_create(*, actor: Actor, ruleset: RuleSet, data: Mapping[str, Any] | RuleInput) -> Rule:
    actor.require("engagement.manage")
    cleaned = _rule_values(data)
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=ruleset.pk)
        last = ruleset.rules.aggregate(last=Max("position"))["last"] or 0
        rule = Rule.objects.create(ruleset=ruleset, position=last + 1, **cleaned)
        record_event(
            actor=actor,
            verb="engagement.rule_added",
            target=ruleset,
            after={"position": rule.position} | cleaned,
        )
    return rule


def rule_update(*, actor: Actor, rule: Rule, data: Mapping[str, Any] | RuleInput) -> Rule:
    """Replace a rule's conditions and outcome (every field; missing ones take their defaults)."""
    actor.require("engagement.manage")
    cleaned = _rule_values(data)
    with transaction.atomic():
        ruleset, rule = _locked_rule(actor=actor, rule=rule)
        before, after = apply_changes(rule, cleaned)
        if not after:
            return rule
        rule.save()
        record_event(
            actor=actor,
            verb="engagement.rule_updated",
            target=ruleset,
            before={"position": rule.position} | before,
            after={"position": rule.position} | after,
        )
    return rule


def rule_delete(*, actor: Actor, rule: Rule) -> None:
    actor.require("engagement.manage")
    with transaction.atomic():
        ruleset, rule = _locked_rule(actor=actor, rule=rule)
        gone = {"position": rule.position} | {n: getattr(rule, n) for n in RULE_FIELDS}
        position = rule.position
        rule.delete()
        ruleset.rules.filter(position__gt=position).update(position=F("position") - 1)
        record_event(actor=actor, verb="engagement.rule_deleted", target=ruleset, before=gone)


def rule_move(*, actor: Actor, rule: Rule, offset: int) -> Rule:
    """Move a rule up (-1) or down (+1) in its rule set; at either end nothing happens."""
    actor.require("engagement.manage")
    if offset not in (-1, 1):
        raise ValidationError(
            {
                "offset": ValidationError(
                    _("Move a rule by one place up (-1) or down (1)."), code=E.INVALID_OFFSET
                )
            }
        )
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
        rules = list(
            Rule.objects.visible_to(actor)
            .filter(ruleset=ruleset)
            .select_for_update()
            .order_by("position", "id")
        )
        index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
        target = index + offset
        if not 0 <= target < len(rules):
            return rules[index]
        rules[index], rules[target] = rules[target], rules[index]
        for position, item in enumerate(rules, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position", "updated_at"])
        moved = rules[target]
        record_event(
            actor=actor,
            verb="engagement.rule_moved",
            target=ruleset,
            before={"position": index + 1},
            after={"position": target + 1, "label": moved.label},
        )
    return moved
