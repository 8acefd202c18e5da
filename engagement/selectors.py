"""Reads for the rules of engagement. Staff see every version; partner users see only the published one
(`partner_filter` on the models)."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from engagement.filters import RuleSetFilterSet
from engagement.models import Rule, RuleSet, RuleSetStatus


def _with_rules(qs: QuerySet[RuleSet]) -> QuerySet[RuleSet]:
    return qs.prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("position", "id")))


def current_ruleset() -> RuleSet | None:
    """The published rule set (with its rules), or None. Public data: no actor needed."""
    return _with_rules(RuleSet.objects.filter(status=RuleSetStatus.PUBLISHED)).first()


def ruleset_list(*, actor: Actor) -> QuerySet[RuleSet]:
    return RuleSet.objects.visible_to(actor).select_related("published_by").order_by("-version")


def ruleset_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RuleSetFilterSet:
    """The versions list's bound FilterSet (`.qs` the versions the actor may see, newest first by default)."""
    return bind_filters(RuleSetFilterSet, data, queryset=ruleset_list(actor=actor), strict=strict)


def ruleset_get(*, actor: Actor, public_id: UUID | str) -> RuleSet:
    return get_visible_or_404(_with_rules(ruleset_list(actor=actor)), public_id=public_id)


def ruleset_draft(*, actor: Actor) -> RuleSet | None:
    return ruleset_list(actor=actor).filter(status=RuleSetStatus.DRAFT).first()


def rule_get(*, actor: Actor, public_id: UUID | str) -> Rule:
    return get_visible_or_404(Rule.objects.visible_to(actor).select_related("ruleset"), public_id=public_id)
