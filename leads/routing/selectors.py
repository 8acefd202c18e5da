"""Reads of lead distribution: the routing rules' versions (staff only: partners learn why they got a lead
from its explanation), a lead's offers as its reader may see them, and the simulation's leads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from core.actor import Actor
from core.listing import bind_filters
from core.models import Event
from core.scoping import get_visible_or_404
from leads.models import Lead, LeadAssignment, RoutingRule, RoutingRuleSet, RoutingStatus
from leads.routing.explain import render_text
from leads.routing.filters import RoutingRuleSetFilterSet


def _require_reader(actor: Actor) -> None:
    if not actor.is_staff or not actor.can("leads.view"):
        raise PermissionDenied


def _with_rules(qs: QuerySet[RoutingRuleSet]) -> QuerySet[RoutingRuleSet]:
    return qs.prefetch_related(Prefetch("rules", queryset=RoutingRule.objects.order_by("position", "id")))


def ruleset_list(*, actor: Actor, status: str = "") -> QuerySet[RoutingRuleSet]:
    _require_reader(actor)
    qs = RoutingRuleSet.objects.visible_to(actor).select_related("published_by").order_by("-version")
    return qs.filter(status=status) if status else qs


def ruleset_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RoutingRuleSetFilterSet:
    """The versions list's bound FilterSet (`.qs`: the versions, newest first by default)."""
    return bind_filters(RoutingRuleSetFilterSet, data, queryset=ruleset_list(actor=actor), strict=strict)


def ruleset_get(*, actor: Actor, public_id: UUID | str) -> RoutingRuleSet:
    return get_visible_or_404(_with_rules(ruleset_list(actor=actor)), public_id=public_id)


def ruleset_draft(*, actor: Actor) -> RoutingRuleSet | None:
    return ruleset_list(actor=actor).filter(status=RoutingStatus.DRAFT).first()


def ruleset_for_simulation(*, actor: Actor, public_id: UUID | str | None = None) -> RoutingRuleSet | None:
    """The version a simulation uses: the one named, else the draft, else the published one."""
    if public_id:
        return ruleset_get(actor=actor, public_id=public_id)
    versions = _with_rules(ruleset_list(actor=actor))
    return (
        versions.filter(status=RoutingStatus.DRAFT).first()
        or versions.filter(status=RoutingStatus.PUBLISHED).first()
    )


def rule_get(*, actor: Actor, public_id: UUID | str) -> RoutingRule:
    _require_reader(actor)
    return get_visible_or_404(
        RoutingRule.objects.visible_to(actor).select_related("ruleset"), public_id=public_id
    )


def lead_offers(*, actor: Actor, lead: Lead) -> QuerySet[LeadAssignment]:
    """The offers of `lead` the actor may read: staff every one, a partner only its own."""
    return (
        LeadAssignment.objects.visible_to(actor)
        .filter(lead=lead)
        .select_related("partner", "assigned_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def offer_get(*, actor: Actor, lead_public_id: UUID | str) -> Lead:
    """A lead the actor reads, by its public id (out of scope: 404)."""
    return get_visible_or_404(
        Lead.objects.visible_to(actor).select_related("partner"), public_id=lead_public_id
    )


def unrouted_reason(*, actor: Actor, lead: Lead) -> str:
    """Why the lead's last routing found nobody, in the reader's language (staff only; "" otherwise)."""
    if not actor.is_staff:
        return ""
    event = (
        Event.objects.visible_to(actor)
        .filter(target_type=ContentType.objects.get_for_model(Lead), target_id=lead.pk, verb="lead.unrouted")
        .order_by("-occurred_at", "-id")
        .first()
    )
    return render_text(event.after.get("explanation")) if event else ""


def explanation_of(assignment: LeadAssignment) -> str:
    return render_text(assignment.explanation)


def rule_products(rules: list[RoutingRule]) -> dict[int, str]:
    """The names of the products the rules name (one query)."""
    from catalog.models import Product

    wanted = {int(p) for rule in rules for p in rule.lead_products or []}
    return dict(Product.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}


def assignable_partners(*, actor: Actor) -> QuerySet:
    """The partners a lead may be assigned to by hand: routable ones (the service refuses the rest with its
    reason), by name."""
    from leads.routing.engine import ROUTABLE_STATUSES
    from partners.models import Partner

    if not actor.is_staff:
        return Partner.objects.none()
    return (
        Partner.objects.visible_to(actor)
        .filter(status__in=ROUTABLE_STATUSES)
        .only("id", "public_id", "name")
        .order_by("name")
    )
