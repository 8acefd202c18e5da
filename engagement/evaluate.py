"""Applying the rules of engagement to a deal's facts, and saying so in the reader's language.

Nothing here writes. `evaluate` returns an `EngagementDecision` whose reasons are `(code, params)` pairs with
JSON-safe params (amounts as decimal strings), so they can be stored and rendered later in any language with
`render_reason`. `describe_ruleset` renders a whole rule set as sentences a partner can read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries as country_names

from engagement.choices import Segment
from engagement.models import Outcome, ProductCondition, Rule, RuleSet, TieBreaker
from ledger.rates import RateMissing, RateTable
from partners.choices import Region, Tier

Reason = tuple[str, dict[str, Any]]

TIER_RANK = {tier: rank for rank, tier in enumerate(Tier.values)}  # registered < silver < gold < platinum


@dataclass(frozen=True)
class DealFacts:
    partner_tier: str
    product_eligibilities: frozenset[str] = frozenset()
    amount: Decimal = Decimal("0.00")
    currency: str = "USD"
    customer_country: str = ""  # ISO 3166-1 alpha-2, "" when unknown
    customer_region: str = ""  # partners.choices.Region value, "" when unknown
    segment: str | None = ""  # engagement.choices.Segment value, "" or None when unknown
    employees: int | None = None
    annual_revenue: Decimal | None = None  # USD
    is_named_account: bool = False
    # What the partner declares it also sells that competes with the deal's products ("Trek Madone"), as the
    # competing vendors list says (competition.selectors.competitive_lines); empty: not a competitive deal.
    competing_lines: tuple[str, ...] = ()
    # The protection the partner's program tier gives (`programs.selectors.tier_benefits`), None: not set.
    benefit_protection_days: int | None = None


@dataclass(frozen=True)
class EngagementDecision:
    outcome: str  # Outcome value: channel / direct / review
    rule: Rule | None
    ruleset: RuleSet | None
    protection_days: int
    reasons: list[Reason] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    def rendered_reasons(self) -> list[str]:
        return [render_reason(code, params) for code, params in self.reasons]


# --- evaluation -----------------------------------------------------------------------------------------


def _dec(value) -> str:
    return f"{Decimal(value):.2f}"


def _limit(
    code: str, name: str, value: Any, limit: Any, *, lower: bool, show=lambda v: v, **also
) -> Reason | None:
    """A lower (or upper) limit the deal's `value` must meet: the reason when it does, None when it does not
    (an unknown value meets no limit)."""
    if value is None or (value < limit if lower else value > limit):
        return None
    return code, {name: show(value), "min" if lower else "max": show(limit)} | also


def _condition_reasons(rule: Rule, facts: DealFacts) -> Iterator[Reason | None]:
    """Each condition the rule sets, except the amount's: its reason when the deal meets it, else None."""
    if rule.product_eligibility != ProductCondition.ANY:
        holds = rule.product_eligibility in facts.product_eligibilities
        yield (f"product_{rule.product_eligibility}", {}) if holds else None
    if rule.segments:
        yield ("segment", {"segment": facts.segment}) if facts.segment in rule.segments else None
    employee_limits: tuple[tuple[bool, str, int | None], ...] = (
        (True, "employees_min", rule.min_employees),
        (False, "employees_max", rule.max_employees),
    )
    for lower, code, employees in employee_limits:
        if employees is not None:
            yield _limit(code, "employees", facts.employees, employees, lower=lower)
    revenue_limits: tuple[tuple[bool, str, Decimal | None], ...] = (
        (True, "revenue_min", rule.min_revenue),
        (False, "revenue_max", rule.max_revenue),
    )
    for lower, code, limit in revenue_limits:
        if limit is not None:
            yield _limit(code, "revenue", facts.annual_revenue, limit, lower=lower, show=_dec)
    if rule.countries:
        country = (facts.customer_country or "").upper()
        yield ("country", {"country": country}) if country in rule.countries else None
    if rule.regions:
        region = facts.customer_region
        yield ("region", {"region": region}) if region and region in rule.regions else None


