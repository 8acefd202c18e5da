"""Test helpers for the rules of engagement: a partner must accept the rules in force before it submits a
registration, so tests that publish rules and then submit have the partners accept them first."""

from __future__ import annotations

from typing import Any

from engagement.models import RuleSetAcceptance
from engagement.selectors import ruleset_for_partner


def accept_rules_in_force(*partners: Any) -> list[RuleSetAcceptance]:
    """Each partner has accepted the rules of engagement in force for it (none published: nothing to do)."""
    accepted = []
    for partner in partners:
        ruleset = ruleset_for_partner(partner)
        if ruleset is not None:
            row, _created = RuleSetAcceptance.objects.get_or_create(ruleset=ruleset, partner=partner)
            accepted.append(row)
    return accepted


def world_accepts(world: Any) -> list[RuleSetAcceptance]:
    """Every partner of the test world accepts the rules in force for it."""
    return accept_rules_in_force(world.partner_a, world.partner_b, world.distributor, world.reseller)
