"""The seam between SQLite and PostgreSQL: database-specific lookups live here, behind one function each."""

import json
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def json_list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list `field` contains the string `value`."""
    if is_postgres():
        return Q(**{f"{field}__contains": [value]})
    # SQLite has no JSON containment lookup; the list is stored as JSON text, so match the quoted item.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def similar_words(queryset, field: str, word: str, *, limit: int):
    """On PostgreSQL: the values of `field` (one word each) closest to `word` (pg_trgm's word similarity,
    answered by a trigram GIN index on the column), the closest first, at most `limit`. None elsewhere: the
    caller matches portably (`search.text`)."""
    if not is_postgres():
        return None
    from django.contrib.postgres.search import TrigramWordDistance

    return list(
        queryset.filter(**{f"{field}__trigram_word_similar": word})
        .annotate(_distance=TrigramWordDistance(word, field))
        .order_by("_distance", field)
        .values_list(field, flat=True)[:limit]
    )


def create_trigram_index(schema_editor, *, table: str, column: str, name: str) -> None:
    """A migration's step: the trigram GIN index `similar_words` reads, on PostgreSQL only (the `pg_trgm`
    extension is created when missing, which needs a role allowed to)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
    )


def create_json_list_index(schema_editor, *, table: str, column: str, name: str) -> None:
    """A migration's step: a GIN index answering `json_list_contains` on PostgreSQL (none elsewhere)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    index = f"{quote(name)} ON {quote(table)} USING gin ({quote(column)} jsonb_path_ops)"
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index}")


def drop_index(schema_editor, *, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def first_rows_per_key(
    *, table: str, key_column: str, value_column: str, keys: list, limit: int
) -> list[tuple]:
    """(key, value) rows: for each key, at most `limit` values, read along the (key, value) index.

    PostgreSQL plans one LATERAL join over the array of keys; SQLite gets one LIMITed branch per key in a
    UNION ALL (it has no LATERAL). The identifiers come from model metadata, never from users.
    """
    if not keys:
        return []
    one_key = f"SELECT {key_column}, {value_column} FROM {table} WHERE {key_column} = %s LIMIT {int(limit)}"  # noqa: S608
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                f"SELECT k.key, v.{value_column} FROM unnest(%s::bigint[]) AS k(key) "  # noqa: S608
                f"CROSS JOIN LATERAL (SELECT {value_column} FROM {table} WHERE {key_column} = k.key "
                f"LIMIT {int(limit)}) AS v",
                [list(keys)],
            )
        else:
            sql = " UNION ALL ".join(f"SELECT * FROM ({one_key}) k{i}" for i in range(len(keys)))
            cursor.execute(sql, list(keys))
        return cursor.fetchall()


def refresh_statistics(tables: list[str]) -> None:
    """After a bulk rewrite: planner statistics, and on PostgreSQL the visibility map too (VACUUM), so
    index-only scans need not visit the heap — what autovacuum would do later. Outside any transaction."""
    with connection.cursor() as cursor:
        for table in tables:
            # VACUUM cannot run inside a transaction (tests, callers' atomic blocks): statistics only, then.
            vacuum = is_postgres() and not connection.in_atomic_block
            cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")


def insert_rows(model, rows: list[dict], *, with_ids: bool = False) -> list[int] | None:
    """Insert rows of `model` given as {attname: value} dicts, as fast as the database allows, in the caller's
    transaction; their primary keys when `with_ids`, in order. What a row leaves out takes the field's default
    (`auto_now(_add)`: now). No model instances are built on PostgreSQL and no signals are sent anywhere.

    On PostgreSQL the keys are drawn from the table's sequence first and the rows go in with one COPY (several
    times faster than a multi-row INSERT for tens of thousands of rows); elsewhere `bulk_create`."""
    if not rows:
        return [] if with_ids else None
    if not is_postgres():
        objects = [model(**row) for row in rows]
        model.objects.bulk_create(objects, batch_size=500)
        return [obj.pk for obj in objects] if with_ids else None
    meta = model._meta
    pk = meta.pk
    now = timezone.now()
    quote = connection.ops.quote_name
    given = set().union(*(row.keys() for row in rows))
    # The columns some row gives (each row's value, or the default when it leaves it out), those made per row
    # (a fresh UUID), and those every row leaves to a constant default: one text appended to each line.
    varying: list[tuple[str, str, Any, bool]] = []  # (attname, default as COPY text, or made by, is JSON)
    made: list[tuple[Any, bool]] = []
    constant: list[str] = []
    columns = [pk.column] if with_ids else []
    made_columns: list[str] = []
    constant_columns: list[str] = []
    for f in meta.concrete_fields:
        if not f.column or f is pk:
            continue
        is_json = isinstance(f, models.JSONField)
        per_row = f.has_default() and callable(f.default) and not is_json
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = _copy_text(now, False)
        elif per_row:
            default = ""
        else:  # a JSON field's fresh {} or [] reads the same in every row
            default = _copy_text(f.get_default(), is_json)
        if f.attname in given:
            varying.append((f.attname, default, f.default if per_row else None, is_json))
            columns.append(f.column)
        elif per_row:
            made.append((f.default, is_json))
            made_columns.append(f.column)
        else:
            constant.append(default)
            constant_columns.append(f.column)
    columns += made_columns + constant_columns
    tail = "\t" + "\t".join(constant) if constant else ""
    ids: list[int] = []
    lines: list[str] = []
    text = _copy_text
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(rows)],
            )
            ids = [key for (key,) in cursor.fetchall()]
        for index, row in enumerate(rows):
            cells = [str(ids[index])] if with_ids else []
            for attname, default, make_default, is_json in varying:
                if attname in row:
                    cells.append(text(row[attname], is_json))
                else:
                    cells.append(text(make_default(), is_json) if make_default else default)
            for make, is_json in made:
                cells.append(text(make(), is_json))
            lines.append("\t".join(cells) + tail)
        names = ", ".join(quote(c) for c in columns)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            copy.write("\n".join(lines) + "\n")
    return ids if with_ids else None


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value, is_json: bool) -> str:
    """A value in COPY's text format."""
    if value.__class__ is str and not is_json:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if is_json:
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif value is True or value is False:
        return "t" if value else "f"
    elif isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_ESCAPES)
    return text


def relax_commit() -> None:
    """Inside a transaction: its commit need not wait for the disk (PostgreSQL's `synchronous_commit = off`
    for this transaction only). For bulk work that can be redone: a crash may lose the last commits, never
    half of one, so a batch and the cursor written with it are lost or kept together. Nothing elsewhere."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def forbid_updates(schema_editor, *, table: str) -> None:
    """A migration's step: the database itself refuses to change a row of `table` (an append-only ledger),
    whatever code tries. Deleting stays possible for the test database's flush; the models refuse it.

    Run it again after a migration that changes the table: SQLite rebuilds a table to add a column with a
    default, and the trigger goes with the old one. Running it twice is harmless."""
    quote = schema_editor.quote_name
    name = f"{table}_append_only"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {quote(name)}() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '%% rows never change: book a reversal instead', TG_TABLE_NAME; END $$ "
            "LANGUAGE plpgsql"
        )
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {quote(name)} BEFORE UPDATE ON {quote(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {quote(name)}()"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {quote(name)} BEFORE UPDATE ON {quote(table)} BEGIN "
            f"SELECT RAISE(ABORT, '{table} rows never change: book a reversal instead'); END"
        )
