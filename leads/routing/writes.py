"""Writing many rows fast: routing writes ten thousand offers, their events and their leads in one go.

On PostgreSQL the rows go as one JSON document into `INSERT … SELECT FROM jsonb_to_recordset(…)` (and
`UPDATE … FROM jsonb_to_recordset(…)`): one parameter, encoded by the json module's C encoder, instead of a
model instance per row (most of the time `bulk_create` takes) or an array per column (which the driver adapts
value by value). Elsewhere through `bulk_create`. Defaults (`public_id`, the creation times) are filled in
as the model would."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

BATCH = 5000


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, now: datetime) -> list[int]:
    """Insert `rows` ({attname: value}) and return their primary keys, in order."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        objects = [model(**{f.attname: _value(f, row, now) for f in fields}) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=1000)
        return [obj.pk for obj in objects]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    record = ", ".join(f"{quote(str(f.column))} {f.db_type(connection)}" for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns})"
        f" SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS t({record})"
        f" RETURNING {quote(str(model._meta.pk.column))}"
    )
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            document = [
                {str(f.column): _json(_value(f, row, now)) for f in fields}
                for row in rows[start : start + BATCH]
            ]
            cursor.execute(sql, [json.dumps(document)])
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def update_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, fields: Sequence[str]
) -> None:
    """PostgreSQL: set `fields` of each row ({"pk": …, field: value}) in one UPDATE per batch."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = {name: meta.get_field(name) for name in fields}
    record = ", ".join(
        [f"pk {meta.pk.db_type(connection)}"]  # type: ignore[union-attr]
        + [f"{quote(str(f.column))} {f.db_type(connection)}" for f in columns.values()]  # type: ignore[union-attr]
    )
    assignments = ", ".join(f"{quote(str(f.column))} = v.{quote(str(f.column))}" for f in columns.values())  # type: ignore[union-attr]
    sql = (
        f"UPDATE {quote(meta.db_table)} AS row SET {assignments}"
        f" FROM jsonb_to_recordset(%s::jsonb) AS v({record})"
        f" WHERE row.{quote(str(meta.pk.column))} = v.pk"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            document = [
                {"pk": row["pk"]} | {str(f.column): _json(row[name]) for name, f in columns.items()}  # type: ignore[union-attr]
                for row in rows[start : start + BATCH]
            ]
            cursor.execute(sql, [json.dumps(document)])


def _value(field: models.Field, row: Mapping[str, Any], now: datetime) -> Any:
    if field.attname in row:
        return row[field.attname]
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    return value


def id_list(ids: Sequence[int]) -> Any:
    """A value for `…__in=` naming many rows: on PostgreSQL one array parameter (`unnest`), not a placeholder
    per id (ten thousand of them cost more to send than the rows they find)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return list(ids)
