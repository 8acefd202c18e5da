"""Stable error codes of deal registrations: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice", "min_value" …);
these are the domain's rules.
"""

from enum import StrEnum


class DealErrorCode(StrEnum):
    NOT_DRAFT = "not_draft"  # only a draft can be edited
    INVALID_TRANSITION = "invalid_transition"  # the status does not allow this step
    INCOMPLETE = "incomplete"  # submission needs customer, domain or tax id, products, close date
    NOT_YOUR_RESELLER = "not_your_reseller"
    PRODUCT_NOT_SELLABLE = "product_not_sellable"
    CURRENCY_MISMATCH = "currency_mismatch"
    AMOUNT_TOO_LARGE = "amount_too_large"
    TOO_MANY_LINES = "too_many_lines"
    IDEMPOTENCY_KEY_TOO_LONG = "idempotency_key_too_long"
    WON_AMOUNT_REQUIRED = "won_amount_required"  # closing as won needs the amount won
    NOTE_REQUIRED = "note_required"  # an approval over a conflict, a rejection, a denial must say why
    CUSTOMER_HELD = "customer_held"  # another registration holds the customer
    APPEAL_FOR_CHIEF = "appeal_for_chief"  # appeals are decided by the channel chief
    APPEAL_USED = "appeal_used"
    APPEAL_LATE = "appeal_late"
    NOT_APPEALED = "not_appealed"
    NOT_PROTECTED = "not_protected"
    EXTENSION_PENDING = "extension_pending"
    EXTENSION_DECIDED = "extension_decided"
    DRAFT_NOT_CHECKED = "draft_not_checked"
    NOT_WON = "not_won"  # only a won registration is reopened or refunded
    NOTHING_TO_REFUND = "nothing_to_refund"  # the whole amount won was refunded already
    REFUND_TOO_LARGE = "refund_too_large"  # more than is left of the amount won
    AMOUNT_NOT_POSITIVE = "amount_not_positive"  # an amount won or refunded must be more than zero
    RULES_NOT_ACCEPTED = "rules_not_accepted"  # the partner has not accepted the rules of engagement in force
