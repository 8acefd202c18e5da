"""Stable error codes of campaigns: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class CampaignErrorCode(StrEnum):
    UNKNOWN_PLACEHOLDER = "unknown_placeholder"  # a {name} that is not one of PLACEHOLDERS
    RETIRED = "kit_retired"  # a retired kit no longer changes
    ALREADY_PUBLISHED = "already_published"
    NOT_PUBLISHED = "not_published"  # retiring or launching needs a published kit
    LANDING_MISSING = "landing_missing"  # a kit is published with its landing page's English text
    SUBJECT_MISSING = "subject_missing"  # an email needs a subject
    NOT_IN_AUDIENCE = "not_in_audience"  # the kit is not meant for the partner
    PARTNER_NOT_ACTIVE = "partner_not_active"  # launches are for partners that may sell
    RATE_LIMITED = "rate_limited"  # too many leads from one network in an hour
    IMAGE_TYPE = "image_type"  # the landing page image is a PNG or a JPEG
