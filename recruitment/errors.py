"""Stable error codes of recruitment: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice" …); these are the
domain's rules.
"""

from enum import StrEnum


class RecruitmentErrorCode(StrEnum):
    RATE_LIMITED = "rate_limited"  # too many applications from one network in the last hour
    ALREADY_DECIDED = "already_decided"  # an application is approved or rejected once
    REASON_REQUIRED = "reason_required"  # a rejection is explained to the applicant
    CAM_NOT_ASSIGNABLE = "cam_not_assignable"  # the chosen manager is not an active CAM
    INVALID_TRANSITION = "invalid_transition"  # the prospect's stage does not allow this move
    CONVERT_BY_ACTION = "convert_by_action"  # "converted" is reached only by converting
    CONVERTED = "converted"  # a converted prospect is final
    LOST = "lost"  # a lost prospect is reopened before it is converted
    INCOMPLETE = "incomplete"  # conversion needs the fields of an application
    WEIGHTS_TOTAL = "weights_total"  # the fit weights add up to 100
