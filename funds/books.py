"""MDF on the ledger: the postings of each business event and the balances of a period's funds.

The ledger's accounts are not per period, so a period's funds are read through the sources of their
transactions: the budget itself, its allocations, the requests drawing on it and their claims
(`period_entries`). Every posting names its event with a key, so booking an event twice books it once.

- budget set or changed: debit MDF_AUTHORISED, credit MDF_BUDGET (vendor; no partner)
- allocation (fixed, an accrual, a change): debit MDF_BUDGET, credit MDF_AVAILABLE (the partner)
- request approved: debit MDF_AVAILABLE, credit MDF_COMMITTED; cancelled: the reverse (a release)
- claim approved for Y: debit MDF_COMMITTED, credit MDF_PAYABLE; the rest of the commitment released
- unused funds expire at the period's end: debit MDF_AVAILABLE, credit MDF_EXPIRED; funds released after
  that expire at once
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from core.actor import Actor
from funds.models import FundAllocation, FundBudget, FundClaim, FundRequest
from ledger.models import CREDIT_NORMAL, LedgerAccount, LedgerEntry, TransactionKind
from ledger.posting import Posting, move

A = LedgerAccount
ZERO = Decimal("0.00")

BUDGET_SOURCE = "funds.budget"
ALLOCATION_SOURCE = "funds.allocation"
REQUEST_SOURCE = "funds.request"
CLAIM_SOURCE = "funds.claim"


def period_sources(budgets: Any) -> Q:
    """The ledger entries of these budgets' funds: the budgets', their allocations', requests' and claims'."""
    return (
        Q(transaction__source_type=BUDGET_SOURCE, transaction__source_id__in=budgets.values("public_id"))
        | Q(
            transaction__source_type=ALLOCATION_SOURCE,
            transaction__source_id__in=FundAllocation.objects.filter(budget__in=budgets).values("public_id"),
        )
        | Q(
            transaction__source_type=REQUEST_SOURCE,
            transaction__source_id__in=FundRequest.objects.filter(budget__in=budgets).values("public_id"),
        )
        | Q(
            transaction__source_type=CLAIM_SOURCE,
            transaction__source_id__in=FundClaim.objects.filter(request__budget__in=budgets).values(
                "public_id"
            ),
        )
    )


