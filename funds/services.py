"""Writes of market development funds: budgets and allocations (channel marketing), requests and claims
(a partner's admin asks, marketing or the chief decide), the accruals on won revenue and the expiry of
unused funds at a period's end (periodic jobs).

Each write validates through its input (`funds/inputs.py`), checks `funds.rules` on the rows it locked
through the actor's scope, books its money on the ledger (one key per business event: booking it again books
nothing) and records its event, in one transaction. Writes on a period's funds lock the budget's row after
their own, in the order claim → request → budget, so that two approvals at once cannot both spend what only
one may: the second waits, then reads what the first left.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor, system_actor
from core.errors import field_error
from core.events import record_event
from core.scoping import get_visible_or_404, lock_visible
from deals.models import DealRegistration, RegistrationStatus
from funds import books, notify
from funds.duplicates import flag_duplicates, invoice_key
from funds.errors import FundErrorCode as E
from funds.inputs import (
    AllocationAdjustInput,
    AllocationInput,
    ApproveInput,
    BudgetAdjustInput,
    BudgetInput,
    CancelInput,
    ClaimApproveInput,
    ClaimFileInput,
    ClaimInput,
    RejectInput,
    RequestInput,
    parse_period,
)
from funds.models import (
    CODE_PREFIX,
    AllocationBasis,
    ClaimDuplicate,
    ClaimFile,
    ClaimStatus,
    FundAllocation,
    FundBudget,
    FundClaim,
    FundRequest,
    RequestStatus,
)
from funds.rules import AllocationAction, BudgetAction, ClaimAction, RequestAction, require_action
from funds.selectors import (
    budgets_visible,
    funded_currencies,
    funded_periods,
    launch_choices,
    link_choices,
    partner_choices,
    periods_to_budget,
)
from ledger.models import LedgerTransaction
from ledger.posting import book, book_many
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from partners.models import Partner
from programs.selectors import NO_BENEFITS, tier_benefits
from referrals.selectors import LINKING_STATUSES

ZERO = books.ZERO
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed again


def _lock_budget(budget_id: int) -> FundBudget:
    """The budget's row, locked: every write on a period's funds takes it (after its own rows). An invariant
    lock, like a unique number's: the budget is reached through a row the actor may see."""
    return FundBudget.objects.select_for_update().get(pk=budget_id)


def above_threshold(amount: Decimal, currency: str) -> bool:
    """Whether approving `amount` needs the channel chief: above the money settings' threshold, converted to
    the program currency at today's rate (no rate: refused with what to enter, never guessed)."""
    settings = money_settings()
    converted = RateTable().convert(amount, currency, settings.reporting_currency)
    return converted > settings.chief_approval_threshold


def _manage(actor: Actor) -> None:
    if not (actor.is_staff and actor.can("funds.manage")):
        raise PermissionDenied


# --- budgets ------------------------------------------------------------------------------------------------


def budget_create(*, actor: Actor, data: Mapping[str, Any] | BudgetInput) -> FundBudget:
    """A budget for a fiscal period (of the kind the money settings say) in one currency, its amount booked
    as authorised."""
    _manage(actor)
    settings = money_settings(fresh=True)
    cleaned = BudgetInput.bind(data, periods=periods_to_budget()).cleaned()
    try:
        period = parse_period(cleaned["period"], start_month=settings.fiscal_year_start_month)
    except ValidationError as exc:
        raise ValidationError({"period": exc}) from None
    if period.kind != settings.fund_period:
        raise field_error(
            "period",
            _("The program budgets per %(kind)s: choose one.")
            % {"kind": settings.get_fund_period_display().lower()},
            E.PERIOD_KIND,
        )
    exists = _("There is a budget for %(period)s in %(currency)s already: change its amount instead.") % {
        "period": period.label,
        "currency": cleaned["currency"],
    }
    if FundBudget.objects.filter(period=period.code, currency=cleaned["currency"]).exists():
        raise field_error("period", exists, E.BUDGET_EXISTS)
    try:
        with transaction.atomic():
            budget = FundBudget.objects.create(
                period=period.code,
                period_kind=period.kind,
                starts_on=period.start,
                ends_on=period.last_day,
                currency=cleaned["currency"],
                amount=cleaned["amount"],
                notes=cleaned.get("notes") or "",
                created_by=actor.user,
            )
            book(
                books.budget_posting(
                    budget,
                    budget.amount,
                    key=f"fund-budget:{budget.public_id}:set",
                    description=books.budget_label(budget),
                ),
                actor=actor,
            )
            record_event(
                actor=actor,
                verb="fund_budget.created",
                target=budget,
                after={"period": period.code, "amount": budget.amount, "currency": budget.currency},
            )
    except IntegrityError:  # made at the same moment by someone else
        raise field_error("period", exists, E.BUDGET_EXISTS) from None
    return budget


