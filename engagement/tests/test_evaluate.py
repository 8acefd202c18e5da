"""Applying the rules: every condition, first match, named accounts, protection, tie-breaks, rendering."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from engagement.evaluate import (
    Competitor,
    DealFacts,
    describe_ruleset,
    evaluate,
    render_reason,
    rule_matches,
    tie_break,
)
from engagement.models import Rule
from engagement.tests.conftest import facts

pytestmark = pytest.mark.django_db

# condition -> (facts that satisfy it, facts that do not)
CONDITIONS = {
    "channel-only product": (
        {"product_eligibility": "channel_only"},
        {"product_eligibilities": frozenset({"channel_only", "both"})},
        {"product_eligibilities": frozenset({"both"})},
    ),
    "direct-only product": (
        {"product_eligibility": "direct_only"},
        {"product_eligibilities": frozenset({"direct_only"})},
        {"product_eligibilities": frozenset({"channel_only"})},
    ),
    "segment": ({"segments": ["enterprise", "public_sector"]}, {"segment": "enterprise"}, {"segment": "smb"}),
    "segment unknown": ({"segments": ["enterprise"]}, {"segment": "enterprise"}, {"segment": None}),
    "segment blank": ({"segments": ["enterprise"]}, {"segment": "enterprise"}, {"segment": ""}),
    "min employees": ({"min_employees": 1000}, {"employees": 1000}, {"employees": 999}),
    "max employees": ({"max_employees": 50}, {"employees": 50}, {"employees": 51}),
    "employees unknown": ({"min_employees": 1}, {"employees": 1}, {"employees": None}),
    "min revenue": (
        {"min_revenue": Decimal("1000000")},
        {"annual_revenue": Decimal("1000000")},
        {"annual_revenue": Decimal("999999.99")},
    ),
    "max revenue": (
        {"max_revenue": Decimal("1000000")},
        {"annual_revenue": Decimal("1000000")},
        {"annual_revenue": None},
    ),
    "country": ({"countries": ["FR", "DE"]}, {"customer_country": "de"}, {"customer_country": "US"}),
    "country unknown": ({"countries": ["DE"]}, {"customer_country": "DE"}, {"customer_country": ""}),
    "region": ({"regions": ["europe"]}, {"customer_region": "europe"}, {"customer_region": "apac"}),
    "region unknown": ({"regions": ["europe"]}, {"customer_region": "europe"}, {"customer_region": ""}),
    "min amount": (
        {"min_amount": Decimal("10000")},
        {"amount": Decimal("10000")},
        {"amount": Decimal("9999.99")},
    ),
    "max amount": (
        {"max_amount": Decimal("10000")},
        {"amount": Decimal("10000")},
        {"amount": Decimal("10000.01")},
    ),
    "amount currency": (
        {"min_amount": Decimal("1"), "currency": "EUR"},
        {"currency": "EUR"},
        {"currency": "USD"},
    ),
}


@pytest.mark.parametrize("name", CONDITIONS)
def test_each_condition_matches_and_does_not(name):
    rule_fields, good, bad = CONDITIONS[name]
    rule = Rule(position=1, outcome="review", **rule_fields)
    assert rule_matches(rule, facts(**good)), name
    assert not rule_matches(rule, facts(**bad)), name


def test_a_rule_without_conditions_matches_everything():
    assert rule_matches(Rule(position=1, outcome="channel"), facts(segment=None, employees=None))


def test_all_conditions_must_hold(make_ruleset):
    ruleset = make_ruleset(
        {"segments": ["enterprise"], "regions": ["europe"], "min_amount": Decimal("100000")}
    )
    assert evaluate(facts(segment="enterprise", amount=Decimal("100000")), ruleset).outcome == "review"
    assert evaluate(facts(segment="enterprise", amount=Decimal("99999")), ruleset).outcome == "channel"
    assert evaluate(
        facts(segment="enterprise", customer_region="apac", amount=Decimal("1e6")), ruleset
    ).outcome == ("channel")


def test_first_matching_rule_wins(make_ruleset):
    ruleset = make_ruleset(
        {"label": "direct big", "min_amount": Decimal("1000000"), "outcome": "direct"},
        {"label": "review enterprise", "segments": ["enterprise"], "outcome": "review"},
        {"label": "everything else", "outcome": "channel", "protection_days": 30},
    )
    big = evaluate(facts(segment="enterprise", amount=Decimal("2000000")), ruleset)
    assert (big.outcome, big.rule.label) == ("direct", "direct big")
    enterprise = evaluate(facts(segment="enterprise"), ruleset)
    assert (enterprise.outcome, enterprise.rule.label) == ("review", "review enterprise")
    other = evaluate(facts(), ruleset)
    assert (other.outcome, other.rule.label, other.protection_days) == ("channel", "everything else", 30)
    assert ("protection_rule", {"days": 30}) in other.reasons


def test_no_rule_matched_is_channel_with_default_protection(demo_rules):
    decision = evaluate(facts(partner_tier="silver"), demo_rules)
    assert decision.outcome == "channel" and decision.rule is None
    assert decision.protection_days == 90
    assert ("no_rule_matched", {}) in decision.reasons


def test_reasons_name_the_conditions(demo_rules):
    decision = evaluate(facts(segment="enterprise", amount=Decimal("300000.00")), demo_rules)
    assert decision.outcome == "review" and decision.rule.label == "Big enterprise"
    codes = [code for code, _params in decision.reasons]
    assert codes == ["rule_matched", "segment", "amount_min", "protection_default"]
    texts = [render_reason(code, params) for code, params in decision.reasons]
    assert "Customer segment is Enterprise" in texts
    assert "Deal amount 300,000.00 USD is at least 250,000.00 USD" in texts


def test_without_a_rate_the_amount_limits_do_not_apply_and_say_so(make_ruleset):
    ruleset = make_ruleset({"min_amount": Decimal("1000"), "currency": "EUR", "outcome": "direct"})
    decision = evaluate(facts(amount=Decimal("5000"), currency="USD"), ruleset)
    assert decision.outcome == "channel"
    assert (
        "amount_no_rate",
        {"position": 1, "rule_currency": "EUR", "deal_currency": "USD"},
    ) in decision.reasons
    text = render_reason(*decision.reasons[0])
    assert "no exchange rate from USD to EUR" in text and "does not apply" in text


def test_a_deal_in_another_currency_is_converted_at_the_rate_of_the_day(make_ruleset):
    from ledger.models import ExchangeRate

    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=date(2026, 1, 1), rate=Decimal("1.25")
    )
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=date(2026, 6, 1), rate=Decimal("2.00")
    )
    ruleset = make_ruleset({"min_amount": Decimal("1000"), "currency": "EUR", "outcome": "direct"})
    # 1,000 USD is 800 EUR at 1.25 (in March) and 500 EUR at 2.00 (in July): the day of the check decides.
    march = evaluate(facts(amount=Decimal("1250"), currency="USD"), ruleset, day=date(2026, 3, 1))
    assert march.outcome == "direct"
    converted = (
        "amount_min_converted",
        {
            "amount": "1000.00",
            "min": "1000.00",
            "currency": "EUR",
            "deal_amount": "1250.00",
            "deal_currency": "USD",
            "day": "2026-03-01",
        },
    )
    assert converted in march.reasons
    assert render_reason(*converted) == (
        "Deal amount 1,250.00 USD is 1,000.00 EUR at the exchange rate of March 1, 2026, "
        "at least 1,000.00 EUR"
    )
    july = evaluate(facts(amount=Decimal("1250"), currency="USD"), ruleset, day=date(2026, 7, 1))
    assert july.outcome == "channel" and not any(code == "amount_no_rate" for code, _p in july.reasons)
    # Before any rate there is none to convert with.
    december = evaluate(facts(amount=Decimal("1250"), currency="USD"), ruleset, day=date(2025, 12, 1))
    assert december.outcome == "channel" and december.reasons[0][0] == "amount_no_rate"
    # A deal in the rule's currency compares as before.
    assert evaluate(facts(amount=Decimal("1250"), currency="EUR"), ruleset).outcome == "direct"


def test_the_rules_say_how_other_currencies_compare(make_ruleset):
    ruleset = make_ruleset({"min_amount": Decimal("1000"), "currency": "EUR", "outcome": "direct"})
    assert any("exchange rate of the day" in sentence for sentence in describe_ruleset(ruleset))


def test_rules_without_amounts_say_nothing_of_rates(make_ruleset):
    ruleset = make_ruleset({"segments": ["enterprise"], "outcome": "review"})
    assert not any("exchange rate" in sentence for sentence in describe_ruleset(ruleset))


def test_named_account_goes_direct_whatever_the_rules(make_ruleset):
    ruleset = make_ruleset({"outcome": "channel"})
    decision = evaluate(facts(is_named_account=True), ruleset)
    assert decision.outcome == "direct" and decision.rule is None
    assert decision.reasons == [("named_account", {})]
    assert render_reason("named_account", {}) == "Named account reserved for direct sales"
    ruleset.named_accounts_direct = False
    assert evaluate(facts(is_named_account=True), ruleset).outcome == "channel"


def test_protection_by_tier(demo_rules):
    assert evaluate(facts(partner_tier="gold"), demo_rules).protection_days == 120
    assert evaluate(facts(partner_tier="platinum"), demo_rules).protection_days == 150
    assert evaluate(facts(partner_tier="registered"), demo_rules).protection_days == 90
    decision = evaluate(facts(partner_tier="gold"), demo_rules)
    assert ("protection_tier", {"days": 120, "tier": "gold"}) in decision.reasons


def test_rule_override_beats_tier(make_ruleset):
    ruleset = make_ruleset({"outcome": "channel", "protection_days": 45}, tier_protection_days={"gold": 120})
    assert evaluate(facts(partner_tier="gold"), ruleset).protection_days == 45


def test_without_a_published_set_the_channel_sells_with_the_setting(settings, make_ruleset):
    settings.DEAL_PROTECTION_DAYS = 77
    make_ruleset({"outcome": "direct"}, status="draft")
    decision = evaluate(facts())
    assert (decision.outcome, decision.ruleset, decision.protection_days) == ("channel", None, 77)
    assert decision.reasons[0] == ("no_ruleset", {})


def test_evaluate_uses_the_published_set_by_default(make_ruleset):
    make_ruleset({"outcome": "direct"}, status="retired")
    published = make_ruleset({"outcome": "review"})
    decision = evaluate(facts())
    assert decision.ruleset == published and decision.outcome == "review"


NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "a", "b", "winner", "code"),
    [
        ("first_registered", (0, "registered"), (1, "platinum"), "a", "tie_first_registered"),
        ("first_registered", (5, "gold"), (1, "silver"), "b", "tie_first_registered"),
        ("first_registered", (1, "gold"), (1, "silver"), None, "tie_same_moment"),
        ("higher_tier", (0, "registered"), (1, "platinum"), "b", "tie_higher_tier"),
        ("higher_tier", (0, "gold"), (1, "silver"), "a", "tie_higher_tier"),
        ("higher_tier", (3, "gold"), (1, "gold"), "b", "tie_same_tier_first_registered"),
        ("cam_decides", (0, "gold"), (1, "silver"), None, "tie_cam_decides"),
    ],
)
def test_tie_break(make_ruleset, rule, a, b, winner, code):
    ruleset = make_ruleset(tie_breaker=rule)
    first = Competitor(submitted_at=NOW + timedelta(minutes=a[0]), partner_tier=a[1])
    second = Competitor(submitted_at=NOW + timedelta(minutes=b[0]), partner_tier=b[1])
    result = tie_break(ruleset, first, second)
    assert (result.winner, result.code) == (winner, code)
    assert render_reason(result.code, result.params) != result.code


def test_tie_break_without_rules_is_first_registered():
    a = Competitor(NOW, "registered")
    b = Competitor(NOW + timedelta(seconds=1), "platinum")
    assert tie_break(None, a, b).winner == "a"


def test_describe_ruleset_in_english(make_ruleset):
    ruleset = make_ruleset(
        {"segments": ["enterprise"], "regions": ["europe"], "min_amount": Decimal("100000")},
        {"product_eligibility": "direct_only", "outcome": "direct"},
        {"countries": ["DE", "FR"], "max_employees": 50, "outcome": "channel", "protection_days": 60},
        tier_protection_days={"gold": 120},
    )
    sentences = describe_ruleset(ruleset)
    assert sentences[0] == (
        "Customers that are named accounts of our direct sales team are reserved for direct sales."
    )
    assert (
        "Deals of 100,000.00 USD or more for Enterprise customers in Europe need review by the channel team."
        in (sentences)
    )
    assert "Deals that include a direct-only product are reserved for direct sales." in sentences
    assert (
        "Deals for customers with at most 50 employees in Germany or France belong to the channel and are "
        "protected for 60 days." in sentences
    )
    assert "Any other deal belongs to the channel." in sentences
    assert "Gold partners are protected for 120 days." in sentences
    assert "Everyone else is protected for 90 days." in sentences
    assert sentences[-1] == "When two partners register the same customer, the first to submit wins."


def test_describe_minimal_ruleset(make_ruleset):
    ruleset = make_ruleset(named_accounts_direct=False, tie_breaker="cam_decides", default_protection_days=1)
    assert describe_ruleset(ruleset) == [
        "Every deal belongs to the channel.",
        "Approved registrations are protected for 1 day.",
        "When two partners register the same customer, the channel account manager decides.",
    ]


ALL_CODES = [
    ("named_account", {}),
    ("no_ruleset", {}),
    ("no_rule_matched", {}),
    ("rule_matched", {"position": 2, "label": "Big"}),
    ("rule_matched", {"position": 2, "label": ""}),
    ("product_channel_only", {}),
    ("product_direct_only", {}),
    ("segment", {"segment": "enterprise"}),
    ("employees_min", {"employees": 10, "min": 5}),
    ("employees_max", {"employees": 10, "max": 50}),
    ("revenue_min", {"revenue": "10.00", "min": "5.00"}),
    ("revenue_max", {"revenue": "10.00", "max": "50.00"}),
    ("country", {"country": "DE"}),
    ("region", {"region": "europe"}),
    ("amount_min", {"amount": "12000.00", "currency": "USD", "min": "10000.00"}),
    ("amount_max", {"amount": "12000.00", "currency": "USD", "max": "20000.00"}),
    ("currency_mismatch", {"position": 1, "rule_currency": "EUR", "deal_currency": "USD"}),
    ("amount_no_rate", {"position": 1, "rule_currency": "EUR", "deal_currency": "USD"}),
    (
        "amount_min_converted",
        {
            "amount": "1000.00",
            "currency": "EUR",
            "min": "900.00",
            "deal_amount": "1250.00",
            "deal_currency": "USD",
            "day": "2026-03-01",
        },
    ),
    (
        "amount_max_converted",
        {
            "amount": "1000.00",
            "currency": "EUR",
            "max": "2000.00",
            "deal_amount": "1250.00",
            "deal_currency": "USD",
            "day": "2026-03-01",
        },
    ),
    ("protection_rule", {"days": 30}),
    ("protection_tier", {"days": 120, "tier": "gold"}),
    ("protection_default", {"days": 1}),
    ("tie_first_registered", {}),
    ("tie_higher_tier", {"winner_tier": "gold", "loser_tier": "silver"}),
    ("tie_same_tier_first_registered", {}),
    ("tie_cam_decides", {}),
    ("tie_same_moment", {}),
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_reason_renders(language):
    with translation.override(language):
        for code, params in ALL_CODES:
            text = render_reason(code, params)
            assert text and text != code, code
    assert (
        render_reason("amount_min", ALL_CODES[14][1]) == "Deal amount 12,000.00 USD is at least 10,000.00 USD"
    )
    assert render_reason("no_rule_matched", {}) == "No rule singles this deal out, so the channel sells it"
    assert render_reason("product_direct_only", {}) == "Contains a direct-only product"
    assert render_reason("unknown_code", {}) == "unknown_code"


def test_describe_in_russian_does_not_crash(demo_rules, make_ruleset):
    every = make_ruleset(
        {
            "segments": ["enterprise", "smb"],
            "regions": ["europe", "cis"],
            "countries": ["RU"],
            "min_employees": 1,
            "max_employees": 5,
            "min_revenue": Decimal("1"),
            "max_revenue": Decimal("2"),
            "min_amount": Decimal("1"),
            "max_amount": Decimal("2"),
            "product_eligibility": "channel_only",
            "protection_days": 21,
        },
        {"outcome": "direct"},
        status="draft",
        tie_breaker="higher_tier",
    )
    with translation.override("ru"):
        for ruleset in (demo_rules, every):
            sentences = describe_ruleset(ruleset)
            assert len(sentences) >= 4 and all(isinstance(s, str) and s for s in sentences)
        assert evaluate(DealFacts(partner_tier="gold"), demo_rules).outcome == "channel"
