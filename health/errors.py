"""Stable error codes of partner health: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class HealthErrorCode(StrEnum):
    REVIEW_CLOSED = "review_closed"  # the review ended (recovered or offboarded): it changes no more
    NO_PLAN = "no_plan"  # a partner recovers once a recovery plan is recorded
    NOT_RECOVERED = (
        "not_recovered"  # no evaluation since the flag scores the partner at or above the threshold
    )
    NOT_AT_RISK = "not_at_risk"  # the partner is no longer at risk (its status changed elsewhere)
    DUE_IN_PAST = "due_in_past"  # a plan falls due today or later
    NO_WEIGHT = "no_weight"  # at least one signal must weigh something
