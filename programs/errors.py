"""Error codes of programs' refusals, which API clients can rely on."""

from enum import StrEnum


class ProgramErrorCode(StrEnum):
    NOT_ADMITTED = "program_not_admitted"  # the program is not for the partner's type
    RETIRED = "program_retired"  # a retired program takes no one
    MEMBERSHIP_ENDED = "membership_ended"  # a former member's tier does not change
    UNKNOWN_TIER = "unknown_tier"
    PERCENT_RANGE = "percent_range"  # a discount from 0, an MDF rate from 0.01, both up to 100 %
    DEFAULT_REQUIRED = "default_required"  # one program is always the default: make another one instead
    ALREADY_MEMBER = "already_member"  # the partner belongs to the program already
    NOT_PUBLISHED_KIND = "agreement_kind_retired"  # the former rules-of-engagement text is no longer accepted
    PARTNER_REQUIRED = "partner_required"  # staff name the partner whose benefits they read
