"""How alike two normalised company names are, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from matching.normalize import acronym, common_words, sound_key, sound_skeleton

ACRONYM_SCORE = 90
MIN_ACRONYM = 3  # two initials ("KT") fit far too many names of two words to say anything
ABBREVIATED_SCORE = 97  # the same words, some of them shortened ("intl" for "international")
WORD_ORDER_SCORE = 99  # the same words: below 100 so that the name spelt in the same order ranks first
SOUND_MIN = 95  # how alike the sound keys of two spellings of one name are (yandeks, yandex)
SHORT_NAME = 4  # letters up to which a one-word name must be spelt the same
UNPAIRED = 60  # the most a name scores when one of its words has no look-alike on the other side
LETTERS_FOR_SOUND = 60  # below this the letters are too far apart for spellings of one name
NOT_A_SLIP = 80  # below the threshold: a difference no single slip of the keys explains
SWAPPED_SCORE = 92  # two neighbouring letters swapped ("Fanlc" for "Fancl"): a slip of the keys, not a name
SPOKEN_MAX = 96  # a name read by sound is never as sure as one spelt alike or abbreviated
SPOKEN_DISCOUNT = 4  # and a name spelt alike outranks one that sounds alike: Bolt 96, Belt 95 for «Болт»
MIN_HEARD = 3  # letters of a name read by sound, below which too little is left to go by
CONTAINED_SCORE = 86  # just above the usual threshold: a shorter name inside a longer one is weak evidence
# A fuzzy match needs every word to have a look-alike on the other side: one slip in five letters.
WORD_MATCH = 80


def _abbreviates(word: str, other: str) -> bool:
    short, long = sorted((word, other), key=len)
    return len(short) >= 3 and long.startswith(short)


def _words_pair_up(a: str, b: str) -> bool:
    """Whether each word of the shorter name (of both, when equally long) has a look-alike in the other —
    the same word misspelt, or an abbreviation of it ("tech" for "technology"): "acon marine" is not
    "jason marine", and "daily msft bull" is not "daily meta bull", however close the whole strings are.
    Extra words in the longer name (a city, a division) are left to the whole-string score."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) == 1 and len(words_b) == 1:
        return True  # one word each: the whole-string score says it all
    sides = [(words_a, words_b), (words_b, words_a)]
    if len(words_a) != len(words_b):
        sides = [min(sides, key=lambda side: len(side[0]))]
    for mine, theirs in sides:
        for word in mine:
            if len(word) <= 2 or any(_abbreviates(word, other) for other in theirs):
                continue
            if max(fuzz.ratio(word, other) for other in theirs) < WORD_MATCH:
                return False
    return True


def _contained(shorter: list[str], longer: list[str]) -> bool:
    """The shorter name (two words or more) opening the longer one ("asml netherlands" in "asml
    netherlands b v veldhoven"), or inside it word for word when the longer is at most twice as long."""
    size = len(shorter)
    if size < 2:
        return False
    if longer[:size] == shorter:
        return True
    return len(longer) <= 2 * size and any(
        longer[i : i + size] == shorter for i in range(len(longer) - size + 1)
    )


@dataclass(frozen=True)
class NameSimilarity:
    score: int  # 0-100
    how: str  # "exact", "abbreviated", "fuzzy", "word order", "sound", "acronym", "contained"


def _swapped(a: str, b: str) -> bool:
    """Whether one name is the other with two neighbouring letters swapped (names of 5 letters or more)."""
    return (
        len(a) == len(b) >= 5
        and OSA.distance(a, b, score_cutoff=1) == 1
        and Levenshtein.distance(a, b, score_cutoff=2) == 2
    )


def _one_slip_apart(a: str, b: str) -> bool:
    """For a name of one word (against any name, spaces ignored): whether one slip of the keys — a letter
    more, less, changed, or two swapped — turns one into the other; two slips in one word make another
    name ("leadcorp", "adcorp"). A name of four letters or fewer must be spelt the same ("rum", "rumo").
    Names of several words each are left to `_words_pair_up`."""
    if " " in a and " " in b:
        return True
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    if min(len(joined_a), len(joined_b)) <= SHORT_NAME:
        return False
    return OSA.distance(joined_a, joined_b, score_cutoff=1) <= 1


def _numbers(key: str) -> list[str]:
    return sorted(re.findall(r"\d+", key))


