"""Reads for the rules of engagement. Staff see every version; partner users see only the published one
(`partner_filter` on the models)."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from competition.selectors import has_disclosed
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from engagement.errors import EngagementErrorCode
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


def disclosure_refusal(partner_id: int, ruleset: RuleSet | None = None) -> ValidationError | None:
    """Why the partner may not submit a registration under the rules in force (or `ruleset`): they ask for
    its competing products first and no admin of it has confirmed them (competition app). None: it may."""
    if ruleset is None:
        ruleset = current_ruleset()
    if ruleset is None or not ruleset.disclosure_required or has_disclosed(partner_id):
        return None
    return ValidationError(
        _(
            "The rules of engagement ask every partner to declare the competing products it sells before "
            "registering a deal, and your company has not confirmed its list yet. A partner admin confirms "
            "it on the company profile (Competing products)."
        ),
        code=EngagementErrorCode.NOT_DISCLOSED,
    )
