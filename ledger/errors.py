"""Stable error codes of the ledger: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class LedgerErrorCode(StrEnum):
    UNBALANCED = "ledger_unbalanced"  # a transaction's legs do not sum to zero in a currency
    EMPTY = "ledger_empty"  # a transaction without legs, or a leg of zero
    PARTNER_MISMATCH = "ledger_partner_mismatch"  # a leg names another partner than its transaction
    KEY_REUSED = "ledger_key_reused"  # the same event key booked with other legs
    ALREADY_REVERSED = "ledger_already_reversed"
    RATE_MISSING = "rate_missing"  # no exchange rate between two currencies on or before the date
    RATE_DUPLICATE = "rate_duplicate"  # a rate for the pair and day exists
    REVERSAL_NOT_REVERSIBLE = "ledger_reversal_not_reversible"  # a reversal is not reversed: book it again
    IN_PAYOUT = "ledger_in_payout"  # entries held by an unpaid payout batch: cancel or pay the batch first
    CHIEF_NEEDED = "chief_approval_needed"  # above the chief threshold (or without a rate to tell)
    NOTHING_PAYABLE = "nothing_payable"  # no partner has a positive unsettled payable balance
    ENTRIES_TAKEN = "entries_taken"  # another batch took the entries a moment ago
    BATCH_STATE = "payout_batch_state"  # the batch is not in a state that allows the action
    PERIOD_INVALID = "period_invalid"  # a statement period that is no month or fiscal quarter
    RATE_NOT_POSITIVE = "rate_not_positive"  # a rate of zero or less
    RATE_SAME_CURRENCY = "rate_same_currency"  # a rate from a currency to itself
