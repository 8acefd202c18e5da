"""Stable error codes of the tier engine's refusals: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class TierErrorCode(StrEnum):
    NOT_DRAFT = "not_draft"  # a published or retired criteria version never changes
    DRAFT_EXISTS = "draft_exists"  # one draft per program at a time
    NOT_PUBLISHED = "not_published"  # a new draft starts from the published version
    PUBLISH_CONFLICT = "publish_conflict"  # another version was published at the same moment
    NO_REQUIREMENTS = "no_requirements"  # a version without a requirement is not published
    UNKNOWN_METRIC = "unknown_metric"
    UNKNOWN_PARTNER = "unknown_partner"  # a row names no partner by name, web domain or id
    PARAMETER_REQUIRED = "parameter_required"  # the metric is about something (a certification …)
    UNKNOWN_PARAMETER = "unknown_parameter"
    NO_PARAMETER = "no_parameter"  # the metric takes none
    NO_WINDOW = "no_window"  # the metric counts on a day, not over a window
    TIER_NOT_IN_PROGRAM = "tier_not_in_program"
    LOWEST_TIER = "lowest_tier"  # the program's lowest tier is where every member starts: no requirements
    DUPLICATE_REQUIREMENT = "duplicate_requirement"  # one requirement per tier and metric
    NOT_WHOLE = "not_whole"  # a count is a whole number
    PERIOD_ORDER = "period_order"  # a period ends on or after it starts
    DUPLICATE_VALUE = "duplicate_value"  # one value per metric, partner and period
    METRIC_INACTIVE = "metric_inactive"
    NOT_A_MEMBER = "not_a_member"  # the partner is not (or no longer) in the program
    PAST_DATE = "past_date"  # an override holds until today or later
    TOO_FAR = "too_far"  # … and not for more than two years
    OVERRIDE_ENDED = "override_ended"
    NO_CRITERIA = "no_criteria"  # the program has no published criteria to evaluate
    METRIC_UNAVAILABLE = "metric_unavailable"  # a metric cannot be computed now (a missing exchange rate)
    PARTNER_REQUIRED = "partner_required"  # staff name the partner whose progress they read
