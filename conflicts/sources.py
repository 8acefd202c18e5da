"""The customer records the conflict engine searches, and where they come from.

conflicts imports neither of the apps whose records it indexes. Each registers a `CustomerSource` from its
`AppConfig.ready()`: direct (the vendor's active direct accounts) and deals (submitted and approved
registrations). A source says which of its records are live and what their index entries are, loads
records by id for a check, and names the choices its reason parameters use (so `explain` can render a
registration's status or a direct deal's stage in the reader's language). The feeding apps call
`conflicts.index` after every write that changes a record's names, keys or liveness.

What the engine reads of the records is duck-typed and written down here:

- a registration (the one checked, and the ones matched): `pk`, `partner_id`, `partner` (`name`,
  `tier`), `status`, `submitted_at`, `customer_name`, `name_key`, `customer_domain`, `tax_id_key`,
  `customer_country`, `amount`, `currency`, `lines` (with `product__channel_eligibility`);
- a direct account: `pk`, `name`, `is_named_account`, `region`, `segment`, `employees`,
  `annual_revenue`, `currency` and `deals` (each with `is_open`, `name`, `stage`, `amount`, `currency`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class IndexEntry:
    """One name of one live customer record, as the search index stores it."""

    source: str
    record_id: int
    partner_id: int | None
    name_key: str
    domain: str
    tax_id_key: str


@dataclass(frozen=True)
class CustomerSource:
    source: str  # a conflicts.models.Source value
    entries: Callable[[Any], list[IndexEntry]]  # a record's entries; [] when it is not live
    live: Callable[[], Iterable[Any]]  # every live record (rebuilding the index)
    load: Callable[[list[int]], dict[int, Any]]  # records by id, with what a check reads of them
    choices: dict[str, Any] = field(default_factory=dict)  # reason parameter -> its TextChoices


BATCH = 5000  # live records read per query when the index is rebuilt


def queryset_source(
    source: str,
    *,
    entries: Callable[[Any], list[IndexEntry]],
    live: QuerySet,
    load: QuerySet,
    choices: dict[str, Any] | None = None,
) -> CustomerSource:
    """A source whose live records are `live` (read in batches, with only what `entries` needs) and whose
    records for a check are read from `load` by id."""
    return CustomerSource(
        source=source,
        entries=entries,
        live=lambda: live.all().iterator(chunk_size=BATCH),
        load=lambda ids: load.all().in_bulk(ids),
        choices=choices or {},
    )


_sources: dict[str, CustomerSource] = {}


def register_source(source: CustomerSource) -> None:
    _sources[source.source] = source


def get_source(name: str) -> CustomerSource:
    try:
        return _sources[name]
    except KeyError:
        raise LookupError(f"No customer source {name!r} is registered (is its app installed?)") from None


def sources() -> list[CustomerSource]:
    return [_sources[name] for name in sorted(_sources)]


def choice_label(source: str, param: str, value: str) -> str:
    """The translated label of a reason parameter's value (a registration's status, a deal's stage)."""
    choices = _sources[source].choices.get(param) if source in _sources else None
    if choices is None:
        return value
    try:
        return str(choices(value).label)
    except ValueError:
        return value
