"""Stable error codes of offboarding: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class OffboardingErrorCode(StrEnum):
    IN_PROGRESS = "offboarding_in_progress"  # the partner is winding down already
    NOT_IN_PROGRESS = "offboarding_not_in_progress"  # completed or cancelled: it changes no more
    ACCESS_DATE_PAST = "access_date_past"  # access ends today or later
    STEP_DONE = "step_done"  # the step is done already
    STEP_NOT_READY = "step_not_ready"  # its check still finds something left
    NOTE_REQUIRED = "note_required"  # marking done a step whose check fails needs a note
    NOTHING_TO_RUN = "nothing_to_run"  # the step's action has nothing to do (or the step has none)
