"""Stable error codes of leads: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class LeadErrorCode(StrEnum):
    NOT_AWAITING = "not_awaiting_acceptance"  # accept/decline only a lead offered and not yet answered
    NOT_ACCEPTED = "not_accepted"  # work a lead only once it is accepted
    CLOSED = "lead_closed"  # converted or lost leads no longer change
    NOT_CHANNEL = "not_channel"  # a lead for direct sales is not the channel's to work
    WRONG_STATUS = "wrong_status"  # a status a lead cannot move to from where it is
    DUPLICATE = "duplicate"  # the same lead was already created
    NOT_DRAFT = "not_draft"  # a published or retired routing version never changes
    DRAFT_EXISTS = "draft_exists"  # one routing draft at a time
    NOT_PUBLISHED = "not_published"  # a new draft starts from the published version
    NO_RULES = "no_published_rules"  # routing needs published rules
    NOT_ELIGIBLE = "partner_not_eligible"  # a hand assignment to an inactive partner or one that declined
    ATTRIBUTE_INVALID = "attribute_invalid"  # a custom attribute's value of the wrong kind
    CHOICES_MISSING = "choices_missing"  # a choice attribute lists its choices
    RATE_LIMITED = "rate_limited"  # too many web-form leads from one network in the last hour
    PUBLISH_CONFLICT = "publish_conflict"  # another routing version was published at the same moment
    INVALID_OFFSET = "invalid_offset"  # a routing rule moves by one place
    ALREADY_OFFERED = "already_offered"  # a hand assignment to the partner the lead is offered to already
    NOT_ENOUGH_DATA = "not_enough_data"  # training needs closed leads of both outcomes
