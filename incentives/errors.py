"""Stable error codes of incentives: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class IncentiveErrorCode(StrEnum):
    NOT_DRAFT = "program_not_draft"  # only a draft is activated
    IN_USE = "program_in_use"  # the program has earned something: start a new version to change it
    ENDED = "program_ended"  # an ended program changes no more
    NOT_ACTIVE = "program_not_active"  # only an active program is ended
    NO_RULES = "program_without_rules"  # activation needs at least one rule
    TIERS_MISSING = "tiers_missing"  # a rule earns by volume tier and the program has none
    VERSION_EXISTS = "version_exists"  # a draft of the next version exists already
    NO_ACCRUALS = "program_not_in_use"  # a new version is for a program that earned: edit this one instead
    STARTS_TOO_EARLY = "starts_too_early"  # a new version starts after the last day its predecessor accrued
    DATES = "dates_invalid"  # ends before it starts
    RATE_OR_AMOUNT = "rate_or_amount"  # a percentage needs a rate (or tiers), a fixed rule an amount
    PERIOD_INVALID = "period_invalid"  # not FY2026 / FY2026-Q3, or not the program's kind of period
    DISPUTE_DECIDED = "dispute_decided"  # decided already
    NOT_AWAITING = "dispute_not_awaiting"  # the chief approves only an adjustment waiting for approval
    ADJUSTMENT_REQUIRED = "adjustment_required"  # upholding needs the adjustment's amount
    NOT_YOURS = "registration_not_yours"  # a dispute is about one of the company's own won registrations
