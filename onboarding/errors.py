"""Stable error codes of onboarding: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class OnboardingErrorCode(StrEnum):
    NOT_ON_CHECKLIST = "not_on_checklist"  # the step is inactive or belongs to another partner type
    AUTOMATIC_STEP = "automatic_step"  # agreement, profile and team steps complete themselves
    OFFBOARDED = "offboarded"
    ALREADY_MARKED = "already_marked"  # the step is submitted or done already
    NOT_SUBMITTED = "not_submitted"  # only a submitted step can be confirmed
    NOT_DONE = "not_done"  # a step still to do cannot be reopened
