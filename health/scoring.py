"""How the signals' readings make one health score: a weighted average of the signals that apply to the
partner (a signal that does not apply leaves its weight out, so a partner is not marked down for leads it was
never offered), each signal's contribution being the points it adds to the total."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from health.models import Signal
from health.signals import Reading, clamp_score

WEAKEST_SHOWN = 2  # the weakest signals named as the reason of a flag
SIGNAL_KEYS = tuple(Signal.values)  # in the order shown (`Signal.values` is rebuilt on every read)


@dataclass(frozen=True)
class Scored:
    score: int
    signals: list[dict[str, Any]]  # as HealthScore.signals keeps them
    weakest: str  # the weakest applicable signal ("" when none applies)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def compose(readings: Mapping[str, Reading], weights: Mapping[str, int]) -> Scored:
    """The score of one partner from its readings (one per signal) and the settings' weights."""
    counted = [key for key in SIGNAL_KEYS if readings[key].applicable and weights.get(key, 0) > 0]
    total_weight = sum(weights[key] for key in counted)
    points = Decimal(0)
    signals = []
    for key in SIGNAL_KEYS:
        reading = readings[key]
        weight = weights.get(key, 0)
        contribution = Decimal(0)
        if key in counted:
            contribution = Decimal(weight * reading.score) / Decimal(total_weight)  # type: ignore[operator]
            points += contribution
        signals.append(
            {
                "key": key,
                "applicable": reading.applicable,
                "raw": _number(reading.raw),
                "score": reading.score,
                "weight": weight,
                "share": float(round(Decimal(weight) * 100 / total_weight, 1)) if key in counted else 0.0,
                "contribution": float(contribution.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
                "detail": reading.detail,
            }
        )
    weakest = min(counted, key=lambda key: (readings[key].score, -weights[key]), default="")
    return Scored(clamp_score(points) if counted else 0, signals, weakest)


def weakest_signals(signals: list[dict[str, Any]], n: int = WEAKEST_SHOWN) -> list[dict[str, Any]]:
    """The `n` counted signals with the lowest score below full marks (ties: the heavier first), as
    [{"key", "score"}]."""
    counted = [row for row in signals if row.get("applicable") and row.get("weight") and row["score"] < 100]
    counted.sort(key=lambda row: (row["score"], -row["weight"]))
    return [{"key": row["key"], "score": row["score"]} for row in counted[:n]]


def reasons_text(reasons: list[dict[str, Any]]) -> str:
    """ "Logins 0, Deal registrations 10" in the active language."""
    labels = dict(Signal.choices)
    return ", ".join(
        gettext("%(signal)s %(score)s")
        % {"signal": labels.get(row["key"], row["key"]), "score": row["score"]}
        for row in reasons
    )
