"""How alike two normalised company names are, and why."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from matching.normalize import acronym


@dataclass(frozen=True)
class NameSimilarity:
    score: int  # 0-100
    how: str  # "exact", "fuzzy", "word order", "acronym", "contained"


def name_similarity(a: str, b: str) -> NameSimilarity:
    """Compare two keys made by matching.normalize.name_key."""
    if not a or not b:
        return NameSimilarity(0, "fuzzy")
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return NameSimilarity(100, "exact")
    if acronym(a) == b.replace(" ", "") or acronym(b) == a.replace(" ", ""):
        return NameSimilarity(95, "acronym")
    shorter, longer = sorted((set(a.split()), set(b.split())), key=len)
    if len(shorter) >= 2 and shorter < longer:
        # "philips electronics" inside "koninklijke philips electronics": the same company, named shorter.
        return NameSimilarity(90, "contained")
    plain = fuzz.ratio(a, b)
    reordered = fuzz.token_sort_ratio(a, b)
    if reordered > plain + 5:
        return NameSimilarity(round(reordered), "word order")
    return NameSimilarity(round(max(plain, reordered)), "fuzzy")