def period_balances(
    *, actor: Actor, budgets: list[FundBudget], accounts: Any, partner: Any = None
) -> dict[tuple[int, int | None, str], Decimal]:
    """{(budget id, partner id, account): balance} of these budgets' funds that `actor` may read
    (credit-normal accounts as credits minus debits), in a few queries however many budgets and partners."""
    if not budgets:
        return {}
    by_public = {budget.public_id: budget.pk for budget in budgets}
    entries = LedgerEntry.objects.visible_to(actor).filter(account__in=list(accounts))
    if partner is not None:
        entries = entries.filter(partner=partner)
    rows = list(
        entries.filter(period_sources(FundBudget.objects.filter(pk__in=list(by_public.values()))))
        .values("transaction__source_type", "transaction__source_id", "partner_id", "account")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    source_budget = _source_budgets(rows, by_public)
    result: dict[tuple[int, int | None, str], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        budget_id = source_budget.get((row["transaction__source_type"], row["transaction__source_id"]))
        if budget_id is None:
            continue
        total = row["total"] or ZERO
        value = -total if row["account"] in CREDIT_NORMAL else total
        key = (budget_id, row["partner_id"], row["account"])
        result[key] = (result[key] + value).quantize(Decimal("0.01"))
    return dict(result)


def _source_budgets(rows: list[dict[str, Any]], by_public: dict[Any, int]) -> dict[tuple[str, Any], int]:
    """Which budget each source of `rows` belongs to (a few queries, however many rows)."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for row in rows:
        wanted[row["transaction__source_type"]].add(row["transaction__source_id"])
    found: dict[tuple[str, Any], int] = {}
    for public_id, pk in by_public.items():
        found[(BUDGET_SOURCE, public_id)] = pk
    if wanted[ALLOCATION_SOURCE]:
        for public_id, budget_id in FundAllocation.objects.filter(
            public_id__in=wanted[ALLOCATION_SOURCE]
        ).values_list("public_id", "budget_id"):
            found[(ALLOCATION_SOURCE, public_id)] = budget_id
    if wanted[REQUEST_SOURCE]:
        for public_id, budget_id in FundRequest.objects.filter(
            public_id__in=wanted[REQUEST_SOURCE]
        ).values_list("public_id", "budget_id"):
            found[(REQUEST_SOURCE, public_id)] = budget_id
    if wanted[CLAIM_SOURCE]:
        for public_id, budget_id in FundClaim.objects.filter(public_id__in=wanted[CLAIM_SOURCE]).values_list(
            "public_id", "request__budget_id"
        ):
            found[(CLAIM_SOURCE, public_id)] = budget_id
    return found


def available(*, actor: Actor, budget: FundBudget, partner: Any) -> Decimal:
    """What `partner` has available of `budget`'s funds now."""
    entries = LedgerEntry.objects.visible_to(actor).filter(
        account=A.MDF_AVAILABLE, partner=partner, currency=budget.currency
    )
    total = entries.filter(period_sources(FundBudget.objects.filter(pk=budget.pk))).aggregate(
        t=Sum("amount")
    )["t"]
    return (-(total or ZERO)).quantize(Decimal("0.01"))


def unallocated(budget: FundBudget, *, actor: Actor) -> Decimal:
    """What `budget` has left to allocate (MDF_BUDGET of its own and its allocations' transactions)."""
    entries = LedgerEntry.objects.visible_to(actor).filter(account=A.MDF_BUDGET, currency=budget.currency)
    total = entries.filter(period_sources(FundBudget.objects.filter(pk=budget.pk))).aggregate(
        t=Sum("amount")
    )["t"]
    return (-(total or ZERO)).quantize(Decimal("0.01"))


# --- postings -----------------------------------------------------------------------------------------------

Description = str | Callable[[], str]


def budget_label(budget: FundBudget, *detail: str) -> Callable[[], str]:
    """A transaction's description naming the budget's period, which reads differently in each language
    ("Q4 FY2026" / "4 кв. FY2026"): written by the ledger in each one."""
    return lambda: " · ".join([str(budget), *detail])


def budget_posting(
    budget: FundBudget, delta: Decimal, *, key: str, description: Description, reason: str = ""
) -> Posting:
    debit, credit = (A.MDF_AUTHORISED, A.MDF_BUDGET) if delta > 0 else (A.MDF_BUDGET, A.MDF_AUTHORISED)
    return Posting(
        key=key,
        kind=TransactionKind.BUDGET,
        partner=None,
        legs=move(abs(delta), budget.currency, debit=debit, credit=credit),
        description=description,
        reason=reason,
        source_type=BUDGET_SOURCE,
        source_id=budget.public_id,
    )


def allocation_posting(
    allocation: FundAllocation,
    delta: Decimal,
    *,
    key: str,
    description: Description,
    reason: str = "",
    kind: str = "",
) -> Posting:
    debit, credit = (A.MDF_BUDGET, A.MDF_AVAILABLE) if delta > 0 else (A.MDF_AVAILABLE, A.MDF_BUDGET)
    return Posting(
        key=key,
        kind=kind or TransactionKind.ALLOCATION,
        partner=allocation.partner,
        legs=move(abs(delta), allocation.budget.currency, debit=debit, credit=credit),
        description=description,
        reason=reason,
        source_type=ALLOCATION_SOURCE,
        source_id=allocation.public_id,
    )


def commitment_posting(request: FundRequest, amount: Decimal) -> Posting:
    return Posting(
        key=f"fund-request:{request.public_id}:approved",
        kind=TransactionKind.COMMITMENT,
        partner=request.partner,
        legs=move(amount, request.currency, debit=A.MDF_AVAILABLE, credit=A.MDF_COMMITTED),
        description=f"{request.code} {request.title}",
        source_type=REQUEST_SOURCE,
        source_id=request.public_id,
    )


def release_postings(
    source: FundRequest | FundClaim, request: FundRequest, amount: Decimal, *, event: str, expire: bool
) -> list[Posting]:
    """`amount` of `request`'s commitment back to the funds available (released by `source`, the request when
    cancelled or its claim when approved for less); expired at once when the period is over."""
    source_type = CLAIM_SOURCE if isinstance(source, FundClaim) else REQUEST_SOURCE
    prefix = "fund-claim" if isinstance(source, FundClaim) else "fund-request"
    description = f"{request.code} {request.title}"

    def posting(key: str, kind: str, debit: str, credit: str) -> Posting:
        return Posting(
            key=key,
            kind=kind,
            partner=request.partner,
            legs=move(amount, request.currency, debit=debit, credit=credit),
            description=description,
            source_type=source_type,
            source_id=source.public_id,
        )

    key = f"{prefix}:{source.public_id}:{event}"
    postings = [posting(key, TransactionKind.RELEASE, A.MDF_COMMITTED, A.MDF_AVAILABLE)]
    if expire:
        postings.append(posting(f"{key}-expired", TransactionKind.EXPIRY, A.MDF_AVAILABLE, A.MDF_EXPIRED))
    return postings


def claim_posting(claim: FundClaim, amount: Decimal) -> Posting:
    request = claim.request
    return Posting(
        key=f"fund-claim:{claim.public_id}:approved",
        kind=TransactionKind.CLAIM,
        partner=claim.partner,
        legs=move(amount, claim.currency, debit=A.MDF_COMMITTED, credit=A.MDF_PAYABLE),
        description=f"{request.code} {request.title} · {claim.invoice_number}",
        source_type=CLAIM_SOURCE,
        source_id=claim.public_id,
    )


def expiry_posting(budget: FundBudget, partner: Any, amount: Decimal) -> Posting:
    """Unused funds of the period expire: one per partner, period and currency (a rerun books nothing)."""
    return Posting(
        key=f"fund-expiry:{budget.public_id}:{partner.public_id}:{budget.currency}",
        kind=TransactionKind.EXPIRY,
        partner=partner,
        legs=move(amount, budget.currency, debit=A.MDF_AVAILABLE, credit=A.MDF_EXPIRED),
        description=budget_label(budget),
        source_type=BUDGET_SOURCE,
        source_id=budget.public_id,
    )