def budget_adjust(
    *, actor: Actor, budget: FundBudget, data: Mapping[str, Any] | BudgetAdjustInput
) -> FundBudget:
    """Raise or lower what a budget authorises (never below what it has allocated)."""
    _manage(actor)
    values = BudgetAdjustInput.bind(data).cleaned()
    with transaction.atomic():
        budget = lock_visible(FundBudget.objects, actor=actor, pk=budget.pk)
        require_action(actor, budget, BudgetAction.ADJUST)
        new = values["amount"]
        delta = new - budget.amount
        if not delta:
            return budget
        if delta < 0 and books.unallocated(budget, actor=actor) < -delta:
            raise field_error(
                "amount",
                _("%(amount)s %(currency)s are allocated already: the budget cannot be lower.")
                % {
                    "amount": budget.amount - books.unallocated(budget, actor=actor),
                    "currency": budget.currency,
                },
                E.BUDGET_BELOW_ALLOCATED,
            )
        budget.revision += 1
        book(
            books.budget_posting(
                budget,
                delta,
                key=f"fund-budget:{budget.public_id}:adjust:{budget.revision}",
                description=books.budget_label(budget),
                reason=values["reason"],
            ),
            actor=actor,
        )
        before = budget.amount
        budget.amount = new
        budget.save(update_fields=["amount", "revision", "updated_at"])
        record_event(
            actor=actor,
            verb="fund_budget.adjusted",
            target=budget,
            before={"amount": before},
            after={"amount": new},
            note=values["reason"],
        )
    return budget


# --- allocations --------------------------------------------------------------------------------------------


def allocation_input(*, actor: Actor, data: Mapping[str, Any] | AllocationInput) -> AllocationInput:
    return AllocationInput.bind(
        data,
        budgets=budgets_visible(actor=actor).filter(closed_at__isnull=True),
        partners=partner_choices(actor=actor),
    )


def allocation_create(*, actor: Actor, data: Mapping[str, Any] | AllocationInput) -> list[FundAllocation]:
    """Funds for one partner, or for each partner of a tier that may sell (those with an allocation of the
    same basis in the budget already are left as they are): a fixed amount booked at once, or a share of won
    revenue accrued from the registrations it wins in the period (accrued now for those already won)."""
    _manage(actor)
    cleaned = allocation_input(actor=actor, data=data).cleaned()
    with transaction.atomic():
        budget = lock_visible(FundBudget.objects, actor=actor, pk=cleaned["budget"].pk)
        require_action(actor, budget, BudgetAction.ALLOCATE)
        basis = cleaned["basis"]
        taken = set(
            FundAllocation.objects.filter(budget=budget, basis=basis).values_list("partner_id", flat=True)
        )
        if cleaned.get("partner"):
            partners = [cleaned["partner"]]
            if partners[0].pk in taken:
                raise field_error(
                    "partner",
                    _("%(partner)s has an allocation of this kind in this budget already: change it instead.")
                    % {"partner": partners[0].name},
                    E.ALLOCATION_EXISTS,
                )
        else:
            partners = [
                p
                for p in Partner.objects.visible_to(actor)
                .filter(tier=cleaned["tier"], status__in=LINKING_STATUSES)
                .order_by("name")
                if p.pk not in taken
            ]
            if not partners:
                raise field_error(
                    "tier",
                    _("No partner of this tier that may sell is left without such an allocation."),
                    E.NO_PARTNERS,
                )
        amount = cleaned.get("amount") if basis == AllocationBasis.FIXED else None
        if basis == AllocationBasis.ACCRUAL and cleaned.get("rate") is None:
            _require_tier_rates(partners)
        if amount is not None and amount * len(partners) > books.unallocated(budget, actor=actor):
            raise field_error(
                "amount",
                _("The budget has %(left)s %(currency)s left to allocate: %(wanted)s %(currency)s is more.")
                % {
                    "left": books.unallocated(budget, actor=actor),
                    "wanted": amount * len(partners),
                    "currency": budget.currency,
                },
                E.OVER_BUDGET,
            )
        created = [
            FundAllocation(
                budget=budget,
                partner=partner,
                basis=basis,
                amount=amount,
                rate=cleaned.get("rate") if basis == AllocationBasis.ACCRUAL else None,
                cap=cleaned.get("cap") if basis == AllocationBasis.ACCRUAL else None,
                tier=cleaned.get("tier") or "",
                allocated=amount or ZERO,
                created_by=actor.user,
            )
            for partner in partners
        ]
        FundAllocation.objects.bulk_create(created)
        created = list(
            FundAllocation.objects.filter(budget=budget, basis=basis, partner__in=partners).select_related(
                "partner", "budget"
            )
        )
        if amount is not None:
            book_many(
                [
                    books.allocation_posting(
                        allocation,
                        amount,
                        key=f"fund-allocation:{allocation.public_id}:set",
                        description=books.budget_label(budget),
                    )
                    for allocation in created
                ],
                actor=actor,
            )
        for allocation in created:
            record_event(
                actor=actor,
                verb="fund_allocation.created",
                target=allocation,
                partner=allocation.partner,
                after={
                    "period": budget.period,
                    "basis": basis,
                    "amount": amount,
                    "rate": allocation.rate,
                    "cap": allocation.cap,
                    "currency": budget.currency,
                }
                | ({"tier": allocation.tier} if allocation.tier else {}),
            )
        if basis == AllocationBasis.ACCRUAL:
            _accrue(actor=actor, budget=budget, allocations=created)
    return created


