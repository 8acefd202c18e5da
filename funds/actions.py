"""The actions on MDF records, declared once for the pages and the API: each one's input (the form the page
renders and the API's body), the service it runs and what the user is told. `funds.rules` decides who may take
which action when; this table only says how an action is carried out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.inputs import Input
from funds.inputs import (
    AllocationAdjustInput,
    ApproveInput,
    BudgetAdjustInput,
    CancelInput,
    ClaimApproveInput,
    ClaimFileInput,
    RejectInput,
)
from funds.services import (
    accruals_run,
    allocation_adjust,
    budget_adjust,
    budget_close,
    claim_add_file,
    claim_approve,
    claim_reject,
    request_approve,
    request_cancel,
    request_reject,
    request_withdraw,
)


@dataclass(frozen=True)
class FundAction:
    name: str  # the action (rules), the URL's last part and the API operation's
    input: type[Input] | None
    run: Callable[
        ..., Any
    ]  # run(actor=, obj=, data=): data is the bound input (a page's) or values (the API's)
    success: Any
    files: bool = False  # the input takes a file (the page's form is multipart)

    @property
    def form_name(self) -> str:
        return f"{self.name}_form"


def _with(service: Callable[..., Any], keyword: str, *, takes_data: bool = True) -> Callable[..., Any]:
    def run(*, actor, obj, data):
        kwargs = {"actor": actor, keyword: obj}
        if takes_data:
            kwargs["data"] = data if data is not None else {}
        return service(**kwargs)

    return run


def _accrue(*, actor, obj, data):
    return accruals_run(actor=actor, budget=obj)


BUDGET_ACTIONS = {
    a.name: a
    for a in [
        FundAction("adjust", BudgetAdjustInput, _with(budget_adjust, "budget"), _("Budget changed.")),
        FundAction("accrue", None, _accrue, _("Shares of won revenue brought up to date.")),
        FundAction(
            "close",
            None,
            _with(budget_close, "budget", takes_data=False),
            _("Period closed: unused funds expired."),
        ),
    ]
}
ALLOCATION_ACTIONS = {
    a.name: a
    for a in [
        FundAction(
            "adjust", AllocationAdjustInput, _with(allocation_adjust, "allocation"), _("Allocation changed.")
        ),
    ]
}
REQUEST_ACTIONS = {
    a.name: a
    for a in [
        FundAction("approve", ApproveInput, _with(request_approve, "request"), _("Fund request decided.")),
        FundAction("reject", RejectInput, _with(request_reject, "request"), _("Fund request rejected.")),
        FundAction(
            "withdraw",
            None,
            _with(request_withdraw, "request", takes_data=False),
            _("Fund request withdrawn."),
        ),
        FundAction(
            "cancel",
            CancelInput,
            _with(request_cancel, "request"),
            _("Activity cancelled: its funds are available again."),
        ),
    ]
}
CLAIM_ACTIONS = {
    a.name: a
    for a in [
        FundAction("approve", ClaimApproveInput, _with(claim_approve, "claim"), _("Fund claim decided.")),
        FundAction("reject", RejectInput, _with(claim_reject, "claim"), _("Fund claim rejected.")),
        FundAction("add_file", ClaimFileInput, _with(claim_add_file, "claim"), _("File added."), files=True),
    ]
}
