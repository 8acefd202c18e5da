"""The global search: every registered kind the reader may see, one bounded query per kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.actor import Actor
from search.registry import SearchHit, SearchSource, sources
from search.text import closeness, tolerant_search

PER_KIND = 5  # results shown per kind (the typeahead)
PAGE_PER_KIND = 20  # on the search page
CANDIDATES = 25  # rows read per kind, best first by trigrams, then ordered by closeness
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass
class SearchGroup:
    kind: str
    label: Any
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False  # more rows matched than shown
    list_url: str | None = None


def search_query(text: str) -> str:
    """The query as searched: trimmed, at most MAX_LENGTH characters; "" when too short to search."""
    text = " ".join((text or "").split())[:MAX_LENGTH]
    return text if len(text) >= MIN_LENGTH else ""


def _group(source: SearchSource, *, actor: Actor, text: str, limit: int) -> SearchGroup | None:
    queryset = source.queryset(actor)
    if queryset is None:
        return None
    exact = source.exact(text) if source.exact else None
    found = tolerant_search(queryset, text, fields=source.fields, exact=exact, rank=True)
    rows = list(found[: max(CANDIDATES, limit + 1)])
    rows.sort(key=lambda row: -closeness(text, source.texts(row)))  # stable: SQL's order breaks ties
    return SearchGroup(
        kind=source.kind,
        label=source.label,
        hits=[source.hit(row, actor) for row in rows[:limit]],
        more=len(rows) > limit,
        list_url=source.list_url(actor, text) if source.list_url else None,
    )


def search_everything(
    *,
    actor: Actor,
    text: str,
    limit: int = PER_KIND,
    kinds: set[str] | None = None,
    area_allowed: Callable[[str], bool] | None = None,
) -> list[SearchGroup]:
    """The kinds with matches, in registry order, each with at most `limit` hits the actor may see.
    `kinds` narrows to some kinds; `area_allowed` drops kinds whose API area an API token may not read."""
    text = search_query(text)
    if not text or not actor.is_authenticated:
        return []
    groups = []
    for source in sources():
        if kinds is not None and source.kind not in kinds:
            continue
        if area_allowed is not None and not area_allowed(source.area):
            continue
        group = _group(source, actor=actor, text=text, limit=limit)
        if group is not None and group.hits:
            groups.append(group)
    return groups
