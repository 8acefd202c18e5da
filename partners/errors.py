"""Stable error codes of the partner lifecycle: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "invalid_choice" …); these are the domain's rules.
"""

from enum import StrEnum


class PartnerErrorCode(StrEnum):
    INVALID_TRANSITION = "invalid_transition"  # the partner's status does not lead there
    NOTE_REQUIRED = "note_required"  # offboarding must say why
    UNKNOWN_MANAGER = "unknown_manager"  # a directory filter or a body names no account manager
    OWN_DISTRIBUTOR = "own_distributor"  # a partner cannot be its own distributor
    DISTRIBUTOR_UNDER_DISTRIBUTOR = "distributor_under_distributor"  # two tiers only
    HAS_RESELLERS = "has_resellers"  # a distributor with resellers keeps its type
    STAFF_ONLY = "staff_only"  # a partner user named a field only the vendor sets
    LOGO_UNREADABLE = "logo_unreadable"  # a logo whose content is no image that can be drawn
    TIER_BY_PROGRAM = "tier_by_program"  # a partner's tier changes through its program memberships