class DayRates:
    """The exchange rates in force on the day of the check, read once per evaluation and only when a rule
    compares amounts in another currency than the deal's (`ledger.rates.RateTable`)."""

    def __init__(self, day: date | None = None) -> None:
        self.day = day or timezone.localdate()
        self._table: RateTable | None = None

    def convert(self, amount: Decimal, currency: str, target: str) -> Decimal | None:
        """`amount` in `target`, or None when no rate (direct, inverse or cross) converts it."""
        if self._table is None:
            self._table = RateTable(self.day)
        try:
            return self._table.convert(amount, currency, target)
        except RateMissing:
            return None


def _amount_conditions(
    rule: Rule, facts: DealFacts, rates: DayRates
) -> tuple[list[Reason | None], Reason | None]:
    """The amount limits in the rule's currency: the deal's amount as it is, or converted at the day's rate
    (the reasons then say from what and at which day's rate). Without a rate the limits do not hold, and the
    second value says why."""
    amount, also = facts.amount, {}
    if facts.currency != rule.currency:
        converted = rates.convert(facts.amount, facts.currency, rule.currency)
        if converted is None:
            missing = (
                "amount_no_rate",
                {"position": rule.position, "rule_currency": rule.currency, "deal_currency": facts.currency},
            )
            return [None], missing
        amount = converted
        also = {
            "deal_amount": _dec(facts.amount),
            "deal_currency": facts.currency,
            "day": rates.day.isoformat(),
        }
    results: list[Reason | None] = []
    for lower, code, limit in ((True, "amount_min", rule.min_amount), (False, "amount_max", rule.max_amount)):
        if limit is not None:
            results.append(
                _limit(
                    f"{code}_converted" if also else code,
                    "amount",
                    amount,
                    limit,
                    lower=lower,
                    show=_dec,
                    currency=rule.currency,
                    **also,
                )
            )
    return results, None


def _rule_check(
    rule: Rule, facts: DealFacts, rates: DayRates | None = None
) -> tuple[bool, list[Reason], Reason | None]:
    """(matches, the reasons of the conditions that hold, a missing-rate reason if that is why not)."""
    results = list(_condition_reasons(rule, facts))
    missing = None
    if rule.has_amount:
        amounts, missing = _amount_conditions(rule, facts, rates or DayRates())
        results += amounts
    reasons = [reason for reason in results if reason is not None]
    return len(reasons) == len(results), reasons, missing


def rule_matches(rule: Rule, facts: DealFacts) -> bool:
    return _rule_check(rule, facts)[0]


def _protection(ruleset: RuleSet, rule: Rule | None, facts: DealFacts) -> tuple[int, Reason]:
    """The protection of an approved registration: the matching rule's own, else the partner's program tier
    benefit, else the rule set's per tier, else its default."""
    tier = facts.partner_tier
    if rule is not None and rule.protection_days:
        return rule.protection_days, ("protection_rule", {"days": rule.protection_days})
    if facts.benefit_protection_days:
        days = facts.benefit_protection_days
        return days, ("protection_benefit", {"days": days, "tier": tier})
    tier_days = (ruleset.tier_protection_days or {}).get(tier)
    if tier_days:
        return int(tier_days), ("protection_tier", {"days": int(tier_days), "tier": tier})
    return ruleset.default_protection_days, ("protection_default", {"days": ruleset.default_protection_days})


def _competitive(ruleset: RuleSet, facts: DealFacts, days: int, why: Reason) -> tuple[int, Reason]:
    """A competitive deal's protection: at most the rule set's `competitive_protection_days` (0: none), the
    reason naming what the partner also sells. Any other deal, or a limit above its period, keeps both."""
    limit = ruleset.competitive_protection_days
    if limit is None or not facts.competing_lines or days <= limit:
        return days, why
    lines = ", ".join(facts.competing_lines)
    if limit == 0:
        return 0, ("competitive_no_protection", {"lines": lines})
    return limit, ("competitive_protection", {"days": limit, "lines": lines})


