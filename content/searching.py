"""Library search: every word of the query found in an asset's text, typos and Cyrillic forgiven.

An asset's searchable text (titles and descriptions in both languages, tags, category, products, file names)
is kept folded to lower-case Latin in `Asset.search_text` (`search_document`), so «прайс» finds a price list
titled «Прайс-лист» and "presentaton" finds a presentation. On PostgreSQL each word is matched by pg_trgm's
word similarity through a trigram GIN index (`core.db.similar_words_q`): a search reads the index, not every
asset. On SQLite (the embedded default, small libraries) the same rule is checked row by row with
`search.text`'s trigram counting.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual

from core.db import similar_words_q
from matching.normalize import text_words
from search.text import TRIGRAM_SHARE, PiecesFound, grams, needed

MAX_WORDS = 6


def search_document(*parts: str | Iterable[str] | None) -> str:
    """The folded text an asset is searched by, from its parts (texts or lists of texts)."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        for text in [part] if isinstance(part, str) else part:
            words += text_words(text)
    # Each word once: the text is for finding, and duplicates only make it longer.
    return " ".join(dict.fromkeys(words))


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(text_words((text or "")[:200])))[:MAX_WORDS]


def search_assets(queryset: QuerySet, text: str, *, field: str = "search_text") -> QuerySet:
    words = query_words(text)
    if not words:
        return queryset
    indexed = similar_words_q(field, words)
    if indexed is not None:
        return queryset.filter(indexed)
    condition = Q()
    for word in words:
        pieces = grams(word, 3)
        found = GreaterThanOrEqual(PiecesFound(field, pieces), needed(len(pieces), TRIGRAM_SHARE))
        condition &= Q(found) | Q(**{f"{field}__contains": word})
    return queryset.filter(condition)
