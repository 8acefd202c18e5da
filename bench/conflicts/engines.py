"""The three ways of answering a query, timed the same way (normalising the query included).

engine: conflicts.search.find_candidates — what the product runs.
oracle: a brute-force rapidfuzz scan of every indexed name, re-scored like the engine — the recall the
        blocking keys could at best keep. token_sort_ratio is computed as ratio over token-sorted keys
        (identical scores, sorted once instead of per comparison).
floor:  exact lookup of the normalised key, domain and tax id — what any index gives for free.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict

from django.core.exceptions import ValidationError
from rapidfuzz import fuzz, process

from conflicts.models import IndexedCustomer
from conflicts.search import NAME_THRESHOLD, find_candidates
from core.normalize import normalize_domain
from matching.normalize import is_cyrillic, name_key, tax_id_key
from matching.similarity import name_similarity, spoken_similarity

from .queries import Query

CUTOFF = 60
LIMIT = 20


def _domain(value: str) -> str:
    try:
        return normalize_domain(value)
    except ValidationError:
        return ""


def _inputs(q: Query) -> tuple[str, str, str]:
    return name_key(q.name), _domain(q.domain), tax_id_key(q.tax_id)


def _best(found: dict[tuple[str, int], list]) -> tuple[str, int] | None:
    """The same order as find_candidates: more reasons, then exact identifiers before a name, then the
    higher score, then the record."""
    if not found:
        return None
    return min(
        found, key=lambda rec: (-len(found[rec][0]), -len(found[rec][0] - {"name"}), -found[rec][1], rec)
    )


def engine(q: Query) -> tuple[str, int] | None:
    key, domain, tax = _inputs(q)
    candidates = find_candidates(name_key=key, name=q.name, domain=domain, tax_id_key=tax)
    return candidates[0].record if candidates else None


def floor(q: Query) -> tuple[str, int] | None:
    key, domain, tax = _inputs(q)
    found: dict[tuple[str, int], list] = {}
    for field, value, reason in (
        ("tax_id_key", tax, "tax"),
        ("domain", domain, "domain"),
        ("name_key", key, "name"),
    ):
        if not value:
            continue
        # The excluded empty value repeats the partial index's condition: SQLite only uses it then.
        rows = (
            IndexedCustomer.objects.filter(**{field: value})
            .exclude(**{field: ""})
            .values_list("source", "record_id")
        )
        for rec in rows:
            found.setdefault(rec, [set(), 100])[0].add(reason)
    return _best(found)


class Oracle:
    """Every indexed name in memory, loaded once from the database under test."""

    def __init__(self):
        rows = IndexedCustomer.objects.values_list("source", "record_id", "name_key", "domain", "tax_id_key")
        self.records: list[tuple[str, int]] = []
        self.keys: list[str] = []
        self.by_domain: dict[str, set] = defaultdict(set)
        self.by_tax: dict[str, set] = defaultdict(set)
        for source, record_id, key, domain, tax in rows.iterator(chunk_size=20_000):
            rec = (source, record_id)
            self.records.append(rec)
            self.keys.append(key)
            if domain:
                self.by_domain[domain].add(rec)
            if tax:
                self.by_tax[tax].add(rec)
        self.sorted_keys = [" ".join(sorted(k.split())) for k in self.keys]

    def __call__(self, q: Query) -> tuple[str, int] | None:
        key, domain, tax = _inputs(q)
        found: dict[tuple[str, int], list] = {}
        for rec in self.by_tax.get(tax, ()) if tax else ():
            found.setdefault(rec, [set(), 100])[0].add("tax")
        for rec in self.by_domain.get(domain, ()) if domain else ():
            found.setdefault(rec, [set(), 100])[0].add("domain")
        if key:
            hits = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=LIMIT)
            sorted_key = " ".join(sorted(key.split()))
            hits += process.extract(
                sorted_key, self.sorted_keys, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=LIMIT
            )
            spoken = is_cyrillic(q.name)
            for _choice, _score, i in hits:
                similarity = name_similarity(key, self.keys[i])
                if spoken and similarity.score < NAME_THRESHOLD:
                    similarity = max(similarity, spoken_similarity(key, self.keys[i]), key=lambda s: s.score)
                if similarity.score >= NAME_THRESHOLD:
                    entry = found.setdefault(self.records[i], [set(), 0])
                    entry[0].add("name")
                    entry[1] = max(entry[1], similarity.score)
        return _best(found)


def measure(answer, queries: list[Query]) -> dict:
    """Per-query latency and the answers; scored by run.score."""
    latencies, predictions = [], []
    # The oracle's million names live in this process; a full garbage collection walking them would stall a
    # query for ~100 ms — a pause the web process, which holds no such list, never has. Freeze what exists.
    gc.collect()
    gc.freeze()
    for q in queries:
        started = time.perf_counter()
        prediction = answer(q)
        latencies.append((time.perf_counter() - started) * 1000)
        predictions.append(prediction)
    return {"latencies": latencies, "predictions": predictions}
