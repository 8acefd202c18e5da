"""The rows a list's filters select, as one `Q`, without binding the list's FilterSet and its form.

The home pages count several sets of a list's rows in one aggregate query (one conditional count per
figure), and each figure links to the list with the same filters. `filters_q` builds the condition from the
FilterSet's own declarations: a plain filter's field and lookup, and for a filter with a `method`, the Q
function that method applies (`conditions`: method name -> function of the value), so the count and the list
cannot drift apart. The values are the valid ones a figure's link carries; the form is not there to clean
them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Q


def filters_q(
    filterset_class: type, filters: Mapping[str, str], *, conditions: Mapping[str, Callable[[str], Q]]
) -> Q:
    condition = Q()
    for name, value in filters.items():
        if not value:
            continue
        declared = filterset_class.base_filters[name]  # type: ignore[attr-defined]
        if declared.method:
            condition &= conditions[declared.method](value)
            continue
        if not declared.field_name or declared.exclude:
            raise ValueError(f"{filterset_class.__name__}.{name} has no condition to count with")
        lookup = declared.field_name
        if to_field := declared.extra.get("to_field_name"):  # a related row named by its public id
            lookup = f"{lookup}__{to_field}"
        condition &= Q(**{f"{lookup}__{declared.lookup_expr}": value})
    return condition
