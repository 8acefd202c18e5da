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