def evaluate(
    facts: DealFacts, ruleset: RuleSet | None = None, *, day: date | None = None
) -> EngagementDecision:
    """Decide channel / direct / review for a deal. Without a ruleset the default program's published one
    applies (a registration is judged by `engagement.selectors.ruleset_for_partner`'s); when nothing is
    published the channel sells it with the tier's protection or `settings.DEAL_PROTECTION_DAYS`. A rule's
    amount limits compare the deal's amount converted into the rule's currency at the rates of `day` (the
    day of the check: today)."""
    if ruleset is None:
        from engagement.selectors import current_ruleset

        ruleset = current_ruleset()
    if ruleset is None:
        days = settings.DEAL_PROTECTION_DAYS
        why: Reason = ("protection_default", {"days": days})
        if facts.benefit_protection_days:
            days = facts.benefit_protection_days
            why = ("protection_benefit", {"days": days, "tier": facts.partner_tier})
        return EngagementDecision(
            outcome=Outcome.CHANNEL,
            rule=None,
            ruleset=None,
            protection_days=days,
            reasons=[("no_ruleset", {}), why],
        )
    if facts.is_named_account and ruleset.named_accounts_direct:
        days, _reason = _protection(ruleset, None, facts)
        return EngagementDecision(
            outcome=Outcome.DIRECT,
            rule=None,
            ruleset=ruleset,
            protection_days=days,
            reasons=[("named_account", {})],
        )
    reasons: list[Reason] = []
    rates = DayRates(day)
    for rule in ruleset.rules.all():  # ordered by position
        ok, held, mismatch = _rule_check(rule, facts, rates)
        if mismatch is not None:
            reasons.append(mismatch)
        if ok:
            reasons.append(("rule_matched", {"position": rule.position, "label": rule.label}))
            reasons.extend(held)
            days, why = _protection(ruleset, rule, facts)
            if rule.outcome != Outcome.DIRECT:
                days, why = _competitive(ruleset, facts, days, why)
                reasons.append(why)
            return EngagementDecision(
                outcome=rule.outcome, rule=rule, ruleset=ruleset, protection_days=days, reasons=reasons
            )
    days, why = _competitive(ruleset, facts, *_protection(ruleset, None, facts))
    reasons += [("no_rule_matched", {}), why]
    return EngagementDecision(
        outcome=Outcome.CHANNEL, rule=None, ruleset=ruleset, protection_days=days, reasons=reasons
    )


# --- tie-breaks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Competitor:
    submitted_at: datetime
    partner_tier: str


@dataclass(frozen=True)
class TieBreak:
    winner: str | None  # "a", "b", or None: the CAM decides
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def _first(a: Competitor, b: Competitor, code: str) -> TieBreak:
    if a.submitted_at == b.submitted_at:
        return TieBreak(None, "tie_same_moment")
    return TieBreak("a" if a.submitted_at < b.submitted_at else "b", code)


def tie_break(ruleset: RuleSet | None, a: Competitor, b: Competitor) -> TieBreak:
    """Which of two competing registrations for the same customer wins, by the rule set's tie-breaker
    (first to submit when nothing is published). Identical submission moments go to the CAM."""
    rule = ruleset.tie_breaker if ruleset is not None else TieBreaker.FIRST_REGISTERED
    if rule == TieBreaker.CAM_DECIDES:
        return TieBreak(None, "tie_cam_decides")
    if rule == TieBreaker.HIGHER_TIER:
        rank_a, rank_b = TIER_RANK.get(a.partner_tier, -1), TIER_RANK.get(b.partner_tier, -1)
        if rank_a != rank_b:
            winner, loser = (a, b) if rank_a > rank_b else (b, a)
            return TieBreak(
                "a" if winner is a else "b",
                "tie_higher_tier",
                {"winner_tier": winner.partner_tier, "loser_tier": loser.partner_tier},
            )
        return _first(a, b, "tie_same_tier_first_registered")
    return _first(a, b, "tie_first_registered")


# --- rendering ------------------------------------------------------------------------------------------


def _money(amount, currency: str) -> str:
    return f"{Decimal(amount):,.2f} {currency}"


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value))


def _country(code: str) -> str:
    return str(country_names.name(code) or code)


