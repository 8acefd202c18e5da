"""Library search: every word of the query found in an asset, typos, endings and Cyrillic forgiven.

An asset's searchable text (titles and descriptions in both languages, tags, category, products, file names)
is kept as its distinct words, folded to lower-case Latin (`Asset.search_words`, `search_words`), and every
word any asset holds is in the vocabulary (`SearchWord`). A query word is first looked up in the vocabulary:
the words close to it ("presentaton" → presentation, presentations; «прайс» → prays; "tour" → touring). An
asset is found when, for each query word, it holds one of those words. Looking in a vocabulary of some
thousand words is what makes the search forgiving; testing "holds one of these words" is an index lookup
(PostgreSQL: a GIN index on the word list; the vocabulary has a trigram index, `core.db.similar_words`), so
a search over 100,000 assets reads the index, not the assets. SQLite (the embedded default, small libraries)
runs the same rule with `search.text`'s trigram counting on the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual

from core.db import json_list_contains, similar_words
from matching.normalize import text_words
from search.text import TRIGRAM_SHARE, PiecesFound, grams, needed

MAX_WORDS = 6  # of a query
MAX_CANDIDATES = 12  # vocabulary words tried per query word
MAX_WORD_LENGTH = 60


def search_words(*parts: str | Iterable[str] | None) -> list[str]:
    """The distinct folded words an asset is found by, from its parts (texts or lists of texts)."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        for text in [part] if isinstance(part, str) else part:
            words += (word for word in text_words(text) if len(word) <= MAX_WORD_LENGTH)
    return list(dict.fromkeys(words))


def query_words(text: str) -> list[str]:
    words = [word[:MAX_WORD_LENGTH] for word in text_words((text or "")[:200])]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def remember_words(words: Iterable[str]) -> None:
    """Add an asset's words to the vocabulary (a word already there is left alone)."""
    from content.models import SearchWord

    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in set(words)], ignore_conflicts=True, batch_size=1000
    )


def close_words(word: str) -> list[str]:
    """The vocabulary's words a query word stands for: itself, words it begins, and words within a typo."""
    from content.models import SearchWord

    vocabulary = SearchWord.objects.all()
    indexed = similar_words(vocabulary, "word", word, limit=MAX_CANDIDATES) if len(word) > 2 else None
    if indexed is None:
        condition = Q(word=word) | Q(word__startswith=word)
        if len(word) > 2:
            pieces = grams(word, 3)
            condition |= Q(
                GreaterThanOrEqual(PiecesFound("word", pieces), needed(len(pieces), TRIGRAM_SHARE))
            )
        indexed = list(vocabulary.filter(condition).order_by("word").values_list("word", flat=True)[:50])
        indexed.sort(
            key=lambda found: (found != word, not found.startswith(word), abs(len(found) - len(word)))
        )
        indexed = indexed[:MAX_CANDIDATES]
    elif word not in indexed and vocabulary.filter(word=word).exists():
        indexed = [word, *indexed[: MAX_CANDIDATES - 1]]
    return indexed


def search_assets(queryset: QuerySet, text: str, *, field: str = "search_words") -> QuerySet:
    words = query_words(text)
    if not words:
        return queryset
    condition = Q()
    for word in words:
        found = close_words(word)
        if not found:
            return queryset.none()
        either = Q()
        for candidate in found:
            either |= json_list_contains(field, candidate)
        condition &= either
    return queryset.filter(condition)