def allocation_adjust(
    *, actor: Actor, allocation: FundAllocation, data: Mapping[str, Any] | AllocationAdjustInput
) -> FundAllocation:
    """A fixed allocation's new total (more from the budget, or less back to it: never more than the partner
    has left available), or a share's new rate or cap (for what it wins from now on)."""
    _manage(actor)
    values = AllocationAdjustInput.bind(data).cleaned()
    with transaction.atomic():
        budget = lock_visible(FundBudget.objects, actor=actor, pk=allocation.budget_id)
        allocation = lock_visible(
            FundAllocation.objects.select_related("partner", "budget"),
            actor=actor,
            pk=allocation.pk,
            of=("self",),
        )
        require_action(actor, allocation, AllocationAction.ADJUST)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if allocation.basis == AllocationBasis.FIXED:
            new = values.get("amount")
            if new is None:
                raise field_error("amount", _("Enter the new amount."), E.BASIS_FIELDS)
            delta = new - allocation.allocated
            if delta > 0 and delta > books.unallocated(budget, actor=actor):
                raise field_error(
                    "amount",
                    _("The budget has %(left)s %(currency)s left to allocate.")
                    % {"left": books.unallocated(budget, actor=actor), "currency": budget.currency},
                    E.OVER_BUDGET,
                )
            if delta < 0 and -delta > books.available(actor=actor, budget=budget, partner=allocation.partner):
                raise field_error(
                    "amount",
                    _("%(partner)s has only %(left)s %(currency)s left available: it cannot give back more.")
                    % {
                        "partner": allocation.partner.name,
                        "left": books.available(actor=actor, budget=budget, partner=allocation.partner),
                        "currency": budget.currency,
                    },
                    E.ALLOCATION_BELOW_USED,
                )
            if delta:
                allocation.revision += 1
                book(
                    books.allocation_posting(
                        allocation,
                        delta,
                        key=f"fund-allocation:{allocation.public_id}:adjust:{allocation.revision}",
                        description=books.budget_label(budget),
                        reason=values["reason"],
                    ),
                    actor=actor,
                )
                before["amount"], after["amount"] = allocation.allocated, new
                allocation.amount = allocation.allocated = new
        else:
            for name in ("rate", "cap"):
                if values.get(name) is not None and values[name] != getattr(allocation, name):
                    before[name], after[name] = getattr(allocation, name), values[name]
                    setattr(allocation, name, values[name])
        if not after:
            return allocation
        allocation.save()
        record_event(
            actor=actor,
            verb="fund_allocation.adjusted",
            target=allocation,
            partner=allocation.partner,
            before=before,
            after=after,
            note=values["reason"],
        )
        if allocation.basis == AllocationBasis.ACCRUAL:
            _accrue(actor=actor, budget=budget, allocations=[allocation])
    return allocation


