"""Stable error codes of users, teams, invitations and API tokens: API clients may rely on them
(`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice" …); these are the
domain's rules.
"""

from enum import StrEnum


class AccountsErrorCode(StrEnum):
    STAFF_ADDRESS = "staff_address"  # vendor staff cannot join a partner
    ALREADY_MEMBER = "already_member"  # reactivate a member rather than inviting them again
    USER_EXISTS = "user_exists"  # a staff invitation creates a new account
    NOT_PENDING = "not_pending"  # only a pending invitation can be withdrawn
    LAST_ADMIN = "last_admin"  # a partner keeps at least one active admin
    SELF_DEACTIVATION = "self_deactivation"
    NO_SCOPE = "no_scope"  # a token reaches at least one area
    TOKEN_WIDER = "token_wider"  # a token cannot create a token that reaches further than itself
    TOKEN_LONGER = "token_longer"  # … or that outlives it
    NOT_YOUR_KIND = "not_your_kind"  # a notification kind meant for the other side (staff or partner users)
