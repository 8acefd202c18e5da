"""Matching quality on hand-labelled company names (dedupe-patstat-org-names: variants grouped by entity).

Measured the way the conflict check is used: each name is a query against all other names; a query "finds" its
entity when its best match at or above the threshold belongs to the same entity.
- recall: share of queries whose entity has other names, for which the best match is a correct one;
- precision: share of queries with any match at or above the threshold whose best match is correct.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from matching.normalize import name_key
from matching.similarity import name_similarity


@dataclass(frozen=True)
class Quality:
    queries: int
    precision: float
    recall: float


def load_patstat(path: Path) -> tuple[list[str], list[str]]:
    seen: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            seen.setdefault(row["person_name"].strip(), row["leuven_id"])
    return list(seen), list(seen.values())


def measure(names: list[str], entities: list[str], *, threshold: int = 85) -> Quality:
    keys = [name_key(n) for n in names]
    sizes: dict[str, int] = {}
    for entity in entities:
        sizes[entity] = sizes.get(entity, 0) + 1
    answered = correct = findable = found = 0
    for i, key in enumerate(keys):
        best_score, best_j = -1, None
        candidates = process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=60, limit=None)
        for _choice, _rough, j in candidates:
            if j == i:
                continue
            score = name_similarity(key, keys[j]).score
            if score > best_score:
                best_score, best_j = score, j
        hit = best_j is not None and best_score >= threshold and entities[best_j] == entities[i]
        if best_j is not None and best_score >= threshold:
            answered += 1
            correct += hit
        if sizes[entities[i]] > 1:
            findable += 1
            found += hit
    return Quality(queries=len(keys), precision=correct / max(answered, 1), recall=found / max(findable, 1))
