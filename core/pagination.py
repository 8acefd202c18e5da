"""The one pagination of every API list: `?limit=&offset=` in, `{"items": [...], "count": N}` out.

    @router.get("/things", response=list[ThingOut])
    @paginate(KanalPagination)
    def list_things(request, filters: Query[ThingFilters]):
        return thing_list(actor=request.actor, filters=...)   # a queryset (or a list), not sliced

`limit` is 1..API_MAX_PAGE_SIZE (a setting, the same for every list), `offset` 0..MAX_OFFSET; anything
else is refused with 422 by validation, so a huge offset never reaches the database.
"""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_OFFSET = 1_000_000_000  # far past any real list, far below what SQL OFFSET overflows on


class KanalPagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE, description="How many items at most"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="How many items match, on all pages")

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        start = pagination.offset
        return {
            "items": queryset[start : start + pagination.limit],
            "count": self._items_count(queryset),
        }
