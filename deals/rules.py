"""Who may do what next with a deal registration: the state machine and `allowed_actions`.

`allowed_actions(actor, registration)` is the one rule behind the page's buttons, the API's `actions` and the
services' checks (`require_action`): an action is offered only when it can succeed.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import field_error
from core.rules import ActionRules
from deals.errors import DealErrorCode as E
from deals.models import DealRegistration, ExtensionRequest
from deals.models import RegistrationStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.WON, S.LOST, S.EXPIRED}),
    S.REJECTED: frozenset({S.APPEALED}),
    S.APPEALED: frozenset({S.APPROVED, S.REJECTED}),
    S.WON: frozenset(),  # a correction reopens it (Action.REOPEN), outside the normal flow
    S.LOST: frozenset(),
    S.EXPIRED: frozenset(),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def transition_error(from_status: str, to_status: str) -> ValidationError:
    return ValidationError(
        {
            "status": ValidationError(
                _("A registration that is %(current)s cannot become %(target)s.")
                % {"current": S(from_status).label, "target": S(to_status).label},
                code=E.INVALID_TRANSITION,
            )
        }
    )


def check_transition(from_status: str, to_status: str) -> None:
    if not can_transition(from_status, to_status):
        raise transition_error(from_status, to_status)


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    CHECK = "check"
    APPEAL = "appeal"
    GRANT_APPEAL = "grant_appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REQUEST_EXTENSION = "request_extension"
    CLOSE = "close"
    REOPEN = "reopen"
    REFUND = "refund"


class ExtensionAction(StrEnum):
    APPROVE = "approve"
    DENY = "deny"


def appeal_deadline(registration: DealRegistration) -> date | None:
    if registration.decided_at is None:
        return None
    return timezone.localdate(registration.decided_at) + timedelta(days=settings.DEAL_APPEAL_DAYS)


def holder_of_customer(registration: DealRegistration) -> DealRegistration | None:
    """Another live registration that holds one of this registration's customer keys."""
    from conflicts.claims import holders

    held = holders(registration)
    if not held:
        return None
    return DealRegistration.objects.select_related("partner").filter(pk__in=held.values()).first()


def customer_held(holder: DealRegistration) -> ValidationError:
    """The refusal to protect a customer another live registration (`holder`) holds."""
    return field_error(
        "status",
        _(
            "%(partner)s registered this customer first (%(customer)s, %(status)s). Reject or close "
            "that registration before approving this one."
        )
        % {
            "partner": holder.partner.name,
            "customer": holder.customer_name,
            "status": holder.get_status_display(),
        },
        E.CUSTOMER_HELD,
    )


def _held_refusal(registration: DealRegistration) -> ValidationError | None:
    holder = holder_of_customer(registration)
    return None if holder is None else customer_held(holder)


def refusal(actor, registration: DealRegistration, action: Action) -> Exception | None:
    """Why `actor` may not take `action` now: PermissionDenied (the role), ValidationError (the state),
    or None when the action can go ahead."""
    status = registration.status
    partner_side = actor.is_partner and actor.can("deals.register")
    if action in (Action.EDIT, Action.SUBMIT, Action.APPEAL, Action.REQUEST_EXTENSION):
        if not partner_side:
            return PermissionDenied()
    elif action in (Action.APPROVE, Action.REJECT, Action.CHECK):
        if not actor.can("deals.decide"):
            return PermissionDenied()
    elif action in (Action.GRANT_APPEAL, Action.UPHOLD_APPEAL):
        if not actor.can("deals.decide_appeal"):
            return PermissionDenied()
    elif (
        action == Action.CLOSE
        and not (partner_side or actor.can("deals.decide"))
        or action in (Action.REOPEN, Action.REFUND)
        and not actor.can("deals.correct")
    ):
        return PermissionDenied()

    if action == Action.EDIT:
        if status != S.DRAFT:
            return field_error("status", _("Only a draft can be changed."), E.NOT_DRAFT)
    elif action == Action.SUBMIT:
        if not can_transition(status, S.SUBMITTED):
            return transition_error(status, S.SUBMITTED)
    elif action in (Action.APPROVE, Action.REJECT):
        if status == S.APPEALED:
            return field_error("status", _("The channel chief decides appeals."), E.APPEAL_FOR_CHIEF)
        target = S.APPROVED if action == Action.APPROVE else S.REJECTED
        if not can_transition(status, target):
            return transition_error(status, target)
        if action == Action.APPROVE:
            return _held_refusal(registration)
    elif action == Action.CHECK:
        if status == S.DRAFT:
            return field_error("status", _("A draft is checked when it is submitted."), E.DRAFT_NOT_CHECKED)
    elif action == Action.APPEAL:
        if status != S.REJECTED:
            return transition_error(status, S.APPEALED)
        if registration.appealed_at is not None:
            return field_error(
                "status", _("This registration was appealed already; the decision is final."), E.APPEAL_USED
            )
        deadline = appeal_deadline(registration)
        if deadline is None or deadline < timezone.localdate():
            return field_error(
                "status",
                ngettext(
                    "An appeal must be made within %(n)s day of the rejection.",
                    "An appeal must be made within %(n)s days of the rejection.",
                    settings.DEAL_APPEAL_DAYS,
                )
                % {"n": settings.DEAL_APPEAL_DAYS},
                E.APPEAL_LATE,
            )
    elif action in (Action.GRANT_APPEAL, Action.UPHOLD_APPEAL):
        if status != S.APPEALED:
            return field_error(
                "status", _("Only an appealed registration can have its appeal decided."), E.NOT_APPEALED
            )
        if action == Action.GRANT_APPEAL:
            return _held_refusal(registration)
    elif action == Action.REQUEST_EXTENSION:
        if (
            status != S.APPROVED
            or registration.protected_until is None
            or registration.protected_until < timezone.localdate()
        ):
            return field_error("status", _("Only a protected registration can be extended."), E.NOT_PROTECTED)
        if registration.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
            return field_error(
                "days", _("An extension request is already waiting for a decision."), E.EXTENSION_PENDING
            )
    elif action == Action.CLOSE and not can_transition(status, S.WON):
        return transition_error(status, S.WON)
    elif action in (Action.REOPEN, Action.REFUND):
        if status != S.WON:
            return field_error("status", _("Only a won registration can be reopened or refunded."), E.NOT_WON)
        if action == Action.REOPEN:
            return _held_refusal(registration)
        if registration.won_amount is not None and registration.refunded_amount >= registration.won_amount:
            return field_error("amount", _("The whole amount won was refunded already."), E.NOTHING_TO_REFUND)
    return None


RULES = ActionRules(Action, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require


def extension_refusal(actor, extension: ExtensionRequest, action: ExtensionAction) -> Exception | None:
    if not actor.can("deals.decide"):
        return PermissionDenied()
    if extension.status != ExtensionRequest.Status.PENDING:
        return field_error("status", _("This extension request was decided already."), E.EXTENSION_DECIDED)
    if action == ExtensionAction.APPROVE and extension.registration.status != S.APPROVED:
        return field_error("status", _("Only a protected registration can be extended."), E.NOT_PROTECTED)
    return None


EXTENSION_RULES = ActionRules(ExtensionAction, extension_refusal)
extension_allowed_actions = EXTENSION_RULES.allowed
require_extension_action = EXTENSION_RULES.require