# What each reason says; its params are shown to the reader by `_shown` (labels, countries, money).
REASON_TEXTS = {
    "named_account": gettext_lazy("Named account reserved for direct sales"),
    "no_ruleset": gettext_lazy("No rules of engagement are published: the channel sells it"),
    "no_rule_matched": gettext_lazy("No rule singles this deal out, so the channel sells it"),
    "product_channel_only": gettext_lazy("Contains a channel-only product"),
    "product_direct_only": gettext_lazy("Contains a direct-only product"),
    "segment": gettext_lazy("Customer segment is %(segment)s"),
    "employees_min": gettext_lazy("The customer has %(employees)s employees, at least %(min)s"),
    "employees_max": gettext_lazy("The customer has %(employees)s employees, at most %(max)s"),
    "revenue_min": gettext_lazy("Annual revenue %(revenue)s is at least %(min)s"),
    "revenue_max": gettext_lazy("Annual revenue %(revenue)s is at most %(max)s"),
    "country": gettext_lazy("Customer country is %(country)s"),
    "region": gettext_lazy("Customer region is %(region)s"),
    "amount_min": gettext_lazy("Deal amount %(amount)s is at least %(min)s"),
    "amount_max": gettext_lazy("Deal amount %(amount)s is at most %(max)s"),
    "amount_min_converted": gettext_lazy(
        "Deal amount %(deal_amount)s is %(amount)s at the exchange rate of %(day)s, at least %(min)s"
    ),
    "amount_max_converted": gettext_lazy(
        "Deal amount %(deal_amount)s is %(amount)s at the exchange rate of %(day)s, at most %(max)s"
    ),
    "amount_no_rate": gettext_lazy(
        "Rule %(position)s compares amounts in %(rule_currency)s and there is no exchange rate from "
        "%(deal_currency)s to %(rule_currency)s, so it does not apply"
    ),
    # Checks made before amounts were converted kept this reason; it still reads as it did then.
    "currency_mismatch": gettext_lazy(
        "Rule %(position)s compares amounts in %(rule_currency)s but the deal is in "
        "%(deal_currency)s, so it does not apply"
    ),
    "tie_first_registered": gettext_lazy("The first to submit wins"),
    "tie_higher_tier": gettext_lazy("The higher tier wins: %(winner)s over %(loser)s"),
    "tie_same_tier_first_registered": gettext_lazy(
        "Both partners have the same tier: the first to submit wins"
    ),
    "tie_cam_decides": gettext_lazy("The channel account manager decides between competing registrations"),
    "tie_same_moment": gettext_lazy(
        "Both were submitted at the same moment: the channel account manager decides"
    ),
}
PROTECTION_CODES = ("protection_rule", "protection_benefit", "protection_tier", "protection_default")
# The reasons that give an approved registration's protection period (a promise before the decision), the
# shorter one of a competitive deal included.
PERIOD_CODES = (*PROTECTION_CODES, "competitive_protection")


def _shown(code: str, p: dict[str, Any]) -> dict[str, Any]:
    """A reason's params as the reader reads them: choices by label, countries by name, amounts as money
    (revenue in USD, deal amounts in the rule's currency, converted ones also as they were), days written
    out."""
    shown = dict(p)
    if code.startswith(("revenue_", "amount_")) and code != "amount_no_rate":
        currency = "USD" if code.startswith("revenue_") else p["currency"]
        for name in ("revenue", "amount", "min", "max"):
            if name in p:
                shown[name] = _money(p[name], currency)
        if "deal_amount" in p:
            shown["deal_amount"] = _money(p["deal_amount"], p["deal_currency"])
        if "day" in p:
            shown["day"] = formats.date_format(date.fromisoformat(p["day"]), "DATE_FORMAT")
    if "segment" in p:
        shown["segment"] = _label(Segment, p["segment"])
    if "country" in p:
        shown["country"] = _country(p["country"])
    if "region" in p:
        shown["region"] = _label(Region, p["region"])
    if "tier" in p:
        shown["tier"] = _label(Tier, p["tier"])
    if "winner_tier" in p:
        shown |= {"winner": _label(Tier, p["winner_tier"]), "loser": _label(Tier, p["loser_tier"])}
    return shown


def _protection_text(code: str, p: dict[str, Any]) -> str:
    days = p["days"]
    if p.get("if_approved"):  # before a decision the period is a promise, not a fact
        return ngettext(
            "If approved, protected for %(days)s day", "If approved, protected for %(days)s days", days
        )
    if code == "protection_rule":
        return ngettext(
            "Protected for %(days)s day, as the rule says",
            "Protected for %(days)s days, as the rule says",
            days,
        )
    if code == "protection_benefit":
        return ngettext(
            "Protected for %(days)s day, the benefit of your %(tier)s tier",
            "Protected for %(days)s days, the benefit of your %(tier)s tier",
            days,
        )
    if code == "protection_tier":
        return ngettext(
            "Protected for %(days)s day, as for every %(tier)s partner",
            "Protected for %(days)s days, as for every %(tier)s partner",
            days,
        )
    return ngettext("Protected for %(days)s day", "Protected for %(days)s days", days)


