"""The active scoring model, loaded once per process, and how it scores rows of leads.

Scoring one lead after it is created or changed must be cheap: the model's artifact (megabytes of model text)
is parsed once per process and kept keyed by the model's id and version; each call asks the database only
which model is active (one small query) and then scores in memory.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from leads.models import ScoringModel, ScoringStatus
from leads.scoring.features import LeadRow
from leads.scoring.train import POINTS_PER_LOG_ODDS, Predictor

MAX_POSITIVE_REASONS = 3
MAX_NEGATIVE_REASONS = 2

_cache: dict[tuple[int, int], Predictor] = {}
_lock = threading.Lock()


@dataclass
class Score:
    probability: float
    reasons: list[
        dict
    ]  # [{"feature", "value", "points"}], strongest first: up to 3 for, then up to 2 against


def active_model_key() -> tuple[int, int] | None:
    found = ScoringModel.objects.filter(status=ScoringStatus.ACTIVE).values_list("pk", "version").first()
    return tuple(found) if found else None  # type: ignore[return-value]


def predictor_for(key: tuple[int, int]) -> Predictor:
    """The model (id, version) parsed from its artifact, once per process."""
    predictor = _cache.get(key)
    if predictor is None:
        with _lock:
            predictor = _cache.get(key)
            if predictor is None:
                artifact = ScoringModel.objects.filter(pk=key[0]).values_list("artifact", flat=True).get()
                predictor = Predictor.from_artifact(artifact)
                _cache.clear()  # one model in use at a time; an old one is not kept
                _cache[key] = predictor
    return predictor


def forget_loaded_models() -> None:
    _cache.clear()


def points(contribution: float) -> int:
    return int(round(contribution * POINTS_PER_LOG_ODDS))


def score_rows(predictor: Predictor, rows: Sequence[LeadRow]) -> list[Score]:
    """Calibrated probabilities and reasons for `rows`, from the model's per-lead feature contributions."""
    if not rows:
        return []
    matrix = predictor.spec.matrix(rows)
    contributions = predictor.contributions(matrix)
    log_odds = contributions.sum(axis=1)
    probabilities = 1.0 / (1.0 + np.exp(-log_odds))
    columns = predictor.spec.columns
    scores = []
    for i, row in enumerate(rows):
        ranked = sorted(
            ((points(float(contributions[i, j])), j) for j in range(len(columns))),
            key=lambda item: (-abs(item[0]), item[1]),
        )
        positive = [(p, j) for p, j in ranked if p > 0][:MAX_POSITIVE_REASONS]
        negative = [(p, j) for p, j in ranked if p < 0][:MAX_NEGATIVE_REASONS]
        reasons = [
            {"feature": columns[j].name, "value": columns[j].raw(row), "points": p}
            for p, j in positive + negative
        ]
        probability = float(probabilities[i])
        scores.append(Score(probability=probability if math.isfinite(probability) else 0.0, reasons=reasons))
    return scores
