"""Stable error codes of recognition: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class RecognitionErrorCode(StrEnum):
    ALREADY_GRANTED = "award_already_granted"  # the partner holds this award for this period
    GRANT_REVOKED = "award_grant_revoked"  # the grant was revoked already
    AWARD_INACTIVE = "award_inactive"  # an award no longer given
    METRIC_REQUIRED = "award_metric_required"  # a leaderboard award names its leaderboard
    PERIOD_UNKNOWN = "period_unknown"  # not a fiscal period code such as FY2026-Q3 or FY2026
    NOT_IN_NETWORK = "partner_not_in_network"  # a prospect, an applicant or an offboarded partner