def _competitive_text(code: str, p: dict[str, Any]) -> str:
    if code == "competitive_no_protection":
        return _("Not protected: the partner also sells competing products (%(lines)s)")
    if p.get("if_approved"):
        return ngettext(
            "If approved, protected for %(days)s day only: the partner also sells competing products "
            "(%(lines)s)",
            "If approved, protected for %(days)s days only: the partner also sells competing products "
            "(%(lines)s)",
            p["days"],
        )
    return ngettext(
        "Protected for %(days)s day only: the partner also sells competing products (%(lines)s)",
        "Protected for %(days)s days only: the partner also sells competing products (%(lines)s)",
        p["days"],
    )


def render_reason(code: str, params: dict[str, Any]) -> str:
    """One reason in the active language. Unknown codes come back as the code itself."""
    p = dict(params)
    if code == "rule_matched":
        text = (
            _("Rule %(position)s (%(label)s) applies") if p.get("label") else _("Rule %(position)s applies")
        )
    elif code in PROTECTION_CODES:
        text = _protection_text(code, p)
    elif code in ("competitive_protection", "competitive_no_protection"):
        text = _competitive_text(code, p)
    elif code in REASON_TEXTS:
        text = str(REASON_TEXTS[code])
    else:
        return code
    return text % _shown(code, p)


