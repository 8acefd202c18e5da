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


PIPELINE_ACTIONS = (
    BulkAction(
        "approve",
        _("Approve"),
        run=_runs("approve"),
        permission="deals.decide",
        done=ngettext_lazy("%(n)s registration approved.", "%(n)s registrations approved.", "n"),
        input=ACTIONS["approve"].input,
    ),
    BulkAction(
        "reject",
        _("Reject"),
        run=_runs("reject"),
        permission="deals.decide",
        done=ngettext_lazy("%(n)s registration rejected.", "%(n)s registrations rejected.", "n"),
        input=ACTIONS["reject"].input,
    ),
)
