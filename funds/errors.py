"""Stable error codes of market development funds: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class FundErrorCode(StrEnum):
    WRONG_STATE = "fund_wrong_state"  # the request or claim is not in a state that allows this
    PERIOD_UNKNOWN = "period_unknown"  # not a fiscal period code such as FY2026-Q3
    PERIOD_KIND = "period_kind"  # a year where the program budgets per quarter (or the reverse)
    PERIOD_CLOSED = "period_closed"  # the period's unused funds have expired: nothing more is booked on it
    BUDGET_EXISTS = "budget_exists"  # a budget for this period and currency exists
    BUDGET_BELOW_ALLOCATED = "budget_below_allocated"  # lowering the budget under what is allocated
    OVER_BUDGET = "over_budget"  # more than the budget has left to allocate
    PARTNER_OR_TIER = "partner_or_tier"  # an allocation names one partner or one tier
    ALLOCATION_EXISTS = "allocation_exists"  # the partner has an allocation of this basis in the budget
    NO_PARTNERS = "no_partners_in_tier"  # no partner that may sell is in the tier
    RATE_RANGE = "rate_out_of_range"  # a share of won revenue from 0.01 to 100 %
    BASIS_FIELDS = "basis_fields"  # a fixed allocation needs an amount
    NO_TIER_RATE = "no_tier_rate"  # a share without a rate, for a partner whose tier sets no MDF rate
    ALLOCATION_BELOW_USED = "allocation_below_used"  # lowering an allocation under what is left available
    AMOUNT_NOT_POSITIVE = "amount_not_positive"  # an amount must be more than zero
    NO_FUNDS = "no_funds"  # the partner has no funds for that period and currency
    OUTSIDE_PERIOD = "outside_period"  # the activity starts outside the period whose funds it asks for
    DATES_REVERSED = "dates_reversed"  # the activity ends before it starts
    REQUEST_ABOVE_COST = "request_above_cost"  # more funds asked than the activity costs
    OVER_AVAILABLE = "over_available"  # more than the partner has available in the period
    APPROVAL_ABOVE_REQUESTED = "approval_above_requested"  # approving more than was asked
    REASON_REQUIRED = "reason_required"  # a rejection or a partial approval says why
    NOT_YOUR_LINK = "not_your_link"  # a referral link or launch of another partner
    ACTIVITY_NOT_OVER = "activity_not_over"  # a claim before the activity has ended
    CLAIM_OPEN = "claim_open"  # the request has a claim awaiting a decision
    CLAIM_ABOVE_APPROVED = "claim_above_approved"  # claiming more than was approved
    CLAIM_ABOVE_COST = "claim_above_cost"  # claiming more than the activity actually cost
    DATE_IN_FUTURE = "date_in_future"  # an invoice dated after today
    PROOF_MISSING = "proof_missing"  # a claim without an invoice and a proof of performance
    DUPLICATE_NEEDS_OVERRIDE = "duplicate_needs_override"  # a flagged claim approved without saying why
    FILE_KIND = "file_kind"  # a file uploaded without saying what it is (invoice, proof …)
