"""Learning a scoring model from closed leads: plain functions over rows and labels, no database writes (those
are `leads.scoring.services`), so the benchmark and the service train the same way.

1. A held-out share of the leads (30%), stratified by outcome and chosen by a salted hash of each lead's id:
   the same lead stays held out from one training to the next, so a new model and the active one are compared
   on leads neither learnt from.
2. On the rest, K stratified folds: on each, LightGBM learns on K-1 parts and stops early on the remaining one
   (its validation part). The model is the average of the K boosters (in log-odds).
3. Platt calibration on the out-of-fold predictions (each training lead predicted by the booster that did not
   see it): p = sigmoid(a · log-odds + b). Monotone, so it keeps the ranking (and the AUC), and two numbers.
4. On the held-out leads: AUC, Brier score, and observed vs predicted conversion per decile of the score.

The artifact is JSON (the feature spec with its vocabularies, the boosters as LightGBM model text, the
calibration), compressed: no pickle.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from leads.scoring.features import FeatureSpec, LeadRow

ARTIFACT_FORMAT = 1
HELD_OUT_SHARE = 0.3
SPLIT_SALT = "kanal-lead-scoring-v1"
SEED = 20261129
FOLDS = 5
MAX_ROUNDS = 3000
EARLY_STOPPING_ROUNDS = 100
# A reason's points: its contribution to the calibrated log-odds of conversion × 20, rounded. Twenty points
# are one unit of log-odds: about +20 points takes a 50% lead to 73%, or a 10% lead to 23%.
POINTS_PER_LOG_ODDS = 20


def held_out_mask(lead_ids: Sequence[int], labels: np.ndarray, share: float = HELD_OUT_SHARE) -> np.ndarray:
    """The held-out leads: within each outcome, the `share` whose salted hash of the id is lowest."""
    mask = np.zeros(len(lead_ids), dtype=bool)
    keys = np.array([_hash(lead_id) for lead_id in lead_ids], dtype=np.uint64)
    for outcome in (0, 1):
        members = np.flatnonzero(labels == outcome)
        count = int(round(len(members) * share))
        if count:
            mask[members[np.argsort(keys[members], kind="stable")[:count]]] = True
    return mask


def _hash(lead_id: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{SPLIT_SALT}:{lead_id}".encode(), digest_size=8).digest(), "big")


def lightgbm_params(rows: int, *, seed: int = SEED, threads: int = 1) -> dict:
    """Small trees, a slow learning rate and early stopping: leads tables are small and noisy. Leaf and
    category minimums follow the data size, so a young instance with a hundred closed leads still learns."""
    minimum = max(3, min(20, rows // 100))
    return {
        "objective": "binary",
        "learning_rate": 0.03,
        "num_leaves": 15,
        "min_data_in_leaf": minimum,
        "min_data_per_group": max(3, min(50, rows // 100)),
        "cat_smooth": 10.0,
        "max_cat_to_onehot": 4,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": seed,
        "deterministic": True,
        "force_col_wise": True,
        "num_threads": threads,
        "verbose": -1,
    }


@dataclass
class Calibration:
    """Platt scaling of the model's log-odds."""

    a: float = 1.0
    b: float = 0.0

    def log_odds(self, raw: np.ndarray) -> np.ndarray:
        return self.a * raw + self.b

    def probability(self, raw: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(raw)))

    @classmethod
    def fit(cls, raw: np.ndarray, labels: np.ndarray) -> Calibration:
        regression = LogisticRegression(C=1e4, solver="lbfgs")
        regression.fit(raw.reshape(-1, 1), labels)
        return cls(float(regression.coef_[0][0]), float(regression.intercept_[0]))


@dataclass
class Predictor:
    """A trained model: the feature spec, the boosters (averaged in log-odds) and the calibration."""

    spec: FeatureSpec
    boosters: list[lgb.Booster]
    calibration: Calibration

    def raw(self, matrix: np.ndarray) -> np.ndarray:
        if not len(matrix):
            return np.zeros(0)
        return np.mean([booster.predict(matrix, raw_score=True) for booster in self.boosters], axis=0)

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        return self.calibration.probability(self.raw(matrix))

    def predict_rows(self, rows: Sequence[LeadRow]) -> np.ndarray:
        return self.probability(self.spec.matrix(rows))

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """Each feature's share of each lead's calibrated log-odds (columns as in the spec; the last column
        is the base value plus the calibration's intercept): rows sum to the calibrated log-odds."""
        raw = np.mean([booster.predict(matrix, pred_contrib=True) for booster in self.boosters], axis=0)
        scaled = raw * self.calibration.a
        scaled[:, -1] += self.calibration.b
        return scaled

    def to_artifact(self, params: dict | None = None) -> bytes:
        payload = {
            "format": ARTIFACT_FORMAT,
            "features": self.spec.to_json(),
            "boosters": [booster.model_to_string() for booster in self.boosters],
            "calibration": {"method": "platt", "a": self.calibration.a, "b": self.calibration.b},
            "points_per_log_odds": POINTS_PER_LOG_ODDS,
            "params": params or {},
        }
        return zlib.compress(json.dumps(payload).encode(), level=6)

    @classmethod
    def from_artifact(cls, artifact: bytes | memoryview) -> Predictor:
        payload = json.loads(zlib.decompress(bytes(artifact)))
        if payload.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"Unknown scoring artifact format {payload.get('format')!r}")
        calibration = payload["calibration"]
        return cls(
            spec=FeatureSpec.from_json(payload["features"]),
            boosters=[lgb.Booster(model_str=text) for text in payload["boosters"]],
            calibration=Calibration(calibration["a"], calibration["b"]),
        )


