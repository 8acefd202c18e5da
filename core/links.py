"""Links to an object's page by its public id, without resolving the URL pattern for every row.

`reverse()` walks the URL resolver on each call: a list of 25 rows linking each row and its partner spent
more on that than on the rest of its cells. A page's URL is its pattern with the id put in, so the pattern is
resolved once (per URL conf and script prefix) and the id is put into the text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Any valid UUID would do: it marks where the id goes in the resolved URL.
_MARK = UUID("00000000-0000-4000-8000-000000000000")


@lru_cache(maxsize=256)
def _around_id(name: str, urlconf: str | None, prefix: str) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, args=[_MARK])
    head, found, tail = url.partition(str(_MARK))
    if not found:
        raise ValueError(f"URL {name!r} does not show its id argument")
    return head, tail


def object_url(name: str, public_id: Any) -> str:
    """`reverse(name, args=[public_id])` for a URL whose one argument is a public id (a UUID)."""
    head, tail = _around_id(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{head}{UUID(str(public_id)) if not isinstance(public_id, UUID) else public_id}{tail}"
