"""What can be imported: each domain app registers an `Importer` (leads registers `leads.importer`).

The generic flow (`imports.services`) reads the file, applies the column mapping and hands every row to the
importer as {target: raw text}; the importer parses and checks it (`validate_row`, pure: whatever it needs to
look up is loaded once in `prepare`) and writes batches of parsed rows (`write_batch`, inside the transaction
that also advances the job's resume cursor).

Targets a column may be mapped to: a standard field (`fields()`), an importer's extra targets
(`extra_targets()`: "attr:<key>" for a custom attribute …), `NEW_ATTRIBUTE` when the importer
`creates_attributes` (a new custom attribute made from the column), or "" (ignored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from imports.models import ImportJob

NEW_ATTRIBUTE = "new_attr"
IGNORE = ""


@dataclass(frozen=True)
class TargetField:
    """Where a column's values may go."""

    name: str
    label: Any
    required: bool = False
    kind: str = "text"  # text, email, number, boolean, date, choice, list: what the help says it takes
    choices: tuple[tuple[str, Any], ...] = ()
    help: Any = ""
    # Other header texts that mean this field ("company", "компания"), for the proposed mapping.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """One problem in one row: the target it is about (None for the whole row), a stable code, a message in
    the job's language, and the raw value."""

    target: str | None
    code: str
    message: str
    value: str = ""


class Importer:
    """The base every importer extends. A new instance serves each run (dry run or import), so it may keep
    what `prepare` loaded and what the dry run learns about the columns on `self`."""

    key: str = ""
    label: Any = ""
    permission: str = ""
    # Partner-side importers' jobs belong to the uploader's partner; vendor-side ones are staff only.
    partner_side: bool = False
    creates_attributes: bool = False
    batch_size: int = 2000

    def __init__(self) -> None:
        self.state: dict[str, Any] = {}

    def fields(self) -> list[TargetField]:
        raise NotImplementedError

    def extra_targets(self) -> list[TargetField]:
        return []

    def targets(self) -> dict[str, TargetField]:
        return {target.name: target for target in [*self.fields(), *self.extra_targets()]}

    def prepare(self, job: ImportJob, *, writing: bool) -> None:
        """Load what `validate_row` looks up (once per run, never per row). `writing` is True for the import
        itself: the place to create what the dry run decided (new attributes)."""

    def validate_row(self, raw: dict[str, str]) -> tuple[dict[str, Any], list[RowError]]:
        """One row's raw texts by target → (its parsed values, its errors). No queries."""
        raise NotImplementedError

    def dry_run_state(self) -> dict[str, Any]:
        """What the dry run learnt that the import needs (kept on the job as JSON)."""
        return {}

    def write_batch(self, rows: list[tuple[int, dict[str, Any]]], job: ImportJob) -> int:
        """Write (row number, parsed values) pairs in the caller's transaction; returns how many it wrote."""
        raise NotImplementedError

    def finish(self, job: ImportJob) -> None:
        """After the last batch (routing, scoring …): enqueue what follows."""

    def result_url(self, job: ImportJob) -> str | None:
        """Where the imported rows are listed."""
        return None


_registry: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Add an importer class (idempotent for the same class; usable as a class decorator)."""
    existing = _registry.get(importer.key)
    if existing is not None and existing is not importer:
        raise ValueError(f"A different importer is already registered as {importer.key!r}")
    _registry[importer.key] = importer
    return importer


def get_importer(key: str) -> Importer | None:
    """A fresh instance of the importer registered as `key`, or None."""
    importer = _registry.get(key)
    return importer() if importer is not None else None


def registered() -> Iterable[Importer]:
    return [importer() for _key, importer in sorted(_registry.items())]
