"""Who may do what next with a direct account or deal: `allowed_actions` and `require_action`.

One rule behind the page's buttons, the API's `actions` and the services' checks: an action is offered only
when it can succeed. A refusal is PermissionDenied (the role) or a ValidationError with a code (the state).

An account is active or inactive: "delete" removes an account without deals and deactivates one with deals
(there is no reactivation). A deal is open until it is closed, won or lost, by "close" or by an edit to a
closing stage; a closed deal no longer changes.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.rules import ActionRules, ModelRules
from direct.errors import DirectErrorCode as E
from direct.models import DirectAccount, DirectDeal


class AccountAction(StrEnum):
    EDIT = "edit"
    DELETE = "delete"  # deletes an account without deals, deactivates one with deals
    ADD_DEAL = "add_deal"


class DealAction(StrEnum):
    EDIT = "edit"
    CLOSE = "close"


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def account_refusal(actor, account: DirectAccount, action: AccountAction) -> Exception | None:
    """Why `actor` may not take `action` on `account` now, or None."""
    if not actor.can("direct.manage"):
        return PermissionDenied()
    if action == AccountAction.ADD_DEAL and not account.is_active:
        return _invalid(
            "account", _("The account %(name)s is inactive.") % {"name": account.name}, E.ACCOUNT_INACTIVE
        )
    if action == AccountAction.DELETE and not account.is_active and account.deals.exists():
        return _invalid("account", _("This account is inactive already."), E.ACCOUNT_INACTIVE)
    return None


def deal_refusal(actor, deal: DirectDeal, action: DealAction) -> Exception | None:
    """Why `actor` may not take `action` on `deal` now, or None."""
    if not actor.can("direct.manage"):
        return PermissionDenied()
    if not deal.is_open:
        if action == DealAction.CLOSE:
            return _invalid("stage", _("This deal is already closed."), E.DEAL_CLOSED)
        return _invalid("stage", _("This deal is closed and can no longer be changed."), E.DEAL_CLOSED)
    return None


RULES = ModelRules(
    {
        DirectAccount: ActionRules(AccountAction, account_refusal),
        DirectDeal: ActionRules(DealAction, deal_refusal),
    }
)
allowed_actions = RULES.allowed
require_action = RULES.require
