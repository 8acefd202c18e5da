"""The actions on a registration, declared once for the page and the API: each one's input (the form the page
renders and the API's body schema), the service it runs and what the user is told. `deals.rules` decides who
may take which action when; this table only says how an action is carried out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.inputs import Input
from deals.inputs import (
    AppealDecisionInput,
    AppealInput,
    ApproveInput,
    CloseInput,
    ExtensionInput,
    RefundInput,
    RejectInput,
    ReopenInput,
)
from deals.rules import Action
from deals.services import (
    extension_request,
    registration_appeal,
    registration_approve,
    registration_check,
    registration_close,
    registration_decide_appeal,
    registration_refund,
    registration_reject,
    registration_reopen,
    registration_submit,
)


@dataclass(frozen=True)
class RegistrationAction:
    name: str  # the URL name on the page (and the API operation's name, deals.api.API_ACTIONS)
    input: type[Input] | None
    run: Callable[..., Any]  # run(actor=, registration=, values=)
    success: Any

    @property
    def form_name(self) -> str:
        return f"{self.name}_form"


def _call(service, *names: str) -> Callable[..., Any]:
    """run(actor=, registration=, values=) -> service(actor=, registration=, name=values[name], …)."""

    def run(*, actor, registration, values):
        return service(actor=actor, registration=registration, **{name: values[name] for name in names})

    return run


def _close(*, actor, registration, values):
    won = values["outcome"] == "won"
    return registration_close(
        actor=actor,
        registration=registration,
        won=won,
        won_amount=values["won_amount"],
        lost_reason=values["lost_reason"],
    )


ACTIONS: dict[str, RegistrationAction] = {
    a.name: a
    for a in [
        RegistrationAction(
            "submit",
            None,
            _call(registration_submit),
            _("Registration submitted to your channel account manager."),
        ),
        RegistrationAction(
            "approve", ApproveInput, _call(registration_approve, "note"), _("Registration approved.")
        ),
        RegistrationAction(
            "reject", RejectInput, _call(registration_reject, "reason"), _("Registration rejected.")
        ),
        RegistrationAction("close", CloseInput, _close, _("Registration closed.")),
        RegistrationAction("check", None, _call(registration_check), _("Conflict check run again.")),
        RegistrationAction(
            "appeal",
            AppealInput,
            _call(registration_appeal, "reason"),
            _("Appeal sent to the channel chief."),
        ),
        RegistrationAction(
            "appeal_decide",
            AppealDecisionInput,
            _call(registration_decide_appeal, "grant", "note"),
            _("Appeal decided."),
        ),
        RegistrationAction(
            "extension_request",
            ExtensionInput,
            _call(extension_request, "days", "reason"),
            _("Extension requested from your channel account manager."),
        ),
        RegistrationAction(
            "reopen", ReopenInput, _call(registration_reopen, "reason"), _("Deal reopened: it is open again.")
        ),
        RegistrationAction(
            "refund", RefundInput, _call(registration_refund, "amount", "reason"), _("Refund recorded.")
        ),
    ]
}

__all__ = ["ACTIONS", "Action", "RegistrationAction"]
