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
    RejectInput,
)
from deals.rules import Action
from deals.services import (
    extension_request,
    registration_appeal,
    registration_approve,
    registration_check,
    registration_close,
    registration_decide_appeal,
    registration_reject,
    registration_submit,
)


@dataclass(frozen=True)
class RegistrationAction:
    name: str  # the URL name on the page and the last part of the API path
    input: type[Input] | None
    run: Callable[..., Any]  # run(actor=, registration=, values=)
    success: Any
    api_path: str = ""
    summary: str = ""

    @property
    def form_name(self) -> str:
        return f"{self.name}_form"


ACTIONS: dict[str, RegistrationAction] = {
    a.name: a
    for a in [
        RegistrationAction(
            "submit",
            None,
            lambda *, actor, registration, values: registration_submit(
                actor=actor, registration=registration
            ),
            _("Registration submitted to your channel account manager."),
            api_path="submit",
            summary="Submit a draft",
        ),
        RegistrationAction(
            "approve",
            ApproveInput,
            lambda *, actor, registration, values: registration_approve(
                actor=actor, registration=registration, note=values["note"]
            ),
            _("Registration approved."),
        ),
        RegistrationAction(
            "reject",
            RejectInput,
            lambda *, actor, registration, values: registration_reject(
                actor=actor, registration=registration, reason=values["reason"]
            ),
            _("Registration rejected."),
            api_path="reject",
            summary="Reject a submitted registration with a reason (channel chief, CAM)",
        ),
        RegistrationAction(
            "close",
            CloseInput,
            lambda *, actor, registration, values: registration_close(
                actor=actor,
                registration=registration,
                won=values["outcome"] == "won",
                won_amount=values["won_amount"],
                lost_reason=values["lost_reason"],
            ),
            _("Registration closed."),
            api_path="close",
            summary="Close an approved registration as won (won_amount) or lost (lost_reason)",
        ),
        RegistrationAction(
            "check",
            None,
            lambda *, actor, registration, values: registration_check(actor=actor, registration=registration),
            _("Conflict check run again."),
        ),
        RegistrationAction(
            "appeal",
            AppealInput,
            lambda *, actor, registration, values: registration_appeal(
                actor=actor, registration=registration, reason=values["reason"]
            ),
            _("Appeal sent to the channel chief."),
            api_path="appeal",
            summary="Appeal a rejection, once, within DEAL_APPEAL_DAYS (partner admins and reps)",
        ),
        RegistrationAction(
            "appeal_decide",
            AppealDecisionInput,
            lambda *, actor, registration, values: registration_decide_appeal(
                actor=actor, registration=registration, grant=values["grant"], note=values["note"]
            ),
            _("Appeal decided."),
            api_path="appeal/decision",
            summary="Grant or turn down an appeal (channel chief)",
        ),
        RegistrationAction(
            "extension_request",
            ExtensionInput,
            lambda *, actor, registration, values: extension_request(
                actor=actor, registration=registration, days=values["days"], reason=values["reason"]
            ),
            _("Extension requested from your channel account manager."),
        ),
    ]
}

__all__ = ["ACTIONS", "Action", "RegistrationAction"]
