"""What the engine says, in the reader's language: values in their units, a requirement, why a tier
changed ("Gold: won revenue 1,200,000 USD of 1,000,000; certified people 4 of 3") and what a partner still
lacks ("180,000 USD more won revenue and one more certified person")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.choices import Tier
from tiers import metrics
from tiers.metrics import Metric, Unit


def program_currency() -> str:
    from ledger.selectors import money_settings

    return money_settings().reporting_currency


def tier_label(tier: str) -> str:
    return str(Tier(tier).label) if tier in Tier.values else tier


def number_text(value: Decimal, decimals: int = 0) -> str:
    """A number as the reader writes numbers: grouped, whole when it is, else with `decimals` places."""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    return number_format(value, decimal_pos=0 if whole else max(decimals, 1), force_grouping=True)


def metric_of(code: str) -> Metric | None:
    return metrics.get(code)


def unit_of(code: str, parameter: str = "") -> Unit:
    metric = metric_of(code)
    return metric.unit_for(parameter) if metric else Unit.COUNT


def metric_title(code: str, parameter: str = "") -> str:
    metric = metric_of(code)
    return metric.title(parameter) if metric else code


def value_text(code: str, parameter: str, value: Decimal | None, *, unit_suffix: bool = True) -> str:
    """A metric's value in its unit: "1,200,000 USD", "85.5%", "4"; no data is said."""
    if value is None:
        return _("no data")
    metric = metric_of(code)
    unit = unit_of(code, parameter)
    decimals = metric.decimals if metric else 0
    if unit == Unit.MONEY:
        text = number_text(Decimal(value).quantize(Decimal(1)))
        return f"{text} {program_currency()}" if unit_suffix else text
    if unit == Unit.PERCENT:
        return _("%(number)s%%") % {"number": number_text(value, decimals or 1)}
    return number_text(value, decimals or (2 if unit == Unit.SCORE else 0))


def window_text(code: str, window_days: int | None) -> str:
    metric = metric_of(code)
    if metric is None or not metric.windowed:
        return ""
    days = window_days or metric.default_window
    return ngettext("over the last %(days)s day", "over the last %(days)s days", days) % {"days": days}


@dataclass(frozen=True)
class Spec:
    """One requirement as the engine reads it (a `Requirement` row, or a draft's)."""

    tier: str
    metric: str
    parameter: str
    threshold: Decimal
    window_days: int | None

    @property
    def window(self) -> int:
        metric = metric_of(self.metric)
        if metric is None or not metric.windowed:
            return 0
        return self.window_days or metric.default_window

    @property
    def key(self) -> str:
        """Which computed value it reads: the metric, its parameter and its window."""
        return f"{self.metric}|{self.parameter}|{self.window}"

    @classmethod
    def of(cls, requirement: Any) -> Spec:
        return cls(
            tier=requirement.tier,
            metric=requirement.metric,
            parameter=requirement.parameter or "",
            threshold=Decimal(requirement.threshold),
            window_days=requirement.window_days,
        )


def requirement_text(requirement: Any) -> str:
    """ "won revenue at least 1,000,000 USD over the last 365 days"."""
    spec = requirement if isinstance(requirement, Spec) else Spec.of(requirement)
    text = _("%(metric)s at least %(threshold)s") % {
        "metric": metric_title(spec.metric, spec.parameter),
        "threshold": value_text(spec.metric, spec.parameter, spec.threshold),
    }
    window = window_text(spec.metric, spec.window_days)
    return f"{text} {window}" if window else text


@dataclass(frozen=True)
class Check:
    """A requirement against a partner's value."""

    spec: Spec
    value: Decimal | None

    @property
    def met(self) -> bool:
        return self.value is not None and self.value >= self.spec.threshold

    @property
    def missing(self) -> Decimal | None:
        """How much more the partner needs (None: no data yet; 0: met)."""
        if self.value is None:
            return None
        return max(self.spec.threshold - self.value, Decimal(0))

    @property
    def title(self) -> str:
        return metric_title(self.spec.metric, self.spec.parameter)

    @property
    def value_text(self) -> str:
        return value_text(self.spec.metric, self.spec.parameter, self.value)

    @property
    def threshold_text(self) -> str:
        return value_text(self.spec.metric, self.spec.parameter, self.spec.threshold)

    def sentence(self) -> str:
        """ "won revenue 1,200,000 USD of 1,000,000"."""
        spec = self.spec
        return _("%(metric)s %(value)s of %(threshold)s") % {
            "metric": self.title,
            "value": self.value_text,
            "threshold": value_text(spec.metric, spec.parameter, spec.threshold, unit_suffix=False),
        }

    def shortfall(self) -> str:
        """ "180,000 USD more won revenue", "one more certified person"; "" when met."""
        if self.met:
            return ""
        metric = metric_of(self.spec.metric)
        if self.value is None or metric is None:
            return _("%(metric)s: no data yet (%(threshold)s needed)") % {
                "metric": capfirst(self.title),
                "threshold": self.threshold_text,
            }
        missing = self.missing or Decimal(0)
        unit = metric.unit_for(self.spec.parameter)
        about = metric.parameter_name(self.spec.parameter) if metric.parameter_name else ""
        if unit == Unit.COUNT and missing == 1 and metric.shortfall_one:
            return str(metric.shortfall_one) % {"metric": self.title, "about": about}
        amount = value_text(self.spec.metric, self.spec.parameter, missing)
        if unit == Unit.PERCENT:
            amount = _("%(number)s percentage points") % {
                "number": number_text(missing, metric.decimals or 1)
            }
        pattern = metric.shortfall
        if callable(pattern) and not isinstance(pattern, str):
            return str(pattern(missing, self.spec.parameter))
        return str(pattern % {"amount": amount, "metric": self.title, "count": int(missing), "about": about})


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" in the reader's language."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def checks_sentence(checks: Iterable[Check]) -> str:
    return "; ".join(check.sentence() for check in checks)


def reason_up(tier: str, checks: Iterable[Check]) -> str:
    """Why a member moved up: "Gold: won revenue 1,200,000 USD of 1,000,000; certified people 4 of 3"."""
    return _("%(tier)s: %(checks)s") % {"tier": tier_label(tier), "checks": checks_sentence(checks)}


def reason_down(from_tier: str, to_tier: str, warned_on: Any, unmet: Iterable[Check]) -> str:
    """Why a member moved down after its grace period."""
    if warned_on is None:
        return _("%(from)s no longer met (%(checks)s): now %(to)s") % {
            "from": tier_label(from_tier),
            "checks": checks_sentence(unmet),
            "to": tier_label(to_tier),
        }
    return _("%(from)s not met since the warning of %(day)s (%(checks)s): now %(to)s") % {
        "from": tier_label(from_tier),
        "day": warned_on.isoformat(),
        "checks": checks_sentence(unmet),
        "to": tier_label(to_tier),
    }


def missing_sentence(checks: Iterable[Check]) -> str:
    """What is missing for a tier, in words: "180,000 USD more won revenue and one more certified person"."""
    return join_words([check.shortfall() for check in checks if not check.met])