@dataclass
class Evaluation:
    auc: float
    brier: float
    calibration: list[dict]  # [{"predicted", "observed", "count"}] per decile of the score


def evaluate(probabilities: np.ndarray, labels: np.ndarray) -> Evaluation:
    order = np.argsort(probabilities, kind="stable")
    bins = [
        {
            "predicted": round(float(probabilities[part].mean()), 4),
            "observed": round(float(labels[part].mean()), 4),
            "count": int(len(part)),
        }
        for part in np.array_split(order, min(10, len(order)))
        if len(part)
    ]
    return Evaluation(
        auc=float(roc_auc_score(labels, probabilities)),
        brier=float(np.mean((probabilities - labels) ** 2)),
        calibration=bins,
    )


@dataclass
class TrainingResult:
    predictor: Predictor
    evaluation: Evaluation
    train_rows: int
    test_rows: int
    test_mask: np.ndarray
    params: dict
    rounds: list[int]
    seconds: float


def fit(
    rows: Sequence[LeadRow],
    labels: np.ndarray,
    test_mask: np.ndarray,
    *,
    attributes,
    seed: int = SEED,
    threads: int = 1,
) -> TrainingResult:
    """Train on the leads outside `test_mask` and evaluate on those inside it."""
    started = time.perf_counter()
    labels = np.asarray(labels, dtype=np.float64)
    train_rows = [row for row, held in zip(rows, test_mask, strict=True) if not held]
    test_rows = [row for row, held in zip(rows, test_mask, strict=True) if held]
    train_labels, test_labels = labels[~test_mask], labels[test_mask]

    spec = FeatureSpec.fit(train_rows, attributes)
    train_matrix = spec.matrix(train_rows)
    categorical = spec.categorical_indices
    minority = int(min(train_labels.sum(), len(train_labels) - train_labels.sum()))
    folds = max(2, min(FOLDS, minority))
    params = lightgbm_params(int(len(train_rows) * (folds - 1) / folds), seed=seed, threads=threads)

    boosters: list[lgb.Booster] = []
    rounds: list[int] = []
    out_of_fold = np.zeros(len(train_rows))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed % (2**32))
    for fit_part, validation_part in splitter.split(train_matrix, train_labels):
        learn = lgb.Dataset(
            train_matrix[fit_part],
            train_labels[fit_part],
            categorical_feature=categorical,
            free_raw_data=False,
        )
        validation = lgb.Dataset(
            train_matrix[validation_part],
            train_labels[validation_part],
            categorical_feature=categorical,
            reference=learn,
        )
        booster = lgb.train(
            params,
            learn,
            num_boost_round=MAX_ROUNDS,
            valid_sets=[validation],
            callbacks=[lgb.early_stopping(EARLY_STOPPING_ROUNDS, verbose=False)],
        )
        best = max(1, booster.best_iteration or booster.current_iteration())
        # Keep only the rounds early stopping chose, so every later prediction uses exactly them.
        booster = lgb.Booster(model_str=booster.model_to_string(num_iteration=best))
        out_of_fold[validation_part] = booster.predict(train_matrix[validation_part], raw_score=True)
        boosters.append(booster)
        rounds.append(best)

    predictor = Predictor(spec, boosters, Calibration.fit(out_of_fold, train_labels))
    evaluation = evaluate(predictor.predict_rows(test_rows), test_labels)
    return TrainingResult(
        predictor=predictor,
        evaluation=evaluation,
        train_rows=len(train_rows),
        test_rows=len(test_rows),
        test_mask=test_mask,
        params=params,
        rounds=rounds,
        seconds=time.perf_counter() - started,
    )


def auc_or_none(probabilities: np.ndarray, labels: np.ndarray) -> float | None:
    if len(set(labels.tolist())) < 2:
        return None
    value = float(roc_auc_score(labels, probabilities))
    return None if math.isnan(value) else value
