"""Panels an upper app adds to a page of a lower one: the page names a slot
(`{% panels "leads.lead" lead %}`), the app that knows more registers what goes there (referrals shows a
lead's attribution chain on the lead's page). The page never imports the app above it; what it shows is each
renderer's HTML, in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[HttpRequest, Any], str]  # the panel's HTML for this reader and object, "" for none
_panels: dict[str, list[tuple[int, Panel]]] = {}


def register_panel(slot: str, render: Panel, *, order: int = 100) -> None:
    """From an AppConfig.ready(); registering the same renderer twice is harmless."""
    entries = _panels.setdefault(slot, [])
    if all(existing is not render for _order, existing in entries):
        entries.append((order, render))
        entries.sort(key=lambda entry: entry[0])


def render_panels(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    return mark_safe("".join(render(request, obj) for _order, render in _panels.get(slot, ())))  # noqa: S308
