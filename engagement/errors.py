"""Stable error codes of the rules of engagement: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class EngagementErrorCode(StrEnum):
    NOT_DRAFT = "not_draft"  # a published or retired version never changes
    DRAFT_EXISTS = "draft_exists"  # one draft at a time
    NOT_PUBLISHED = "not_published"  # a new draft starts from the published version
    PUBLISH_CONFLICT = "publish_conflict"  # another version was published at the same moment
    INVALID_OFFSET = "invalid_offset"  # a rule moves by one place
    # The rules ask a partner to confirm its competing products before it registers a deal.
    NOT_DISCLOSED = "competition_not_disclosed"
