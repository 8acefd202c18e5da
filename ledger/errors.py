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
