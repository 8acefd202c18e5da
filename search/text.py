"""Text search that forgives typos and transliteration, as one SQL condition on both databases.

A query is split into words the way `matching.normalize` reads company names (case, accents, Cyrillic
transliterated to Latin, legal forms and a leading "The" dropped). A word is found in a row when one of the
searched columns holds most of its three-letter pieces (trigrams) — "progresive" shares 7 of its 8 with
"Progressive Sports", "прогрессив" (read as "progressiv") 8 of 8 — or, for words of five letters or more,
nearly all of its two-letter pieces, which survive a dropped double letter ("galager" for "Gallagher").
Every word must be found (the words narrow, as in the lists' old search); a column holding the query as
typed is always found too, so nothing the old search found is lost. Words of three letters or fewer
must occur as they are.

A query that is not plain ASCII (Cyrillic) is also read as it sounds, because Russians write English names as
they are said (`matching.normalize.spoken_tokens`): «байк стор» reads "bik stor", «Майкрософт» "mikrosoft",
«систем» "sistem". Each trigram of those words counts when the column holds it spelt any way English writes
its letters ("mik" as mik, mic, myk or myc: `spoken_spellings`), so they find Bike Store, Microsoft and
Adventure Systems — a few more LIKEs on the same columns, in the same query. A Latin query runs exactly the
SQL it did before.

This is pg_trgm's similarity done with `icontains`, so SQLite (the default database) and PostgreSQL answer
alike and no index has to be kept in step with every write. It reads every row the reader may see; at
tens of thousands of rows per list a trigram index (pg_trgm GIN) would take its place behind this module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import F, Func, IntegerField, Q, QuerySet
from rapidfuzz import fuzz

from matching.normalize import name_key, name_tokens, spoken_fold, spoken_spellings, spoken_tokens

TRIGRAM_SHARE = 0.6  # of a word's trigrams one column must hold
BIGRAM_SHARE = 0.8  # or of its two-letter pieces, for words of BIGRAM_FROM letters or more
BIGRAM_FROM = 5
MAX_WORDS = 4
MAX_GRAMS = 10  # per word and size: a long word needs no more evidence than this
RANK = "_search_rank"


def grams(word: str, size: int) -> list[str]:
    """The word's pieces of `size` letters, at most MAX_GRAMS spread over the word; a short word is one."""
    if len(word) <= size:
        return [word]
    pieces = list(dict.fromkeys(word[i : i + size] for i in range(len(word) - size + 1)))
    if len(pieces) > MAX_GRAMS:
        step = len(pieces) / MAX_GRAMS
        pieces = [pieces[int(i * step)] for i in range(MAX_GRAMS)]
    return pieces


def needed(count: int, share: float) -> int:
    """How many of a word's `count` pieces a column must hold."""
    return count if count <= 2 else math.ceil(share * count)


def query_spellings(text: str) -> list[list[str]]:
    """The query as alternative word lists: normalised Latin words, and (when the query holds letters
    outside ASCII, e.g. Cyrillic) its own lowercased words, for names stored in that script."""
    text = (text or "").strip()[:200]
    spellings: list[list[str]] = []
    latin = name_tokens(text)[:MAX_WORDS]
    if latin:
        spellings.append(latin)
    if not text.isascii():
        own = [w for w in re.split(r"[^\w]+", text.casefold()) if w][:MAX_WORDS]
        if own and own != latin:
            spellings.append(own)
    return spellings


def spoken_spelling(text: str) -> list[list[list[str]]]:
    """The query's words as they sound, each as its trigrams and each trigram as its spellings
    ([["bik", "bic", "byk", "byc"]] for «байк»), for a query that is not plain ASCII; [] for one that is, or
    when it would look for nothing the other spellings do not."""
    text = (text or "").strip()[:200]
    if text.isascii():
        return []
    tokens = spoken_tokens(text)[:MAX_WORDS]
    words = [[spoken_spellings(piece) for piece in grams(word, 3)] for word in tokens]
    if tokens in query_spellings(text) and all(len(piece) == 1 for word in words for piece in word):
        return []  # the Latin spelling looks for the same
    return words


