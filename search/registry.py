"""The searchable kinds: each app registers a `SearchSource` for what it owns (from its `search.py`, listed in
its `RegisteringAppConfig.registers`); the global search asks every source, in `order`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse

from core.actor import Actor
from matching.normalize import tax_id_key


@dataclass(frozen=True)
class SearchHit:
    title: str
    detail: str
    url: str


def search_hit(title: Any, url: str, *details: Any) -> SearchHit:
    """A result line: the object's name, then those of its `details` that are there, joined."""
    return SearchHit(title=str(title), detail=" · ".join(str(d) for d in details if d), url=url)


def tax_id_exact(field: str = "tax_id_key") -> Callable[[str], Q | None]:
    """`exact` for a kind with a stored tax id key: a text of five characters or more that reads as a tax id
    finds it exactly, whatever its spacing and punctuation."""

    def exact(text: str) -> Q | None:
        key = tax_id_key(text)
        return Q(**{field: key}) if len(key) >= 5 else None

    return exact


def filtered_list(
    *, staff: str | None = None, partner: str | None = None, **params: str
) -> Callable[[Actor, str], str | None]:
    """`list_url` of a kind: the list page (a URL name for staff, one for partner users; None: the reader
    has none) filtered by the searched text and the fixed `params` (a list's "any status")."""

    def url(actor: Actor, text: str) -> str | None:
        name = staff if actor.is_staff else partner
        return f"{reverse(name)}?{urlencode({'q': text, **params})}" if name else None

    return url


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable object.

    `queryset(actor)` starts from `Model.objects.visible_to(actor)` (with what `hit` reads joined in), or is
    None when this kind is not for the reader (staff-only kinds for partner users: no query at all).
    `fields` are searched with `search.text.tolerant_search`; `exact(text)` adds exact matches (a tax id).
    `texts(obj)` are what the few rows found are ordered by; `hit(obj, actor)` is the line shown.
    `list_url(actor, text)` is the filtered list holding every match, when the reader has one.
    `area` is the API area whose read scope an API token needs to see this kind (accounts.scopes)."""

    kind: str
    label: Any
    area: str
    order: int
    queryset: Callable[[Actor], QuerySet | None]
    fields: Sequence[str]
    texts: Callable[[Any], Sequence[str]]
    hit: Callable[[Any, Actor], SearchHit]
    exact: Callable[[str], Q | None] | None = None
    list_url: Callable[[Actor, str], str | None] | None = None


_SOURCES: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[SearchSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


def get_source(kind: str) -> SearchSource:
    return _SOURCES[kind]
