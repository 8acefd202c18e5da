"""Stable error codes of direct sales: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice" …); these are the
domain's rules.
"""

from enum import StrEnum


class DirectErrorCode(StrEnum):
    ACCOUNT_INACTIVE = (
        "account_inactive"  # an inactive account takes no new deal and cannot be deactivated again
    )
    DEAL_CLOSED = "deal_closed"  # a won or lost deal no longer changes
