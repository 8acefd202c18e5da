"""Error codes of programs' refusals, which API clients can rely on."""

from enum import StrEnum


class ProgramErrorCode(StrEnum):
    NOT_ADMITTED = "program_not_admitted"  # the program is not for the partner's type
    RETIRED = "program_retired"  # a retired program takes no one
    MEMBERSHIP_ENDED = "membership_ended"  # a former member's tier does not change
    UNKNOWN_TIER = "unknown_tier"
