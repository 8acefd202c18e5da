"""Who may do what next with a stateful object: one `refusal` per model, read three ways.

Each app's `rules.py` writes `refusal(actor, obj, action)`: why `actor` may not take `action` on `obj` now
(PermissionDenied for the role, a coded ValidationError for the state) or None. `ActionRules` turns it into
the page's buttons and the API's `actions` (`allowed`) and into the services' check on the row they locked
(`require`), so an action is offered exactly when the service would accept it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

Refusal = Callable[[Any, Any, Any], Exception | None]


class ActionRules:
    """The rules of one model: its `actions` (a StrEnum) and its `refusal`."""

    def __init__(self, actions: type[StrEnum], refusal: Refusal) -> None:
        self.actions = actions
        self.refusal = refusal

    def allowed(self, actor, obj) -> list[str]:
        return [action.value for action in self.actions if self.refusal(actor, obj, action) is None]

    def require(self, actor, obj, action: str) -> None:
        """The services' check, inside their transaction on the locked row."""
        if (refused := self.refusal(actor, obj, self.actions(action))) is not None:
            raise refused


class ModelRules:
    """The rules of an app's stateful models, chosen by the object's class (an account or a deal)."""

    def __init__(self, rules: dict[type, ActionRules]) -> None:
        self.rules = rules

    def allowed(self, actor, obj) -> list[str]:
        return self.rules[type(obj)].allowed(actor, obj)

    def require(self, actor, obj, action: str) -> None:
        self.rules[type(obj)].require(actor, obj, action)
