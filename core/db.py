"""The seam between SQLite and PostgreSQL: database-specific lookups live here, behind one function each."""

from django.db import connection
from django.db.models import Q


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
