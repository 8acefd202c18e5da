"""Stable error codes of announcements: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice" …); these are the
domain's rules.
"""

from enum import StrEnum


class AnnouncementErrorCode(StrEnum):
    WITHDRAWN = "withdrawn"  # a withdrawn announcement no longer changes
    ALREADY_PUBLISHED = "already_published"  # published already: nothing to publish or schedule
    NOT_PUBLISHED = "not_published"  # withdrawing needs a scheduled or published announcement
    EXPIRES_BEFORE_PUBLISH = "expires_before_publish"  # it would expire before (or as) it is published
    EXPIRED = "expired"  # its expiry has passed already
    NOT_A_PARTNER_USER = "not_a_partner_user"  # only partner users' reads are counted