class PiecesFound(Func):
    """How many of `pieces` the column holds, case-insensitively (as `icontains` would find each one), as
    one SQL sum: compiled once, whatever the number of pieces. A piece given as several spellings counts
    once when the column holds any of them."""

    output_field = IntegerField()

    def __init__(self, field: str, pieces: Sequence[str | Sequence[str]]):
        super().__init__(F(field))
        self.pieces = [[piece] if isinstance(piece, str) else list(piece) for piece in pieces]

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        # Django's icontains, piece by piece: UPPER on both sides on PostgreSQL (the database's own case
        # rules, whatever its locale), SQLite's LIKE ignores case by itself.
        pattern = "%s"
        if connection.vendor == "postgresql":
            column, pattern = f"UPPER({column}::text)", "UPPER(%s)"
        terms, values = [], []
        for spellings in self.pieces:
            holds = " OR ".join(f"{column} LIKE {pattern} ESCAPE '\\'" for _ in spellings)
            terms.append(f"CASE WHEN {holds} THEN 1 ELSE 0 END")
            for spelling in spellings:
                values.extend([*params, f"%{connection.ops.prep_for_like_query(spelling)}%"])
        return f"({' + '.join(terms)})", values


def tolerant_search(
    queryset: QuerySet, text: str, *, fields: Sequence[str], exact: Q | None = None, rank: bool = False
) -> QuerySet:
    """The rows where each word of `text` is found in one of `fields` (typos and transliteration
    forgiven), or one of the fields holds `text` as typed, or `exact` holds (e.g. a tax id). With `rank`,
    best first (most pieces found)."""
    text = (text or "").strip()
    if not text:
        return queryset
    aliases: dict[str, Any] = {}
    cond = Q()
    for field in fields:
        cond |= Q(**{f"{field}__icontains": text})
    if exact is not None:
        cond |= exact
    for s, words in enumerate(query_spellings(text)):
        every_word = Q()
        for w, word in enumerate(words):
            sizes = [(3, TRIGRAM_SHARE)] + ([(2, BIGRAM_SHARE)] if len(word) >= BIGRAM_FROM else [])
            found = Q()
            for f, field in enumerate(fields):
                for size, share in sizes:
                    pieces = grams(word, size)
                    name = f"_search_{s}_{w}_{f}_{size}"
                    aliases[name] = PiecesFound(field, pieces)
                    found |= Q(**{f"{name}__gte": needed(len(pieces), share)})
            every_word &= found
        cond |= every_word
    spoken = spoken_spelling(text)
    if spoken:  # as it sounds: trigrams only, each in any of its spellings
        every_word = Q()
        for w, spelt in enumerate(spoken):
            found = Q()
            for f, field in enumerate(fields):
                name = f"_search_spoken_{w}_{f}"
                aliases[name] = PiecesFound(field, spelt)
                found |= Q(**{f"{name}__gte": needed(len(spelt), TRIGRAM_SHARE)})
            every_word &= found
        cond |= every_word
    queryset = queryset.alias(**aliases).filter(cond)
    if rank and aliases:
        score: Any = None
        for name in aliases:
            score = F(name) if score is None else score + F(name)
        queryset = queryset.alias(**{RANK: score}).order_by(f"-{RANK}", "pk")
    return queryset


def closeness(text: str, values: Iterable[str]) -> int:
    """How close the best of a row's texts is to the query (the same name scores highest, then a name
    starting with the query, then the fuzzy score), to order the few rows SQL found."""
    query_keys = [name_key(text) or text.casefold()]
    if not text.isascii():  # and as it sounds, against names read the same way
        query_keys.append(spoken_fold(" ".join(spoken_tokens(text))))
    best = 0
    for value in values:
        if not value:
            continue
        key = name_key(value) or value.casefold()
        for query_key, value_key in zip(query_keys, (key, spoken_fold(key)), strict=False):
            if not query_key:
                continue
            if value_key == query_key:
                return 200
            best = max(
                best,
                150 if value_key.startswith(query_key) else 0,
                round(fuzz.ratio(query_key, value_key)),
                round(fuzz.partial_ratio(query_key, value_key)) - 5,  # inside a longer name: a little less
            )
    return best
