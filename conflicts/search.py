"""Candidate search: which live customer records a new registration may be about.

Three probes, all index lookups: the same tax id and the same domain (b-tree, exact), and similar names
through the blocking keys they share with the query (matching.blocking). Keys shared by very many names
("group", "tech" prefixes) would drown the search at a million rows, so each key's list is read only up
to a cap and keys that reach it count for little; the candidates sharing the most, and the rarest,
keys are then scored with matching.similarity, which also says how the names are alike. A name typed in
Cyrillic is also looked up and scored by how it sounds («Майкрософт» is Microsoft).

An acronym counts only when one indexed name has those initials. Candidates are ranked by their evidence:
more kinds of it first, then an exact tax id or domain before any name (a partner's exact domain names the
customer; a name alike may be a namesake), then the score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from conflicts.models import IndexedCustomer, NameBlock
from core.db import first_rows_per_key
from matching.blocking import key_hash, query_keys
from matching.normalize import is_cyrillic
from matching.similarity import SPOKEN_MAX, name_similarity, spoken_similarity

NAME_THRESHOLD = 85
KEY_CAP = 200  # names read per blocking key: a longer list marks a key too common to matter
SCORED = 300  # candidates scored per query
IDENTIFIER_REASONS = frozenset({"same_tax_id", "same_domain"})


@dataclass
class Candidate:
    source: str
    record_id: int
    partner_id: int | None
    name_key: str
    score: int = 0
    # [("same_tax_id", {}), ("same_domain", {"domain": …}), ("similar_name", {"score": 93, "how": "fuzzy"})]
    reasons: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def record(self) -> tuple[str, int]:
        return (self.source, self.record_id)

    @property
    def rank(self) -> tuple:
        """Sort key, strongest evidence first: more reasons, then exact identifiers, then the score."""
        identifiers = sum(code in IDENTIFIER_REASONS for code, _ in self.reasons)
        return (-len(self.reasons), -identifiers, -self.score, self.source, self.record_id)


def _columns() -> str:
    return "id, source, record_id, partner_id, name_key"


def _exact(column: str, value: str) -> list[tuple]:
    table = IndexedCustomer._meta.db_table
    with connection.cursor() as cursor:
        # The indexes on these columns are partial (empty values left out); SQLite uses one only when the
        # query repeats its condition word for word.
        sql = f"SELECT {_columns()} FROM {table} WHERE {column} = %s AND NOT ({column} = '')"  # noqa: S608
        cursor.execute(sql, [value])
        return cursor.fetchall()


def _block_hits(hashes: list[int]) -> dict[int, list[int]]:
    """customer ids per key hash, each list cut at KEY_CAP + 1 (one query for all keys)."""
    hits: dict[int, list[int]] = defaultdict(list)
    rows = first_rows_per_key(
        table=NameBlock._meta.db_table,
        key_column="key_hash",
        value_column="customer_id",
        keys=hashes,
        limit=KEY_CAP + 1,
    )
    for key, customer_id in rows:
        hits[key].append(customer_id)
    return hits


def _rows(ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    table = IndexedCustomer._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_columns()} FROM {table} WHERE id IN ({marks})", ids)  # noqa: S608
        return cursor.fetchall()


def name_candidate_ids(key: str, *, from_cyrillic: bool = False) -> list[int]:
    """Indexed-name ids worth scoring against the normalised name `key`, most promising first."""
    hashes = sorted({key_hash(k) for k in query_keys(key, from_cyrillic=from_cyrillic)})
    hits = _block_hits(hashes)
    weight: dict[int, float] = defaultdict(float)
    for ids in hits.values():
        # A key shared by few names says far more than one shared by many (a capped list is "at least this
        # many"): one rare shared word outranks any number of common ones.
        w = 1.0 / len(ids)
        for customer_id in ids:
            weight[customer_id] += w
    return sorted(weight, key=weight.__getitem__, reverse=True)[:SCORED]


def find_candidates(
    *,
    name_key: str = "",
    name: str = "",
    domain: str = "",
    tax_id_key: str = "",
    threshold: int = NAME_THRESHOLD,
) -> list[Candidate]:
    """Live records that share the tax id or the domain, or whose name scores at least `threshold`;
    best first (`Candidate.rank`), one per record. `name` is the name as typed (`name_key` is its
    normalised key): when it is written in Cyrillic, names that sound like it are found too."""
    found: dict[tuple[str, int], Candidate] = {}

    def take(row, reason, params, score):
        _pk, source, record_id, partner_id, row_key = row
        candidate = found.setdefault((source, record_id), Candidate(source, record_id, partner_id, row_key))
        known = [i for i, (code, _) in enumerate(candidate.reasons) if code == reason]
        if not known:
            candidate.reasons.append((reason, params))
        elif score > candidate.reasons[known[0]][1].get("score", 100):
            candidate.reasons[known[0]] = (reason, params)
        candidate.score = max(candidate.score, score)

    if tax_id_key:
        for row in _exact("tax_id_key", tax_id_key):
            take(row, "same_tax_id", {}, 100)
    if domain:
        for row in _exact("domain", domain):
            take(row, "same_domain", {"domain": domain}, 100)
    if name_key:
        spoken = is_cyrillic(name)
        by_initials = []
        for row in _rows(name_candidate_ids(name_key, from_cyrillic=spoken)):
            similarity = name_similarity(name_key, row[4])
            # Typed in Cyrillic, the letters may be close to a namesake's ("Sakey" and "Sakai": 85) while the
            # sound tells the name (Sakai Trading, not Aoki Trading): the better of the two counts.
            if spoken and similarity.score < SPOKEN_MAX:
                similarity = max(similarity, spoken_similarity(name_key, row[4]), key=lambda s: s.score)
            if similarity.score < threshold:
                continue
            if similarity.how == "acronym":
                by_initials.append((row, similarity))
                continue
            take(row, "similar_name", {"score": similarity.score, "how": similarity.how}, similarity.score)
        # Initials that several different names share name none of them: "ARB" fits "Acme Robotics
        # Berlin" and "Apex Retail Brands" alike.
        if len({row[4] for row, _ in by_initials}) == 1:
            for row, similarity in by_initials:
                take(
                    row, "similar_name", {"score": similarity.score, "how": similarity.how}, similarity.score
                )
    return sorted(found.values(), key=lambda c: c.rank)