def _is_acronym(short: str, long: str) -> bool:
    """Whether one name is the initials of the other: "ibm" of "international business machines". Two
    letters are too few to tell ("kt" are the initials of any "Kappa Tools")."""
    letters = short.replace(" ", "")
    return MIN_ACRONYM <= len(letters) <= long.count(" ") + 1 and acronym(long) == letters


def _fuzzy(a: str, b: str) -> tuple[float, float]:
    return fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)


def name_similarity(a: str, b: str) -> NameSimilarity:
    """Compare two keys made by matching.normalize.name_key."""
    if not a or not b:
        return NameSimilarity(0, "fuzzy")
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return NameSimilarity(100, "exact")
    read_a, read_b = common_words(a), common_words(b)
    if read_a != a or read_b != b:
        if read_a == read_b or read_a.replace(" ", "") == read_b.replace(" ", ""):
            return NameSimilarity(ABBREVIATED_SCORE, "abbreviated")
        # "acme intl hldgs" is compared as "acme international", and as written: "tekhnologies" is closer to
        # "technologies" than to the "technology" both read as.
        return max(_alike(a, b), _alike(read_a, read_b), key=lambda s: s.score)
    return _alike(a, b)


def _alike(a: str, b: str) -> NameSimilarity:
    if sorted(a.split()) == sorted(b.split()):
        return NameSimilarity(WORD_ORDER_SCORE, "word order")
    plain, reordered = _fuzzy(a, b)
    if plain < SWAPPED_SCORE and _swapped(a, b):
        plain = SWAPPED_SCORE
    best = NameSimilarity(round(plain), "fuzzy")
    if reordered > plain + 5:
        best = NameSimilarity(round(reordered), "word order")
    elif reordered > plain:
        best = NameSimilarity(round(reordered), "fuzzy")
    sound_a, sound_b = sound_key(a), sound_key(b)
    # Below LETTERS_FOR_SOUND the letters are too far apart for a mere transliteration (and the work is
    # saved: most names scored are unrelated).
    if (sound_a != a or sound_b != b) and best.score >= LETTERS_FOR_SOUND:
        sound = max(_fuzzy(sound_a, sound_b))
        # Transliteration or spelling variants: only worth saying when it clearly beats the letters, and
        # when the names then sound (nearly) the same: "starbucks" and "starbox" only sound close.
        if sound >= max(best.score + 5, SOUND_MIN):
            best = NameSimilarity(round(sound) if sound < 100 else 99, "sound")
    if best.score < ACRONYM_SCORE and (_is_acronym(b, a) or _is_acronym(a, b)):
        return NameSimilarity(ACRONYM_SCORE, "acronym")
    if best.score > UNPAIRED and not _words_pair_up(sound_a, sound_b):
        best = NameSimilarity(UNPAIRED, best.how)
    if best.score > NOT_A_SLIP and best.how == "fuzzy" and not _one_slip_apart(a, b):
        best = NameSimilarity(NOT_A_SLIP, best.how)
    if best.score > NOT_A_SLIP and _numbers(a) != _numbers(b):
        # "Value8" is not "Value", nor "2x Long" "3x Long": a number names a different company or fund.
        best = NameSimilarity(min(best.score, NOT_A_SLIP), best.how)
    if best.score < CONTAINED_SCORE:
        shorter, longer = sorted((a.split(), b.split()), key=len)
        if _contained(shorter, longer):
            # "philips electronics" inside "koninklijke philips electronics": maybe the same company.
            return NameSimilarity(CONTAINED_SCORE, "contained")
    return best


def spoken_similarity(typed: str, indexed: str) -> NameSimilarity:
    """How alike a name typed in Cyrillic (its transliterated key) and an indexed name sound, their
    vowels blurred: «Дженерал Электрик» ("dzheneral elektrik") and "general electric" read alike."""
    if not typed or not indexed:
        return NameSimilarity(0, "sound")
    heard = sound_skeleton(typed, from_cyrillic=True)
    written = sound_skeleton(indexed)
    # Blurred vowels leave too little of a short name to go by ("Йаху" reads "a").
    if len(heard.replace(" ", "")) < MIN_HEARD or not _words_pair_up(heard, written):
        return NameSimilarity(0, "sound")
    # Names that sound the same are told apart by their letters: «Болт» is Bolt rather than Belt.
    letters = fuzz.ratio(sound_key(typed), sound_key(indexed))
    score = max(_fuzzy(heard, written)) - SPOKEN_DISCOUNT - (100 - letters) / 10
    return NameSimilarity(min(SPOKEN_MAX, round(score)), "sound")
