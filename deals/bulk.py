"""What the staff pipeline does to several registrations at once (core.bulk): the registration's own actions
(deals.actions), so `allowed_actions` and the services decide per registration — a conflict that needs an
explanation, a customer another registration holds, a registration no longer awaiting a decision."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.bulk import BulkAction
from deals.actions import ACTIONS


def _runs(name: str):
    action = ACTIONS[name]

    def run(actor: Any, registration: Any, values: dict[str, Any]) -> None:
        action.run(actor=actor, registration=registration, values=values)

    return run


# Each decision's button and what the pipeline says when it is done.
DECISIONS = {
    "approve": (
        _("Approve"),
        ngettext_lazy("%(n)s registration approved.", "%(n)s registrations approved.", "n"),
    ),
    "reject": (
        _("Reject"),
        ngettext_lazy("%(n)s registration rejected.", "%(n)s registrations rejected.", "n"),
    ),
}

PIPELINE_ACTIONS = tuple(
    BulkAction(name, label, run=_runs(name), permission="deals.decide", done=done, input=ACTIONS[name].input)
    for name, (label, done) in DECISIONS.items()
)
