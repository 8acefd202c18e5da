"""Who may do what next with money: `allowed_actions(actor, obj)` gives the buttons of a transaction's and a
payout batch's page and the API's `actions`; the services call `require_action` on the row they locked.

A transaction: operations or the chief reverse it, with a reason; above the chief threshold (in the program
currency, or when no rate tells) only the chief. A reversal is not reversed again, a transaction only once,
and never while an unpaid payout batch holds one of its legs (cancel or pay the batch first).

A payout batch: open (in review) → approved (→ exported) → paid, or cancelled while unapproved. Operations or
the chief approve; above the threshold operations' approval leaves it awaiting the chief. Operations export
it, mark it paid and cancel it.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules, ModelRules
from ledger.errors import LedgerErrorCode as E
from ledger.models import LedgerTransaction, PayoutBatch, TransactionKind
from ledger.models import PayoutStatus as S
from ledger.selectors import held_by_unpaid_batch, over_threshold, transaction_amounts


class TransactionAction(StrEnum):
    REVERSE = "reverse"


class BatchAction(StrEnum):
    APPROVE = "approve"
    EXPORT = "export"
    MARK_PAID = "mark_paid"
    CANCEL = "cancel"


def transaction_refusal(actor, tx: LedgerTransaction, action: TransactionAction) -> Exception | None:
    if not (actor.is_staff and actor.can("money.reverse")):
        return PermissionDenied()
    if tx.kind == TransactionKind.REVERSAL:
        return field_error(
            "kind",
            _("A reversal is not reversed: book the original movement again."),
            E.REVERSAL_NOT_REVERSIBLE,
        )
    if LedgerTransaction.objects.filter(reverses=tx).exists():
        return field_error("transaction", _("This transaction is already reversed."), E.ALREADY_REVERSED)
    if held_by_unpaid_batch(tx):
        return field_error(
            "transaction",
            _("A payout batch not yet paid holds this transaction: cancel or pay the batch first."),
            E.IN_PAYOUT,
        )
    if not actor.can("money.over_threshold") and over_threshold(transaction_amounts(tx)):
        return field_error(
            "transaction",
            _("Above the chief approval threshold only the channel chief reverses a transaction."),
            E.CHIEF_NEEDED,
        )
    return None


def needs_chief(batch: PayoutBatch) -> bool:
    """Whether the batch's total, in the program currency, is above the chief threshold (or no rate tells)."""
    cached = getattr(batch, "_needs_chief", None)
    if cached is None:
        cached = over_threshold({batch.currency: batch.total})
        batch._needs_chief = cached  # type: ignore[attr-defined]
    return cached


def batch_refusal(actor, batch: PayoutBatch, action: BatchAction) -> Exception | None:
    if not actor.is_staff:
        return PermissionDenied()
    if action == BatchAction.APPROVE:
        if not actor.can("money.approve"):
            return PermissionDenied()
        if batch.status not in (S.OPEN, S.AWAITING_CHIEF):
            return field_error("status", _("Only a batch in review can be approved."), E.BATCH_STATE)
        if batch.status == S.AWAITING_CHIEF and not actor.can("money.over_threshold"):
            return field_error(
                "status",
                _("Operations approved this batch; above the threshold the channel chief approves it too."),
                E.CHIEF_NEEDED,
            )
        return None
    if not actor.can("money.payouts"):
        return PermissionDenied()
    if action == BatchAction.EXPORT and batch.status not in (S.APPROVED, S.PAID):
        return field_error("status", _("A batch is exported once it is approved."), E.BATCH_STATE)
    if action == BatchAction.MARK_PAID and batch.status != S.APPROVED:
        return field_error("status", _("Only an approved batch can be marked paid."), E.BATCH_STATE)
    if action == BatchAction.CANCEL and batch.status not in (S.OPEN, S.AWAITING_CHIEF):
        return field_error(
            "status", _("Only a batch that is not approved yet can be cancelled."), E.BATCH_STATE
        )
    return None


RULES = ModelRules(
    {
        LedgerTransaction: ActionRules(TransactionAction, transaction_refusal),
        PayoutBatch: ActionRules(BatchAction, batch_refusal),
    }
)
allowed_actions = RULES.allowed
require_action = RULES.require
