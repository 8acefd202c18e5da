"""Inserting many rows fast: routing writes ten thousand offers and their events in one go.

On PostgreSQL the rows go as one array per column into `INSERT … SELECT FROM unnest(…)`, built from plain
values (no model instances: preparing them is most of the time `bulk_create` takes); elsewhere through
`bulk_create`. Defaults (`public_id`, the creation times) are filled in as the model would."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

BATCH = 5000


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, now: datetime) -> list[int]:
    """Insert `rows` ({attname: value}) and return their primary keys, in order."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = [[_value(f, row, now) for f in fields] for row in rows]
    if connection.vendor != "postgresql":
        objects = [model(**{f.attname: v for f, v in zip(fields, row, strict=True)}) for row in values]
        model._default_manager.bulk_create(objects, batch_size=1000)
        return [obj.pk for obj in objects]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    arrays = ", ".join(f"%s::{_array_type(f)}" for f in fields)
    names = ", ".join(f"c{i}" for i in range(len(fields)))
    selected = ", ".join(
        f"c{i}::jsonb" if isinstance(f, models.JSONField) else f"c{i}" for i, f in enumerate(fields)
    )
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns})"
        f" SELECT {selected} FROM unnest({arrays}) AS t({names})"
        f" RETURNING {connection.ops.quote_name(str(model._meta.pk.column))}"
    )
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            chunk = values[start : start + BATCH]
            cursor.execute(sql, [[row[i] for row in chunk] for i in range(len(fields))])
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def _value(field: models.Field, row: Mapping[str, Any], now: datetime) -> Any:
    if field.attname in row:
        value = row[field.attname]
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    else:
        value = field.get_default()
    if isinstance(field, models.JSONField) and connection.vendor == "postgresql":
        return json.dumps(value, cls=DjangoJSONEncoder)
    return value


def _array_type(field: models.Field) -> str:
    if isinstance(field, models.JSONField):
        return "text[]"  # read as text, cast per value in the SELECT
    return f"{field.db_type(connection)}[]"
