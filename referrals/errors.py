"""Stable error codes of referrals: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class ReferralErrorCode(StrEnum):
    DESTINATION_NOT_ALLOWED = "destination_not_allowed"  # neither Kanal's page nor an approved host
    INACTIVE = "link_inactive"  # an inactive link is reactivated before it changes
    ACTIVE = "link_active"  # an active link cannot be activated again
    HOST_INVALID = "host_invalid"  # an approved destination that is no host name
    NOT_ACTIVE_PARTNER = "partner_not_active"  # links are for partners that may sell
