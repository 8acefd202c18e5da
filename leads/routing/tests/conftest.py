from typing import Any

import pytest

from leads.models import Lead, RoutingRule, RoutingRuleSet


@pytest.fixture
def make_ruleset(db):
    """A rule set written straight to the database (its services are tested on their own)."""
    versions = iter(range(1, 1000))

    def _make(*rules: dict, status: str = "published", **fields: Any) -> RoutingRuleSet:
        ruleset = RoutingRuleSet.objects.create(version=next(versions), status=status, **fields)
        for position, values in enumerate(rules, start=1):
            RoutingRule.objects.create(
                ruleset=ruleset, position=position, **({"name": f"Rule {position}"} | values)
            )
        return ruleset

    return _make


@pytest.fixture
def make_lead(db):
    def _make(**fields: Any) -> Lead:
        values = {"company_name": "Acme", "region": "europe", "country": "DE", "vertical": "retail"}
        return Lead.objects.create(**(values | fields))

    return _make


@pytest.fixture
def ops(world):
    return world.actor(world.ops)


@pytest.fixture
def cam(world):
    return world.actor(world.cam)
