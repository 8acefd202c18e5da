from decimal import Decimal
from typing import Any

import pytest

from engagement.evaluate import DealFacts
from engagement.models import Rule, RuleSet


@pytest.fixture
def make_ruleset(db):
    """A rule set written straight to the database (services are tested on their own)."""
    versions = iter(range(1, 1000))

    def _make(*rules: dict, status="published", **fields) -> RuleSet:
        ruleset = RuleSet.objects.create(version=next(versions), status=status, **fields)
        for position, values in enumerate(rules, start=1):
            Rule.objects.create(ruleset=ruleset, position=position, **({"outcome": "review"} | values))
        return RuleSet.objects.prefetch_related("rules").get(pk=ruleset.pk)

    return _make


def facts(**overrides: Any) -> DealFacts:
    base: dict[str, Any] = {
        "partner_tier": "silver",
        "product_eligibilities": frozenset({"both"}),
        "amount": Decimal("12000.00"),
        "currency": "USD",
        "customer_country": "DE",
        "customer_region": "europe",
        "segment": "mid_market",
        "employees": 500,
        "annual_revenue": Decimal("50000000.00"),
        "is_named_account": False,
    }
    return DealFacts(**(base | overrides))


@pytest.fixture
def demo_rules(make_ruleset):
    """The demo's rules: named accounts direct, big enterprise deals and public sector to review."""
    return make_ruleset(
        {"label": "Big enterprise", "segments": ["enterprise"], "min_amount": Decimal("250000.00")},
        {"label": "Public sector", "segments": ["public_sector"]},
        default_protection_days=90,
        tier_protection_days={"gold": 120, "platinum": 150},
    )
