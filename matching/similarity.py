"""How alike two normalised company names are, and why."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from matching.normalize import acronym, sound_key

ACRONYM_SCORE = 90
CONTAINED_SCORE = 86  # just above the usual threshold: a shorter name inside a longer one is weak evidence


@dataclass(frozen=True)
class NameSimilarity:
    score: int  # 0-100
    how: str  # "exact", "fuzzy", "word order", "sound", "acronym", "contained"


def _fuzzy(a: str, b: str) -> tuple[float, float]:
    return fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)


def name_similarity(a: str, b: str) -> NameSimilarity:
    """Compare two keys made by matching.normalize.name_key."""
    if not a or not b:
        return NameSimilarity(0, "fuzzy")
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return NameSimilarity(100, "exact")
    plain, reordered = _fuzzy(a, b)
    best = NameSimilarity(round(plain), "fuzzy")
    if reordered > plain + 5:
        best = NameSimilarity(round(reordered), "word order")
    elif reordered > plain:
        best = NameSimilarity(round(reordered), "fuzzy")
    sound_a, sound_b = sound_key(a), sound_key(b)
    if sound_a != a or sound_b != b:
        sound = max(_fuzzy(sound_a, sound_b))
        # Transliteration or spelling variants: only worth saying when it clearly beats the letters.
        if sound >= best.score + 5:
            best = NameSimilarity(round(sound) if sound < 100 else 99, "sound")
    if best.score < ACRONYM_SCORE and (acronym(a) == b.replace(" ", "") or acronym(b) == a.replace(" ", "")):
        return NameSimilarity(ACRONYM_SCORE, "acronym")
    if best.score < CONTAINED_SCORE:
        shorter, longer = sorted((set(a.split()), set(b.split())), key=len)
        if len(shorter) >= 2 and shorter < longer:
            # "philips electronics" inside "koninklijke philips electronics": maybe the same company.
            return NameSimilarity(CONTAINED_SCORE, "contained")
    return best
