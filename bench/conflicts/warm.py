"""Bring the search index into memory before timing, as on a server that has been answering for a while.

A freshly loaded million-row index sits on disk; the first queries after a load pay for reading it, which
says more about the disk than about the search. PostgreSQL reads the relations with `pg_prewarm` (into the
OS cache); SQLite reads its file once. Cold figures can still be had with `--cold`.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection

from conflicts.models import IndexedCustomer, NameBlock


def _relations() -> list[str]:
    names = [IndexedCustomer._meta.db_table, f"{IndexedCustomer._meta.db_table}_pkey"]
    names += [index.name for model in (IndexedCustomer, NameBlock) for index in model._meta.indexes]
    return names


def warm_up(log=print) -> None:
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            pages = 0
            for relation in _relations():
                cursor.execute("SELECT pg_prewarm(%s::regclass, 'read')", [relation])
                pages += cursor.fetchone()[0]
        size = pages * 8192
    else:
        path = Path(connection.settings_dict["NAME"])
        size = 0
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 24):
                size += len(chunk)
    log(f"  warmed up: {size / 2**20:,.0f} MB of index read in {time.perf_counter() - started:.1f} s")
