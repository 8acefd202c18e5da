"""Duplicate claims: the same invoice number, the same amount on the same invoice date, or the same file, in
another claim that is or may be paid (awaiting a decision or approved), of any partner.

The check reads every partner's claims (an invariant over all rows, like a unique number), records what it
found as `ClaimDuplicate` rows on the claim (and on the other claim when that one still awaits a decision),
and the claim is then approved only when staff override the check with a reason. A partner reads a flag only
when the other claim is its own company's (`ClaimDuplicate.partner_filter`)."""

from __future__ import annotations

import re

from funds.models import (
    LIVE_CLAIM_STATUSES,
    OPEN_CLAIM_STATUSES,
    ClaimDuplicate,
    ClaimFile,
    DuplicateReason,
    FundClaim,
)


def invoice_key(number: str) -> str:
    """An invoice number as compared: letters and digits only, upper case ("inv-2026/001" is INV2026001)."""
    return re.sub(r"[^0-9A-Z]", "", (number or "").upper())[:60]


def find_duplicates(claim: FundClaim) -> list[tuple[FundClaim, str, str]]:
    """(other claim, reason, what matched) for every live claim `claim` may duplicate."""
    live = FundClaim.objects.filter(status__in=LIVE_CLAIM_STATUSES).exclude(pk=claim.pk)
    found: list[tuple[FundClaim, str, str]] = []
    if claim.invoice_key:
        found += [
            (other, DuplicateReason.INVOICE_NUMBER, claim.invoice_number)
            for other in live.filter(invoice_key=claim.invoice_key)
        ]
    found += [
        (other, DuplicateReason.AMOUNT_AND_DATE, f"{claim.amount} {claim.currency} · {claim.invoice_date}")
        for other in live.filter(
            amount=claim.amount, currency=claim.currency, invoice_date=claim.invoice_date
        )
    ]
    names = dict(ClaimFile.objects.filter(claim=claim).values_list("sha256", "name"))
    if names:
        matches = (
            ClaimFile.objects.filter(sha256__in=list(names), claim__in=live)
            .select_related("claim")
            .order_by("claim_id", "id")
        )
        seen: set[int] = set()
        for match in matches:
            if match.claim_id not in seen:
                seen.add(match.claim_id)
                found.append((match.claim, DuplicateReason.FILE, names[match.sha256][:200]))
    return found


def flag_duplicates(claim: FundClaim) -> tuple[list[ClaimDuplicate], list[ClaimDuplicate]]:
    """Record what `claim` may duplicate (once per other claim and reason); the other claim, when it still
    awaits a decision, is flagged with `claim` too. Returns the new flags on `claim` and on the others."""
    found = find_duplicates(claim)
    if not found:
        return [], []
    known = set(ClaimDuplicate.objects.filter(claim=claim).values_list("other_id", "reason"))
    new = [
        ClaimDuplicate(claim=claim, other=other, reason=reason, detail=detail)
        for other, reason, detail in found
        if (other.pk, reason) not in known
    ]
    ClaimDuplicate.objects.bulk_create(new, ignore_conflicts=True)
    flagged = set(
        ClaimDuplicate.objects.filter(other=claim, claim__in=[o for o, _r, _d in found]).values_list(
            "claim_id", "reason"
        )
    )
    back = [
        ClaimDuplicate(claim=other, other=claim, reason=reason, detail=detail)
        for other, reason, detail in found
        if other.status in OPEN_CLAIM_STATUSES and (other.pk, reason) not in flagged
    ]
    ClaimDuplicate.objects.bulk_create(back, ignore_conflicts=True)
    return new, back