def _or(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _range(low, high, *, both: str, low_only: str, high_only: str, fmt) -> str | None:
    if low is not None and high is not None:
        return both % {"min": fmt(low), "max": fmt(high)}
    if low is not None:
        return low_only % {"min": fmt(low)}
    if high is not None:
        return high_only % {"max": fmt(high)}
    return None


def _conditions(rule: Rule) -> list[str]:
    """Qualifiers of "Deals …", each a translatable phrase with named placeholders."""
    parts = []
    amount = _range(
        rule.min_amount,
        rule.max_amount,
        both=_("of %(min)s to %(max)s"),
        low_only=_("of %(min)s or more"),
        high_only=_("of up to %(max)s"),
        fmt=lambda v: _money(v, rule.currency),
    )
    if amount:
        parts.append(amount)
    if rule.segments:
        parts.append(
            _("for %(segments)s customers") % {"segments": _or([_label(Segment, s) for s in rule.segments])}
        )
    employees = _range(
        rule.min_employees,
        rule.max_employees,
        both=_("for customers with %(min)s to %(max)s employees"),
        low_only=_("for customers with at least %(min)s employees"),
        high_only=_("for customers with at most %(max)s employees"),
        fmt=lambda v: f"{v:,}",
    )
    if employees:
        parts.append(employees)
    revenue = _range(
        rule.min_revenue,
        rule.max_revenue,
        both=_("for customers with annual revenue of %(min)s to %(max)s"),
        low_only=_("for customers with annual revenue of %(min)s or more"),
        high_only=_("for customers with annual revenue of up to %(max)s"),
        fmt=lambda v: _money(v, "USD"),
    )
    if revenue:
        parts.append(revenue)
    if rule.regions:
        parts.append(_("in %(places)s") % {"places": _or([_label(Region, r) for r in rule.regions])})
    if rule.countries:
        parts.append(_("in %(places)s") % {"places": _or([_country(c) for c in rule.countries])})
    if rule.product_eligibility == ProductCondition.CHANNEL_ONLY:
        parts.append(_("that include a channel-only product"))
    elif rule.product_eligibility == ProductCondition.DIRECT_ONLY:
        parts.append(_("that include a direct-only product"))
    return parts


def describe_rule(rule: Rule) -> str:
    conditions = " ".join(_conditions(rule))
    days = rule.protection_days
    if not conditions:
        if rule.outcome == Outcome.DIRECT:
            return _("All other deals are reserved for direct sales.")
        if rule.outcome == Outcome.REVIEW:
            return _("All other deals need review by the channel team.")
        if days:
            return ngettext(
                "All other deals belong to the channel and are protected for %(days)s day.",
                "All other deals belong to the channel and are protected for %(days)s days.",
                days,
            ) % {"days": days}
        return _("All other deals belong to the channel.")
    values = {"conditions": conditions, "days": days}
    if rule.outcome == Outcome.DIRECT:
        return _("Deals %(conditions)s are reserved for direct sales.") % values
    if rule.outcome == Outcome.REVIEW:
        if days:
            return (
                ngettext(
                    "Deals %(conditions)s need review by the channel team; if approved, they are protected "
                    "for %(days)s day.",
                    "Deals %(conditions)s need review by the channel team; if approved, they are protected "
                    "for %(days)s days.",
                    days,
                )
                % values
            )
        return _("Deals %(conditions)s need review by the channel team.") % values
    if days:
        return (
            ngettext(
                "Deals %(conditions)s belong to the channel and are protected for %(days)s day.",
                "Deals %(conditions)s belong to the channel and are protected for %(days)s days.",
                days,
            )
            % values
        )
    return _("Deals %(conditions)s belong to the channel.") % values


def _competition_sentences(ruleset: RuleSet) -> list[str]:
    """What the rules say about the competing products partners declare."""
    sentences = []
    limit = ruleset.competitive_protection_days
    if limit == 0:
        sentences.append(
            _(
                "A deal for products that compete with a product line the partner also sells (as declared on "
                "its company profile) is not protected."
            )
        )
    elif limit is not None:
        sentences.append(
            ngettext(
                "A deal for products that compete with a product line the partner also sells (as declared on "
                "its company profile) is protected for at most %(days)s day.",
                "A deal for products that compete with a product line the partner also sells (as declared on "
                "its company profile) is protected for at most %(days)s days.",
                limit,
            )
            % {"days": limit}
        )
    if ruleset.disclosure_required:
        sentences.append(
            _(
                "Before a deal is registered, a partner admin confirms on the company profile which "
                "competing products the company sells, or that it sells none."
            )
        )
    return sentences


def describe_ruleset(ruleset: RuleSet) -> list[str]:
    """The rule set as plain sentences in the active language, in the order they apply."""
    sentences = []
    if ruleset.named_accounts_direct:
        sentences.append(
            _("Customers that are named accounts of our direct sales team are reserved for direct sales.")
        )
    rules = list(ruleset.rules.all())
    if len(rules) > 1:
        sentences.append(_("The first of the following rules that fits a deal decides."))
    sentences += [describe_rule(rule) for rule in rules]
    if not rules and not ruleset.named_accounts_direct:
        sentences.append(_("Every deal belongs to the channel."))
    elif not rules or _conditions(rules[-1]):
        sentences.append(_("Any other deal belongs to the channel."))
    if any(rule.has_amount for rule in rules):
        sentences.append(
            _(
                "A deal in another currency is compared at the exchange rate of the day it is checked; "
                "without a rate, the amount limits do not apply to it."
            )
        )
    tiers = [
        (t, int(ruleset.tier_protection_days[t])) for t in Tier.values if ruleset.tier_protection_days.get(t)
    ]
    default = ruleset.default_protection_days
    if not tiers:
        sentences.append(
            ngettext(
                "Approved registrations are protected for %(days)s day.",
                "Approved registrations are protected for %(days)s days.",
                default,
            )
            % {"days": default}
        )
    else:
        for tier, days in tiers:
            sentences.append(
                ngettext(
                    "%(tier)s partners are protected for %(days)s day.",
                    "%(tier)s partners are protected for %(days)s days.",
                    days,
                )
                % {"tier": _label(Tier, tier), "days": days}
            )
        sentences.append(
            ngettext(
                "Everyone else is protected for %(days)s day.",
                "Everyone else is protected for %(days)s days.",
                default,
            )
            % {"days": default}
        )
    sentences += _competition_sentences(ruleset)
    # Keyed by text: the stored value is a plain string.
    tie_breakers: dict[str, Any] = {
        TieBreaker.FIRST_REGISTERED: _(
            "When two partners register the same customer, the first to submit wins."
        ),
        TieBreaker.HIGHER_TIER: _(
            "When two partners register the same customer, the partner with the higher tier wins; "
            "between equal tiers, the first to submit wins."
        ),
        TieBreaker.CAM_DECIDES: _(
            "When two partners register the same customer, the channel account manager decides."
        ),
    }
    sentences.append(tie_breakers.get(ruleset.tie_breaker, ""))
    return [s for s in sentences if s]
