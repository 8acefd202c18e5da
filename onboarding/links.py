"""Links an upper app adds to checklist steps ("Take the course"), without onboarding importing it.

An app registers `provider(actor, steps) -> {step pk: [(label, url), …]}` from its `AppConfig.ready()`;
the checklist pages show the links under each step. A provider reads through `visible_to(actor)`, so a
reader sees only links to what they may open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

StepLinkProvider = Callable[[Any, Sequence[Any]], dict[int, list[tuple[str, str]]]]
_PROVIDERS: list[StepLinkProvider] = []


def register_step_links(provider: StepLinkProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def step_links(actor: Any, steps: Sequence[Any]) -> dict[int, list[tuple[str, str]]]:
    links: dict[int, list[tuple[str, str]]] = {}
    for provider in _PROVIDERS:
        for pk, items in provider(actor, steps).items():
            links.setdefault(pk, []).extend(items)
    return links
