"""Keeps the conflict search index in step with the records it covers.

The apps that own the records (direct, deals) call `index_record` / `unindex_record` (or the named
shortcuts) after every write that can change a record's names, keys or liveness; what a record's entries
are is its source's business (`conflicts.sources`). `rebuild` recreates the whole index from every
registered source (after bulk loads, or to repair it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction

from conflicts.models import IndexedCustomer, IndexState, NameBlock, Source
from conflicts.sources import IndexEntry, get_source, sources
from matching.blocking import INDEX_VERSION, blocking_keys, key_hash

__all__ = ["IndexEntry", "index_record", "unindex_record", "rebuild", "rebuild_bulk", "is_current"]

BATCH = 5000


def _write(entries: Iterable[IndexEntry]) -> int:
    """Insert entries and their blocking keys in batches; returns how many names were written."""
    written = 0
    batch: list[IndexEntry] = []

    def flush():
        nonlocal written
        rows = IndexedCustomer.objects.bulk_create(
            [
                IndexedCustomer(
                    source=e.source,
                    record_id=e.record_id,
                    partner_id=e.partner_id,
                    name_key=e.name_key,
                    domain=e.domain,
                    tax_id_key=e.tax_id_key,
                )
                for e in batch
            ]
        )
        blocks = [
            NameBlock(key_hash=key_hash(key), customer_id=row.pk)
            for row in rows
            for key in blocking_keys(row.name_key)
        ]
        NameBlock.objects.bulk_create(blocks, batch_size=BATCH * 4)
        written += len(rows)
        batch.clear()

    for entry in entries:
        batch.append(entry)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return written


def _replace(source: str, record_id: int, entries: list[IndexEntry]) -> None:
    with transaction.atomic():
        IndexedCustomer.objects.filter(source=source, record_id=record_id).delete()
        _write(entries)


def index_record(source: str, record) -> None:
    """Replace the record's entries with what its source says they are now (none when not live)."""
    _replace(source, record.pk, get_source(source).entries(record))


def unindex_record(source: str, record_id: int) -> None:
    IndexedCustomer.objects.filter(source=source, record_id=record_id).delete()


def index_direct_account(account) -> None:
    index_record(Source.DIRECT_ACCOUNT, account)


def unindex_direct_account(account_pk: int) -> None:
    unindex_record(Source.DIRECT_ACCOUNT, account_pk)


def index_registration(registration) -> None:
    index_record(Source.REGISTRATION, registration)


def _all_entries() -> Iterator[IndexEntry]:
    for source in sources():
        for record in source.live():
            yield from source.entries(record)


def _mark_current() -> None:
    IndexState.objects.all().delete()
    IndexState.objects.create(version=INDEX_VERSION)


def is_current() -> bool:
    return IndexState.objects.filter(version=INDEX_VERSION).exists()


def rebuild() -> int:
    """Recreate the whole index from the records; returns the number of names indexed."""
    return rebuild_bulk()


def rebuild_bulk() -> int:
    """`rebuild` for bulk loads (a million records): the same rows, written with COPY on PostgreSQL and
    executemany on SQLite instead of model instances, with ids assigned here. Returns the names indexed."""
    from django.db import connection

    customers, blocks = IndexedCustomer._meta.db_table, NameBlock._meta.db_table
    entries = list(_all_entries())
    ic_columns = "id, source, record_id, partner_id, name_key, domain, tax_id_key"
    rows = (
        (i, e.source, e.record_id, e.partner_id, e.name_key, e.domain, e.tax_id_key)
        for i, e in enumerate(entries, start=1)
    )
    block_rows = (
        (key_hash(key), i) for i, e in enumerate(entries, start=1) for key in blocking_keys(e.name_key)
    )
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            # TRUNCATE refuses while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {blocks}, {customers} RESTART IDENTITY")
            raw = cursor.cursor
            with raw.copy(f"COPY {customers} ({ic_columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            with raw.copy(f"COPY {blocks} (key_hash, customer_id) FROM STDIN") as copy:
                for block_row in block_rows:
                    copy.write_row(block_row)
            sequence = f"pg_get_serial_sequence('{customers}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, %s, true)", [max(len(entries), 1)])
            cursor.execute(f"ANALYZE {customers}")
            cursor.execute(f"ANALYZE {blocks}")
        else:
            cursor.execute(f"DELETE FROM {blocks}")
            cursor.execute(f"DELETE FROM {customers}")
            marks = ", ".join(["%s"] * 7)
            cursor.executemany(f"INSERT INTO {customers} ({ic_columns}) VALUES ({marks})", list(rows))
            chunk: list[tuple[int, int]] = []
            for block_row in block_rows:
                chunk.append(block_row)
                if len(chunk) >= 200_000:
                    cursor.executemany(f"INSERT INTO {blocks} (key_hash, customer_id) VALUES (%s, %s)", chunk)
                    chunk.clear()
            if chunk:
                cursor.executemany(f"INSERT INTO {blocks} (key_hash, customer_id) VALUES (%s, %s)", chunk)
            cursor.execute("ANALYZE")
        _mark_current()
    return len(entries)


def refresh_statistics() -> None:
    """Call after `rebuild` / `rebuild_bulk`, outside a transaction."""
    from core.db import refresh_statistics as refresh

    refresh([IndexedCustomer._meta.db_table, NameBlock._meta.db_table])
