"""The metrics tier criteria are written over: a registry the owning apps fill.

Each metric has a code, a label, a unit and a *set-based* function computing every partner at once:

    values(partner_ids, as_of, window_days, parameter) -> {partner_id: Decimal}

`partner_ids` None means every partner (the evaluation asks for all of them in one aggregate query; a
progress page asks for one). `as_of` is the last day counted, `window_days` the trailing window (days
`as_of - window_days + 1` … `as_of`, ignored by a metric that is not `windowed`), `parameter` what a
parameterised metric is about (a certification, a custom metric), "" otherwise. A partner missing from the
answer has the metric's `missing` value: 0 for sums and counts, None ("no data": a requirement on it is not
met) for rates.

The apps that own the data register their metrics from their `AppConfig.ready()` (a `tier_metrics.py`
module): deals (won revenue, won registrations), learning (certified people, per certification), leads
(acceptance and conversion rates), funds (MDF ROI); tiers registers the custom metrics ops enter.

This module imports no app above `core` and `partners`: the sales apps (deals, catalog) import it without
reaching `programs` (import-linter's columns contract).
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")
DEFAULT_WINDOW = 365
MAX_WINDOW = 3 * 366


class Unit(models.TextChoices):
    MONEY = "money", _("Money (program currency)")
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    SCORE = "score", _("Score")


PartnerIds = Collection[int] | None
ValuesFunction = Callable[[PartnerIds, dt.date, int, str], dict[int, Decimal]]


class MetricUnavailable(Exception):
    """A metric cannot be computed now (an exchange rate is missing …): the message says why, and the
    evaluation changes nobody's tier until it can."""


@dataclass(frozen=True)
class Metric:
    code: str  # stable: criteria store it ("deals.won_revenue")
    label: Any  # lazy, lower case as it reads inside a sentence ("won revenue"); headings capitalise it
    unit: Unit
    values: ValuesFunction
    # "%(amount)s more won revenue": what a partner lacks, the amount formatted in the metric's unit
    shortfall: Any
    # a count metric's "one more certified person" (n = 1) and ngettext "%(count)s more certified people"
    shortfall_one: Any = None
    windowed: bool = True
    default_window: int = DEFAULT_WINDOW
    missing: Decimal | None = ZERO
    # A parameterised metric: what the parameter is ("certification"), its choices [(value, label)] and
    # the label of one value (a value no longer offered still reads).
    parameter_label: Any = None
    parameter_choices: Callable[[], list[tuple[str, str]]] | None = None
    parameter_name: Callable[[str], str] | None = None
    unit_of: Callable[[str], Unit] | None = None  # a parameter with its own unit (custom metrics)
    label_of: Callable[[str], str] | None = None  # … and its own label
    help_text: Any = ""
    decimals: int = 0  # how many decimals its values show with (rates: 1)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def parameterised(self) -> bool:
        return self.parameter_choices is not None

    def unit_for(self, parameter: str = "") -> Unit:
        return self.unit_of(parameter) if self.unit_of and parameter else self.unit

    def title(self, parameter: str = "") -> str:
        """The metric as it reads in a sentence: "certified people (Road bike expert)"."""
        if self.label_of and parameter:
            return self.label_of(parameter)
        if parameter and self.parameter_name:
            return f"{self.label} ({self.parameter_name(parameter)})"
        return str(self.label)


_registry: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    """Called once per metric from the owning app's `ready()`; the same definition again is harmless."""
    known = _registry.get(metric.code)
    if known is not None and known != metric:
        raise ValueError(f"Tier metric {metric.code!r} is registered twice, differently")
    _registry[metric.code] = metric
    return metric


def get(code: str) -> Metric | None:
    return _registry.get(code)


def all_metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.code)


def choices() -> list[tuple[str, str]]:
    return [(m.code, str(m.label)[:1].upper() + str(m.label)[1:]) for m in all_metrics()]


# --- the window ------------------------------------------------------------------------------------------


def window_bounds(as_of: dt.date, window_days: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the trailing window ending with the day `as_of`, as moments in the site's time zone."""
    zone = timezone.get_current_timezone()
    first = as_of - dt.timedelta(days=max(window_days, 1) - 1)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def day_end(as_of: dt.date) -> dt.datetime:
    """The first moment after the day `as_of`."""
    return window_bounds(as_of, 1)[1]


def only(partner_ids: PartnerIds) -> dict[str, Any]:
    """The filter on `partner_id` a metric's query applies ({} for every partner)."""
    return {} if partner_ids is None else {"partner_id__in": list(partner_ids)}


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# --- sharing a query between metrics ------------------------------------------------------------------------

# Within one evaluation, metrics computed from the same aggregate (won revenue and won registrations read one
# grouped query over the registrations) share it: `shared(key, compute)` computes once per batch.
_batch: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "tier_metric_batch", default=None
)


@contextmanager
def batch() -> Iterator[None]:
    """Metrics computed inside share their aggregates (`shared`); nothing is kept after it."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def shared(key: Any, compute: Callable[[], Any]) -> Any:
    cache = _batch.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def ids_key(partner_ids: PartnerIds) -> Any:
    return None if partner_ids is None else frozenset(partner_ids)
