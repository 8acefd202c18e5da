"""The home pages' cards, kept per viewer until the data changes.

A home page is built from a dozen cards, each counting or listing what the viewer may see: most of the page's
cost, the same answer on every visit until something changes. The cards' HTML is kept in the cache under a key
naming everything the answer depends on: the page, the viewer (user, the partner they act for and their role:
their scope and permissions), the language, the time zone and the day (cards count "expiring in 14 days"),
and the head of the event log (`core.events.events_version`). Every state change records an event in its
transaction, so the first visit after any change builds the cards afresh; `HOME_CARDS_CACHE_SECONDS` bounds
how long anything else (a change no event names, a card's wording of time) may show unchanged, and 0 turns
the cache off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from core.events import events_version


def cards_key(request, page: str) -> str:
    parts = (
        page,
        request.user.pk,
        request.actor.partner_id,
        request.actor.staff_role,  # the role picks the cards and what they count, whether or not an event
        request.actor.partner_role,  # names its change
        translation.get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        events_version(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"dashboard:cards:{digest}"


def cached_cards(request, page: str, build: Callable[[], str]) -> SafeString:
    """The cards of `page` for this request's viewer: kept ones, or `build()` kept for next time."""
    seconds = settings.HOME_CARDS_CACHE_SECONDS
    if not seconds:
        return mark_safe(build())
    key = cards_key(request, page)
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, seconds)
    return mark_safe(html)
