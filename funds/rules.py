"""Who may do what next with MDF budgets, allocations, requests and claims: `allowed_actions(actor, obj)`
gives the pages' buttons and the API's `actions`; the services call `require_action` on the rows they locked.

A request or a claim awaiting approval is decided by channel marketing or the channel chief. When the amount
approved is above the money settings' threshold (in the program currency), marketing's approval is a
recommendation: the request or claim then awaits the channel chief, who alone may decide it (the chief may
also approve directly). A partner's admin requests, withdraws, cancels an approved request that has no claim
under way, claims once the activity is over, and adds files to a claim awaiting a decision.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules, ModelRules
from funds.errors import FundErrorCode as E
from funds.models import (
    OPEN_CLAIM_STATUSES,
    REQUIRED_FILE_KINDS,
    ClaimStatus,
    FundAllocation,
    FundBudget,
    FundClaim,
    FundRequest,
    RequestStatus,
)


class BudgetAction(StrEnum):
    ADJUST = "adjust"
    ALLOCATE = "allocate"
    ACCRUE = "accrue"
    CLOSE = "close"


class AllocationAction(StrEnum):
    ADJUST = "adjust"


class RequestAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"
    CLAIM = "claim"


class ClaimAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ADD_FILE = "add_file"


def _wrong_state(message: str) -> Exception:
    return field_error("status", message, E.WRONG_STATE)


def _closed(budget: FundBudget) -> Exception | None:
    if budget.closed_at is not None:
        return field_error(
            "budget", _("The period is over and its unused funds have expired."), E.PERIOD_CLOSED
        )
    return None


def _manager(actor) -> bool:
    return actor.is_staff and actor.can("funds.manage")


def budget_refusal(actor, budget: FundBudget, action: BudgetAction) -> Exception | None:
    if not _manager(actor):
        return PermissionDenied()
    if (closed := _closed(budget)) is not None:
        return closed
    if action == BudgetAction.CLOSE and budget.ends_on >= timezone.localdate():
        return _wrong_state(
            _("The period ends on %(day)s: its unused funds expire after that.")
            % {"day": date_format(budget.ends_on, "DATE_FORMAT")}
        )
    return None


def allocation_refusal(actor, allocation: FundAllocation, action: AllocationAction) -> Exception | None:
    if not _manager(actor):
        return PermissionDenied()
    return _closed(allocation.budget)


def _decision(actor, status: str, *, awaiting: str, submitted: str) -> Exception | None:
    """Who decides a request or a claim in `status`: marketing or the chief while it awaits approval, the
    chief alone once marketing recommended it above the threshold."""
    if not (actor.is_staff and actor.can("funds.decide")):
        return PermissionDenied()
    if status == submitted:
        return None
    if status == awaiting:
        return None if actor.can("funds.approve_above_threshold") else PermissionDenied()
    return _wrong_state(_("This has been decided already."))


def _own_admin(actor, partner_id: int) -> bool:
    return actor.is_partner and actor.can("funds.request") and actor.partner_id == partner_id


def has_open_claim(request: FundRequest) -> bool:
    return request.claims.filter(status__in=OPEN_CLAIM_STATUSES).exists()


def request_refusal(actor, request: FundRequest, action: RequestAction) -> Exception | None:
    status = request.status
    if action in (RequestAction.APPROVE, RequestAction.REJECT):
        refused = _decision(
            actor, status, awaiting=RequestStatus.AWAITING_CHIEF, submitted=RequestStatus.SUBMITTED
        )
        if refused is None and action == RequestAction.APPROVE:
            return _closed(request.budget)
        return refused
    if action == RequestAction.WITHDRAW:
        if not _own_admin(actor, request.partner_id):
            return PermissionDenied()
        if status not in (RequestStatus.SUBMITTED, RequestStatus.AWAITING_CHIEF):
            return _wrong_state(_("Only a request awaiting a decision can be withdrawn."))
        return None
    if action == RequestAction.CANCEL:
        if not (_own_admin(actor, request.partner_id) or (actor.is_staff and actor.can("funds.decide"))):
            return PermissionDenied()
        if status != RequestStatus.APPROVED:
            return _wrong_state(_("Only an approved request can be cancelled."))
        if has_open_claim(request):
            return field_error("status", _("A claim for this activity awaits a decision."), E.CLAIM_OPEN)
        return None
    # CLAIM
    if not _own_admin(actor, request.partner_id):
        return PermissionDenied()
    if status != RequestStatus.APPROVED:
        return _wrong_state(_("Only an approved request can be claimed."))
    if request.ends_on > timezone.localdate():
        return field_error(
            "status",
            _("Claim once the activity is over, from %(day)s.")
            % {"day": date_format(request.ends_on, "DATE_FORMAT")},
            E.ACTIVITY_NOT_OVER,
        )
    if has_open_claim(request):
        return field_error("status", _("A claim for this activity awaits a decision."), E.CLAIM_OPEN)
    return None


def missing_files(claim: FundClaim) -> list[str]:
    """The kinds of file a claim still needs before it can be approved."""
    present = set(claim.files.values_list("kind", flat=True))
    return [kind for kind in REQUIRED_FILE_KINDS if kind not in present]


def claim_refusal(actor, claim: FundClaim, action: ClaimAction) -> Exception | None:
    if action == ClaimAction.ADD_FILE:
        if not _own_admin(actor, claim.partner_id):
            return PermissionDenied()
        if claim.status not in OPEN_CLAIM_STATUSES:
            return _wrong_state(_("Files are added to a claim awaiting a decision."))
        return None
    refused = _decision(
        actor, claim.status, awaiting=ClaimStatus.AWAITING_CHIEF, submitted=ClaimStatus.SUBMITTED
    )
    if refused is None and action == ClaimAction.APPROVE and missing_files(claim):
        return field_error(
            "files",
            _("A claim is approved with its invoice and a proof of performance: ask the partner for them."),
            E.PROOF_MISSING,
        )
    return refused


RULES = ModelRules(
    {
        FundBudget: ActionRules(BudgetAction, budget_refusal),
        FundAllocation: ActionRules(AllocationAction, allocation_refusal),
        FundRequest: ActionRules(RequestAction, request_refusal),
        FundClaim: ActionRules(ClaimAction, claim_refusal),
    }
)
allowed_actions = RULES.allowed
require_action = RULES.require
