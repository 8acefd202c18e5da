"""Writing a generated dataset into the bench database, and remembering which one it holds.

Loading a million rows takes minutes, so the database keeps a marker (seed, rows, generator version)
and the next run reuses it when they match. Records go in with the primary keys the generator gave
them, so queries derived later from the same seed point at the right rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, transaction

from conflicts.index import rebuild_bulk, refresh_statistics
from deals.models import DealRegistration
from direct.models import DirectAccount
from matching.blocking import INDEX_VERSION
from matching.normalize import tax_id_key
from partners.models import Partner

from .generate import VERSION, Dataset, Record

MARKER = "bench_conflicts_seed"
BATCH = 5000
PARTNERS = 200


def marker() -> dict | None:
    with connection.cursor() as cursor:
        if MARKER not in connection.introspection.table_names(cursor):
            return None
        columns = [c.name for c in connection.introspection.get_table_description(cursor, MARKER)]
        # A marker from before the index had a version: the records stand, the index is rebuilt.
        index_column = "index_version" if "index_version" in columns else "NULL"
        cursor.execute(f"SELECT seed, rows_count, version, {index_column} FROM {MARKER}")  # noqa: S608
        row = cursor.fetchone()
    return {"seed": row[0], "rows": row[1], "version": row[2], "index_version": row[3]} if row else None


def is_loaded(seed: int, rows: int) -> bool:
    found = marker() or {}
    return {k: found.get(k) for k in ("seed", "rows", "version")} == {
        "seed": seed,
        "rows": rows,
        "version": VERSION,
    }


def index_is_current() -> bool:
    """Whether the search index was built with today's blocking keys (matching.blocking.INDEX_VERSION)."""
    return (marker() or {}).get("index_version") == INDEX_VERSION


def _set_marker(seed: int, rows: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")
        columns = "seed integer, rows_count integer, version integer, index_version integer"
        cursor.execute(f"CREATE TABLE {MARKER} ({columns})")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)",  # noqa: S608
            [seed, rows, VERSION, INDEX_VERSION],
        )


def reindex(seed: int, rows: int, log=print) -> float:
    """Rebuild only the search index over the loaded records (after the blocking keys changed)."""
    started = time.perf_counter()
    names = rebuild_bulk()
    refresh_statistics()  # the steady state autovacuum keeps a live database in
    seconds = time.perf_counter() - started
    log(f"  search index rebuilt: {names:,} names in {seconds:.1f} s")
    _set_marker(seed, rows)
    return seconds


def _batches(items: Iterable, size: int = BATCH) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _partners() -> list[int]:
    Partner.objects.filter(name__startswith="Bench partner ").delete()
    Partner.objects.bulk_create(
        Partner(
            name=f"Bench partner {i:03d}", partner_type="reseller", web_domain=f"bench-partner-{i}.example"
        )
        for i in range(PARTNERS)
    )
    return list(
        Partner.objects.filter(name__startswith="Bench partner ")
        .order_by("name")
        .values_list("pk", flat=True)
    )


def _account(r: Record) -> DirectAccount:
    return DirectAccount(
        pk=r.pk,
        name=r.name[:200],
        legal_name=r.legal_name,
        web_domain=r.domain,
        tax_id=r.tax_id,
        is_named_account=r.named,
        name_key=r.key[:200],
        legal_name_key=r.legal_key,
        tax_id_key=tax_id_key(r.tax_id),
    )


def _registration(r: Record, partners: list[int]) -> DealRegistration:
    return DealRegistration(
        pk=r.pk,
        partner_id=partners[r.partner],
        customer_name=r.name[:200],
        customer_domain=r.domain,
        customer_tax_id=r.tax_id,
        status=r.status,
        name_key=r.key[:200],
        tax_id_key=tax_id_key(r.tax_id),
    )


def _clear() -> None:
    """Empty what a previous load wrote (the bench database holds nothing else)."""
    tables = [DirectAccount._meta.db_table, DealRegistration._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in ("deals_dealline", *tables):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def load(dataset: Dataset, log=print) -> dict[str, float]:
    """Write the records and build the search index; seconds per step."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        _clear()
        partners = _partners()
        accounts = (_account(r) for r in dataset.records if r.source == "direct_account")
        for chunk in _batches(accounts):
            DirectAccount.objects.bulk_create(chunk)
        registrations = (_registration(r, partners) for r in dataset.records if r.source == "registration")
        for chunk in _batches(registrations):
            DealRegistration.objects.bulk_create(chunk)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [DirectAccount, DealRegistration]):
                cursor.execute(sql)
    timings["records_s"] = time.perf_counter() - started
    log(f"  records: {len(dataset.records):,} in {timings['records_s']:.1f} s")
    started = time.perf_counter()
    names = rebuild_bulk()
    refresh_statistics()  # the steady state autovacuum keeps a live database in
    timings["index_s"] = time.perf_counter() - started
    log(f"  search index: {names:,} names in {timings['index_s']:.1f} s")
    _set_marker(dataset.seed, len(dataset.records))
    return timings