def _require_tier_rates(partners: list[Partner]) -> None:
    """A share of won revenue without a rate of its own accrues at each partner's program tier MDF rate: every
    partner given one must have a tier that sets a rate (else the rate is asked for, and nothing changes)."""
    rates = tier_benefits([p.pk for p in partners])
    missing = [p.name for p in partners if rates.get(p.pk, NO_BENEFITS).mdf_rate is None]
    if missing:
        raise field_error(
            "rate",
            _("Enter the share of won revenue: the tier of %(partners)s sets no MDF rate.")
            % {"partners": ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")},
            E.NO_TIER_RATE,
        )


def _won_amount(registration: DealRegistration) -> Decimal:
    return registration.won_amount if registration.won_amount is not None else registration.amount


def _accrue(*, actor: Actor, budget: FundBudget, allocations: list[FundAllocation]) -> int:
    """Book each share-of-revenue allocation's accruals on the registrations its partner won in the period and
    that are not booked yet (one key per allocation and registration), up to its cap and what the budget has
    left. The budget's row is locked by the caller. Returns how many were booked."""
    postings = []
    left = books.unallocated(budget, actor=actor)
    tables: dict[Any, RateTable] = {}
    # A share without a rate of its own accrues at the partner's program tier MDF rate, as it is now.
    tier_rates = tier_benefits([a.partner_id for a in allocations if a.rate is None])
    for allocation in allocations:
        rate = allocation.rate
        if rate is None:
            rate = tier_rates.get(allocation.partner_id, NO_BENEFITS).mdf_rate
        if allocation.basis != AllocationBasis.ACCRUAL or rate is None:
            continue
        won = (
            DealRegistration.objects.visible_to(actor)
            .filter(
                partner_id=allocation.partner_id,
                status=RegistrationStatus.WON,
                closed_at__date__gte=budget.starts_on,
                closed_at__date__lte=budget.ends_on,
            )
            .order_by("closed_at", "id")
        )
        prefix = f"fund-accrual:{allocation.public_id}:"
        booked = _booked_keys(prefix)
        room = allocation.cap - allocation.allocated if allocation.cap is not None else None
        added = ZERO
        for registration in won:
            key = f"{prefix}{registration.public_id}"
            if key in booked:
                continue
            day = timezone.localdate(registration.closed_at)
            table = tables.setdefault(day, RateTable(day))
            try:
                revenue = table.convert(_won_amount(registration), registration.currency, budget.currency)
            except RateMissing:
                continue  # accrued once a rate for the day is entered
            amount = (revenue * rate / 100).quantize(Decimal("0.01"))
            if room is not None:
                amount = min(amount, room - added)
            amount = min(amount, left)
            if amount <= 0:
                continue
            postings.append(
                books.allocation_posting(
                    allocation,
                    amount,
                    key=key,
                    description=books.budget_label(budget, registration.customer_name),
                    kind="allocation",
                )
            )
            added += amount
            left -= amount
        if added:
            allocation.allocated += added
            allocation.save(update_fields=["allocated", "updated_at"])
            record_event(
                actor=actor,
                verb="fund_allocation.accrued",
                target=allocation,
                partner=allocation.partner,
                after={"accrued": added, "allocated": allocation.allocated, "currency": budget.currency},
            )
    return book_many(postings, actor=actor)


def _booked_keys(prefix: str) -> set[str]:
    return set(LedgerTransaction.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def accruals_run(*, actor: Actor | None = None, budget: FundBudget | None = None) -> int:
    """The periodic pass (and marketing's "accrue now"): every open budget's shares of won revenue brought up
    to date. Idempotent: what is booked is not booked again. Returns how many accruals were booked."""
    actor = actor or system_actor()
    if budget is not None:
        _manage(actor)
        require_action(
            actor, get_visible_or_404(FundBudget.objects.visible_to(actor), pk=budget.pk), BudgetAction.ACCRUE
        )
    budgets = FundBudget.objects.visible_to(actor).filter(
        closed_at__isnull=True, allocations__basis=AllocationBasis.ACCRUAL
    )
    if budget is not None:
        budgets = budgets.filter(pk=budget.pk)
    booked = 0
    for budget_id in budgets.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            locked = _lock_budget(budget_id)
            if locked.closed_at is not None:
                continue
            allocations = list(
                FundAllocation.objects.filter(budget=locked, basis=AllocationBasis.ACCRUAL).select_related(
                    "partner", "budget"
                )
            )
            booked += _accrue(actor=actor, budget=locked, allocations=allocations)
    return booked


# --- the end of a period ------------------------------------------------------------------------------------


def periods_close(*, actor: Actor | None = None, today: Any = None) -> int:
    """The periodic pass: every budget whose period is over has its last accruals booked and each partner's
    unused funds expired (one key per partner, period and currency), then is closed. A rerun books nothing.
    Returns how many budgets it closed."""
    actor = actor or system_actor()
    day = today or timezone.localdate()
    closed = 0
    for budget_id in FundBudget.objects.filter(closed_at__isnull=True, ends_on__lt=day).values_list(
        "pk", flat=True
    ):
        if _close(actor=actor, budget_id=budget_id, today=day):
            closed += 1
    return closed


def budget_close(*, actor: Actor, budget: FundBudget) -> FundBudget:
    """Close one budget whose period is over now (what the nightly pass would do)."""
    _manage(actor)
    with transaction.atomic():
        locked = lock_visible(FundBudget.objects, actor=actor, pk=budget.pk)
        require_action(actor, locked, BudgetAction.CLOSE)
        _close(actor=actor, budget_id=locked.pk, today=timezone.localdate())
        locked.refresh_from_db()
    return locked


def _close(*, actor: Actor, budget_id: int, today: Any) -> bool:
    with transaction.atomic():
        budget = _lock_budget(budget_id)
        if budget.closed_at is not None or budget.ends_on >= today:
            return False
        allocations = list(
            FundAllocation.objects.filter(budget=budget, basis=AllocationBasis.ACCRUAL).select_related(
                "partner", "budget"
            )
        )
        _accrue(actor=actor, budget=budget, allocations=allocations)
        sums = books.period_balances(actor=actor, budgets=[budget], accounts=[books.A.MDF_AVAILABLE])
        partners = {p.pk: p for p in Partner.objects.filter(pk__in=[k[1] for k in sums if k[1]])}
        postings = [
            books.expiry_posting(budget, partners[partner_id], amount)
            for (_budget, partner_id, _account), amount in sorted(
                sums.items(), key=lambda item: item[0][1] or 0
            )
            if partner_id in partners and amount > 0
        ]
        expired = sum((p.legs[0].amount for p in postings), start=ZERO)
        book_many(postings, actor=actor)
        budget.closed_at = timezone.now()
        budget.save(update_fields=["closed_at", "updated_at"])
        record_event(
            actor=actor,
            verb="fund_budget.closed",
            target=budget,
            after={"expired": expired, "currency": budget.currency, "partners": len(postings)},
        )
        for posting in postings:
            record_event(
                actor=actor,
                verb="fund_budget.expired",
                target=budget,
                partner=posting.partner,
                after={"expired": posting.legs[0].amount, "currency": budget.currency},
            )
    return True


# --- requests -----------------------------------------------------------------------------------------------


def request_input(*, actor: Actor, data: Mapping[str, Any] | RequestInput) -> RequestInput:
    return RequestInput.bind(
        data,
        periods=funded_periods(actor=actor, open_only=True),
        currencies=funded_currencies(actor=actor),
        links=link_choices(actor=actor),
        launches=launch_choices(actor=actor),
        start_month=money_settings().fiscal_year_start_month,
    )


def _new_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def request_create(*, actor: Actor, data: Mapping[str, Any] | RequestInput) -> FundRequest:
    """A partner's admin asks for funds for an activity, from its company's funds of one period and currency.
    The request gets its activity code at once (MDF-…): the leads and registrations it brings carry it."""
    if not (actor.is_partner and actor.can("funds.request")):
        raise PermissionDenied
    cleaned = request_input(actor=actor, data=data).cleaned()
    partner = actor.partner
    budget = (
        FundBudget.objects.filter(
            period=cleaned["period"],
            currency=cleaned["currency"],
            pk__in=FundAllocation.objects.visible_to(actor).filter(partner=partner).values("budget"),
        )
        .order_by()
        .first()
    )
    if budget is None:
        raise field_error(
            "period",
            _("Your company has no funds for %(period)s in %(currency)s.")
            % {"period": cleaned["period"], "currency": cleaned["currency"]},
            E.NO_FUNDS,
        )
    if budget.closed_at is not None:
        raise field_error(
            "period", _("The period is over and its unused funds have expired."), E.PERIOD_CLOSED
        )
    links, launches = cleaned.pop("links", []), cleaned.pop("launches", [])
    fields = {k: v for k, v in cleaned.items() if k not in ("period", "currency")}
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = FundRequest.objects.create(
                    partner=partner,
                    budget=budget,
                    currency=budget.currency,
                    code=_new_code(),
                    requested_by=actor.user,
                    **fields,
                )
                request.links.set(links)
                request.launches.set(launches)
                record_event(
                    actor=actor,
                    verb="fund_request.submitted",
                    target=request,
                    partner=partner,
                    after={
                        "code": request.code,
                        "activity_type": request.activity_type,
                        "amount": request.amount,
                        "currency": request.currency,
                        "starts_on": request.starts_on,
                        "ends_on": request.ends_on,
                    },
                )
                notify.request_submitted(request)
            return request
        except IntegrityError:  # the code drawn was taken (one chance in 10^9): draw again
            continue
    raise RuntimeError("no free activity code after 5 draws")


def _lock_request(actor: Actor, request: FundRequest) -> FundRequest:
    return lock_visible(
        FundRequest.objects.select_related("budget", "partner"), actor=actor, pk=request.pk, of=("self",)
    )


def _approved_amount(values: dict[str, Any], *, asked: Decimal, recommended: Decimal | None) -> Decimal:
    amount = values.get("amount")
    if amount is None:
        amount = recommended if recommended is not None else asked
    if amount <= 0:
        raise field_error("amount", _("Enter an amount above zero."), E.AMOUNT_NOT_POSITIVE)
    if amount > asked:
        raise field_error(
            "amount",
            _("%(asked)s was asked: approve at most that.") % {"asked": asked},
            E.APPROVAL_ABOVE_REQUESTED,
        )
    if amount < asked and not (values.get("reason") or "").strip():
        raise field_error("reason", _("Say why less is approved than was asked."), E.REASON_REQUIRED)
    return amount


def request_approve(
    *, actor: Actor, request: FundRequest, data: Mapping[str, Any] | ApproveInput
) -> FundRequest:
    """Approve a request, fully or in part (with a reason), within what the partner has available of the
    period's funds: the amount is committed to it. Above the threshold, marketing's approval is a
    recommendation and the request awaits the channel chief."""
    values = ApproveInput.bind(data).cleaned()
    with transaction.atomic():
        request = _lock_request(actor, request)
        require_action(actor, request, RequestAction.APPROVE)
        budget = _lock_budget(request.budget_id)
        amount = _approved_amount(values, asked=request.amount, recommended=request.recommended_amount)
        left = books.available(actor=actor, budget=budget, partner=request.partner)
        if amount > left:
            raise field_error(
                "amount",
                _("%(partner)s has %(left)s %(currency)s available in %(period)s: %(amount)s is more.")
                % {
                    "partner": request.partner.name,
                    "left": left,
                    "currency": request.currency,
                    "period": budget.period_label,
                    "amount": amount,
                },
                E.OVER_AVAILABLE,
            )
        reason = (values.get("reason") or "").strip()
        before = {"status": request.status}
        now = timezone.now()
        if above_threshold(amount, request.currency) and not actor.can("funds.approve_above_threshold"):
            request.status = RequestStatus.AWAITING_CHIEF
            request.recommended_amount, request.recommended_by, request.recommended_at = (
                amount,
                actor.user,
                now,
            )
            request.decision_reason = reason
            request.save()
            record_event(
                actor=actor,
                verb="fund_request.recommended",
                target=request,
                partner=request.partner,
                before=before,
                after={"status": request.status, "recommended_amount": amount, "currency": request.currency},
                note=reason,
            )
            notify.request_recommended(request)
            return request
        book(books.commitment_posting(request, amount), actor=actor)
        request.status = RequestStatus.APPROVED
        request.approved_amount, request.decided_by, request.decided_at = amount, actor.user, now
        request.decision_reason = reason or request.decision_reason
        request.save()
        record_event(
            actor=actor,
            verb="fund_request.approved",
            target=request,
            partner=request.partner,
            before=before,
            after={"status": request.status, "approved_amount": amount, "currency": request.currency},
            note=reason,
        )
        notify.request_decided(request)
    return request


def request_reject(
    *, actor: Actor, request: FundRequest, data: Mapping[str, Any] | RejectInput
) -> FundRequest:
    values = RejectInput.bind(data).cleaned()
    with transaction.atomic():
        request = _lock_request(actor, request)
        require_action(actor, request, RequestAction.REJECT)
        before = {"status": request.status}
        request.status = RequestStatus.REJECTED
        request.decided_by, request.decided_at = actor.user, timezone.now()
        request.decision_reason = values["reason"]
        request.save()
        record_event(
            actor=actor,
            verb="fund_request.rejected",
            target=request,
            partner=request.partner,
            before=before,
            after={"status": request.status},
            note=values["reason"],
        )
        notify.request_decided(request)
    return request


def request_withdraw(*, actor: Actor, request: FundRequest) -> FundRequest:
    """The partner takes back a request awaiting a decision (nothing was committed)."""
    with transaction.atomic():
        request = _lock_request(actor, request)
        require_action(actor, request, RequestAction.WITHDRAW)
        before = {"status": request.status}
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            verb="fund_request.withdrawn",
            target=request,
            partner=request.partner,
            before=before,
            after={"status": request.status},
        )
    return request


def request_cancel(
    *, actor: Actor, request: FundRequest, data: Mapping[str, Any] | CancelInput | None = None
) -> FundRequest:
    """An approved activity that will not take place (or will not be claimed): its commitment goes back to
    the funds available (expired at once when the period is over)."""
    reason = (CancelInput.bind(data or {}).cleaned().get("reason") or "").strip()
    with transaction.atomic():
        request = _lock_request(actor, request)
        require_action(actor, request, RequestAction.CANCEL)
        budget = _lock_budget(request.budget_id)
        amount = request.approved_amount or ZERO
        book_many(
            books.release_postings(
                request, request, amount, event="cancelled", expire=budget.closed_at is not None
            ),
            actor=actor,
        )
        before = {"status": request.status}
        request.status = RequestStatus.CANCELLED
        request.released = amount
        request.save(update_fields=["status", "released", "updated_at"])
        record_event(
            actor=actor,
            verb="fund_request.cancelled",
            target=request,
            partner=request.partner,
            before=before,
            after={"status": request.status, "released": amount, "currency": request.currency},
            note=reason,
        )
    return request


# --- claims -------------------------------------------------------------------------------------------------


def _store_file(claim: FundClaim, kind: str, upload: Any, *, actor: Actor) -> ClaimFile:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    name = (getattr(upload, "name", "") or "file")[:200]
    stored = ClaimFile(
        claim=claim,
        kind=kind,
        file_type=upload.file_type.extension,
        name=name,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor.user,
    )
    stored.file.save(name, upload, save=False)
    stored.save()
    return stored


def _flag(actor: Actor, claim: FundClaim) -> None:
    """Record the claim's new possible duplicates (and the other claims'), and say so in their histories."""
    new, back = flag_duplicates(claim)
    by_claim: dict[int, tuple[FundClaim, list[str]]] = {}
    for flag in [*new, *back]:
        flagged = flag.claim
        by_claim.setdefault(flagged.pk, (flagged, []))[1].append(flag.reason)
    for flagged, reasons in by_claim.values():
        record_event(
            actor=system_actor(),
            verb="fund_claim.flagged",
            target=flagged,
            partner=flagged.partner,
            after={"duplicates": reasons},
        )


def claim_create(*, actor: Actor, request: FundRequest, data: Mapping[str, Any] | ClaimInput) -> FundClaim:
    """The partner's admin claims for an approved activity that is over: at most what was approved, with the
    invoice and the proof of performance (now, or added before the decision). A claim duplicating another
    (any partner's) is flagged."""
    if not (actor.is_partner and actor.can("funds.request")):
        raise PermissionDenied
    cleaned = ClaimInput.bind(data).cleaned()
    files = {kind: cleaned.pop(name) for name, kind in ClaimInput.FILE_FIELDS.items() if cleaned.get(name)}
    for name in ClaimInput.FILE_FIELDS:
        cleaned.pop(name, None)
    try:
        with transaction.atomic():
            request = _lock_request(actor, request)
            require_action(actor, request, RequestAction.CLAIM)
            approved = request.approved_amount or ZERO
            if cleaned["amount"] > approved:
                raise field_error(
                    "amount",
                    _("%(approved)s %(currency)s was approved: claim at most that.")
                    % {"approved": approved, "currency": request.currency},
                    E.CLAIM_ABOVE_APPROVED,
                )
            if cleaned["invoice_date"] > timezone.localdate():
                raise field_error("invoice_date", _("The invoice date is in the future."), E.DATE_IN_FUTURE)
            claim = FundClaim.objects.create(
                partner=request.partner,
                request=request,
                currency=request.currency,
                invoice_key=invoice_key(cleaned["invoice_number"]),
                submitted_by=actor.user,
                **cleaned,
            )
            for kind, upload in files.items():
                _store_file(claim, kind, upload, actor=actor)
            record_event(
                actor=actor,
                verb="fund_claim.submitted",
                target=claim,
                partner=claim.partner,
                after={
                    "amount": claim.amount,
                    "currency": claim.currency,
                    "invoice_number": claim.invoice_number,
                    "invoice_date": claim.invoice_date,
                },
            )
            _flag(actor, claim)
            notify.claim_submitted(claim)
    except IntegrityError:  # another claim for the request was made at the same moment
        raise field_error("status", _("A claim for this activity awaits a decision."), E.CLAIM_OPEN) from None
    return claim


def claim_add_file(*, actor: Actor, claim: FundClaim, data: Mapping[str, Any] | ClaimFileInput) -> ClaimFile:
    values = ClaimFileInput.bind(data).cleaned()
    with transaction.atomic():
        claim = lock_visible(
            FundClaim.objects.select_related("partner"), actor=actor, pk=claim.pk, of=("self",)
        )
        require_action(actor, claim, ClaimAction.ADD_FILE)
        stored = _store_file(claim, values["kind"], values["file"], actor=actor)
        record_event(
            actor=actor,
            verb="fund_claim.file_added",
            target=claim,
            partner=claim.partner,
            after={"kind": stored.kind, "file": stored.name},
        )
        _flag(actor, claim)
    return stored


def _staff_note(reason: str, override: str) -> str:
    """An approval's note: the decision note and, when the duplicate check was overridden, why (notes of staff
    stay internal: core.events.visible_note)."""
    return "\n\n".join(part for part in (reason, override) if part)


def claim_approve(
    *, actor: Actor, claim: FundClaim, data: Mapping[str, Any] | ClaimApproveInput
) -> FundClaim:
    """Approve a claim, fully or in part (with a reason): the amount becomes payable to the partner (paid by
    the ledger's payouts) and the rest of the request's commitment goes back to the funds available. A claim
    flagged as a possible duplicate needs the reason it is not one. Above the threshold, marketing's approval
    is a recommendation and the claim awaits the channel chief."""
    values = ClaimApproveInput.bind(data).cleaned()
    with transaction.atomic():
        claim = lock_visible(
            FundClaim.objects.select_related("partner", "request"), actor=actor, pk=claim.pk, of=("self",)
        )
        require_action(actor, claim, ClaimAction.APPROVE)
        request = _lock_request(actor, claim.request)
        claim.request = request
        budget = _lock_budget(request.budget_id)
        amount = _approved_amount(values, asked=claim.amount, recommended=claim.recommended_amount)
        override = (values.get("override_reason") or "").strip() or claim.override_reason
        if ClaimDuplicate.objects.filter(claim=claim).exists() and not override:
            raise field_error(
                "override_reason",
                _("This claim may duplicate another: check it, and say why it is no duplicate."),
                E.DUPLICATE_NEEDS_OVERRIDE,
            )
        reason = (values.get("reason") or "").strip()
        before = {"status": claim.status}
        now = timezone.now()
        overridden = override and not claim.override_reason
        if overridden:
            claim.override_reason, claim.overridden_by = override, actor.user
        if above_threshold(amount, claim.currency) and not actor.can("funds.approve_above_threshold"):
            claim.status = ClaimStatus.AWAITING_CHIEF
            claim.recommended_amount, claim.recommended_by, claim.recommended_at = amount, actor.user, now
            claim.decision_reason = reason
            claim.save()
            record_event(
                actor=actor,
                verb="fund_claim.recommended",
                target=claim,
                partner=claim.partner,
                before=before,
                after={"status": claim.status, "recommended_amount": amount, "currency": claim.currency}
                | ({"overridden": True} if overridden else {}),
                note=_staff_note(reason, override if overridden else ""),
            )
            notify.claim_recommended(claim)
            return claim
        committed = request.approved_amount or ZERO
        rest = committed - amount
        postings = [books.claim_posting(claim, amount)]
        if rest > 0:
            postings += books.release_postings(
                claim, request, rest, event="released", expire=budget.closed_at is not None
            )
        for posting in postings:
            book(posting, actor=actor)
        claim.status = ClaimStatus.APPROVED
        claim.approved_amount, claim.decided_by, claim.decided_at = amount, actor.user, now
        claim.decision_reason = reason or claim.decision_reason
        claim.save()
        request.status, request.released = RequestStatus.CLAIMED, max(rest, ZERO)
        request.save(update_fields=["status", "released", "updated_at"])
        record_event(
            actor=actor,
            verb="fund_claim.approved",
            target=claim,
            partner=claim.partner,
            before=before,
            after={
                "status": claim.status,
                "approved_amount": amount,
                "currency": claim.currency,
                "released": rest,
            }
            | ({"overridden": True} if overridden else {}),
            note=_staff_note(reason, override if overridden else ""),
        )
        record_event(
            actor=actor,
            verb="fund_request.claimed",
            target=request,
            partner=request.partner,
            before={"status": RequestStatus.APPROVED},
            after={"status": request.status, "paid": amount, "released": rest, "currency": request.currency},
        )
        notify.claim_decided(claim)
    return claim


def claim_reject(*, actor: Actor, claim: FundClaim, data: Mapping[str, Any] | RejectInput) -> FundClaim:
    """Reject a claim with a reason: the commitment stays with the request, which the partner may claim again
    (or cancel)."""
    values = RejectInput.bind(data).cleaned()
    with transaction.atomic():
        claim = lock_visible(
            FundClaim.objects.select_related("partner", "request"), actor=actor, pk=claim.pk, of=("self",)
        )
        require_action(actor, claim, ClaimAction.REJECT)
        before = {"status": claim.status}
        claim.status = ClaimStatus.REJECTED
        claim.decided_by, claim.decided_at = actor.user, timezone.now()
        claim.decision_reason = values["reason"]
        claim.save()
        record_event(
            actor=actor,
            verb="fund_claim.rejected",
            target=claim,
            partner=claim.partner,
            before=before,
            after={"status": claim.status},
            note=values["reason"],
        )
        notify.claim_decided(claim)
    return claim
