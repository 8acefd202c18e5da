"""Simulation: "route these leads with the draft rules" — the engine of real routing (`Router`), run in
memory on leads chosen by the channel team, writing nothing. It shows the distribution per partner and why
leads would stay unrouted, before the rules are published."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.actor import Actor
from leads.models import Destination, Lead, RoutingRuleSet
from leads.models.lead import OPEN_STATUSES
from leads.routing.engine import Router, lead_facts
from leads.routing.explain import render_text
from leads.routing.inputs import Selection


@dataclass
class PartnerShare:
    partner_id: int
    name: str
    count: int = 0
    share: float = 0.0
    sample: list[dict[str, Any]] = field(default_factory=list)  # one explanation, rendered when shown

    @property
    def sample_text(self) -> str:
        return render_text(self.sample)


@dataclass
class SimulationResult:
    ruleset: RoutingRuleSet
    total: int = 0
    partners: list[PartnerShare] = field(default_factory=list)
    direct: int = 0
    unrouted: int = 0
    # each distinct explanation of an unrouted lead, with how many leads it holds for
    unrouted_reasons: list[tuple[list[dict[str, Any]], int]] = field(default_factory=list)

    @property
    def routed(self) -> int:
        return self.total - self.direct - self.unrouted

    def reasons_text(self) -> list[tuple[str, int]]:
        return [(render_text(explanation), count) for explanation, count in self.unrouted_reasons]


def simulation_leads(*, actor: Actor, selection: str, days: int, limit: int) -> QuerySet[Lead]:
    """The leads a simulation routes: the latest ones, those no rule could route, or the new ones of the last
    `days` — open leads only, newest first, at most `limit`."""
    qs = Lead.objects.visible_to(actor).filter(status__in=OPEN_STATUSES)
    if selection == Selection.UNROUTED:
        qs = qs.filter(destination=Destination.UNROUTED)
    elif selection == Selection.NEW:
        qs = qs.filter(created_at__gte=timezone.now() - timedelta(days=days), status="new")
    return qs.order_by("-created_at", "-id")[:limit]


def simulate(
    *, actor: Actor, ruleset: RoutingRuleSet, leads: QuerySet[Lead] | list[Lead]
) -> SimulationResult:
    """Route `leads` with `ruleset` in memory, as if one after another now; nothing is written."""
    actor.require("leads.view")
    leads = list(leads)
    router = Router(ruleset)
    decisions = router.route(lead_facts(leads, with_products=any(rule.products for rule in router.rules)))
    result = SimulationResult(ruleset=ruleset, total=len(decisions))
    shares: dict[int, PartnerShare] = {}
    reasons: Counter[str] = Counter()
    explanations: dict[str, list[dict[str, Any]]] = {}
    for decision in decisions:
        if decision.destination == Destination.DIRECT:
            result.direct += 1
        elif decision.partner is not None:
            share = shares.get(decision.partner.pk)
            if share is None:
                share = shares[decision.partner.pk] = PartnerShare(
                    decision.partner.pk, decision.partner.name, sample=decision.explanation
                )
            share.count += 1
        else:
            result.unrouted += 1
            key = repr(decision.explanation)
            reasons[key] += 1
            explanations[key] = decision.explanation
    for share in shares.values():
        share.share = share.count / result.total if result.total else 0.0
    result.partners = sorted(shares.values(), key=lambda s: (-s.count, s.name))
    result.unrouted_reasons = [(explanations[key], count) for key, count in reasons.most_common()]
    return result
