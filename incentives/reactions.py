"""What incentives does when deals corrects a won deal (subscribed in `IncentivesConfig.ready()`).

- Reopened (`deal_registration.reopened`, recorded while the row still holds its close): for every accrual
  that counted the close, inside the program's clawback window (days after the close) what it earned comes
  back (debit earnings payable, credit clawed back; less what its refunds took back already); outside it, it
  keeps its earning and, should it be won again, earns no more in that program (a `kept` exception row).
- Refunded (`deal_registration.refunded`): inside the window, the refund's share of what the close earned
  comes back; a refund before the close was accrued waits on a `pending` row until the run accrues it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor, system_actor
from core.events import record_event
from core.models import Event
from deals.models import DealLine, DealRegistration, RegistrationStatus
from incentives.accrual import money
from incentives.detail import Share, registration_shares, shares_of
from incentives.engine import line_sums, program_facts
from incentives.models import (
    LIVE,
    Accrual,
    EarningException,
    ExceptionKind,
    ExceptionTrigger,
    IncentiveProgram,
)
from ledger.models import LedgerAccount, TransactionKind
from ledger.posting import Posting, book, move


def _actor(event: Event) -> Actor:
    user = event.actor
    if user is None or not getattr(user, "staff_role", ""):
        return system_actor()
    return Actor(user=user, staff_role=user.staff_role)


def inside_window(program: IncentiveProgram, closed_at: dt.datetime, when: dt.datetime) -> bool:
    return when <= closed_at + dt.timedelta(days=program.clawback_days)


def _already_clawed(program_id: int, registration_id: int, accrual_id: int) -> Decimal:
    return sum(
        EarningException.objects.filter(
            program_id=program_id, registration_id=registration_id, accrual_id=accrual_id
        ).values_list("amount", flat=True),
        Decimal(0),
    )


def _clawback(
    *,
    share: Share,
    registration: DealRegistration,
    trigger: str,
    amount: Decimal,
    reason: str,
    actor: Actor,
    refund: Decimal | None = None,
    row: EarningException | None = None,
) -> EarningException:
    """Book a clawback of `amount` (and write its exception row, or complete `row`)."""
    accrual = share.accrual
    program = accrual.program
    row = row or EarningException(program=program, registration=registration)
    row.accrual = accrual
    row.partner_id = accrual.partner_id
    row.person_id = accrual.person_id
    row.kind = ExceptionKind.CLAWBACK
    row.trigger = trigger
    row.closed_at = share.closed_at
    row.currency = accrual.currency
    row.basis, row.base, row.earned = share.basis, share.base, share.amount
    row.refund = refund
    row.amount = amount
    row.reason = reason
    row.save()
    if amount > 0:

        def description() -> str:
            return (
                _("Clawback: %(program)s, the deal with %(customer)s reopened")
                if trigger == ExceptionTrigger.REOPENED
                else _("Clawback: %(program)s, a refund on the deal with %(customer)s")
            ) % {"program": str(program), "customer": registration.customer_name}

        booking = book(
            Posting(
                key=f"incentive-clawback:{row.public_id}",
                kind=TransactionKind.CLAWBACK,
                partner=accrual.partner,
                legs=move(
                    amount,
                    accrual.currency,
                    debit=LedgerAccount.EARNINGS_PAYABLE,
                    credit=LedgerAccount.CLAWED_BACK,
                    person=accrual.person,
                ),
                description=description,
                reason=reason,
                source_type="incentives.exception",
                source_id=row.public_id,
            ),
            actor=actor,
        )
        row.transaction = booking.transaction
        row.save(update_fields=["transaction", "updated_at"])
        record_event(
            actor=actor,
            verb="earning.clawed_back",
            target=registration,
            partner=accrual.partner,
            after={
                "program": program,
                "clawed_back": amount,
                "currency": accrual.currency,
                "trigger": trigger,
            },
        )
    return row


def registration_reopened(event: Event) -> None:
    registration = DealRegistration.objects.get(pk=event.target_id)
    if registration.status != RegistrationStatus.WON or registration.closed_at is None:
        return
    actor = _actor(event)
    reason = str(event.after.get("reason") or "")
    # A refund waiting for an accrual of this close waits for nothing now.
    EarningException.objects.filter(registration=registration, kind=ExceptionKind.PENDING).delete()
    for share in registration_shares(registration):
        program = share.accrual.program
        if inside_window(program, share.closed_at, event.occurred_at):
            taken = _already_clawed(program.pk, registration.pk, share.accrual.pk)
            _clawback(
                share=share,
                registration=registration,
                trigger=ExceptionTrigger.REOPENED,
                amount=max(share.amount - taken, Decimal(0)),
                reason=reason,
                actor=actor,
            )
        else:
            accrual = share.accrual
            EarningException.objects.create(
                program=program,
                accrual=accrual,
                registration=registration,
                partner_id=accrual.partner_id,
                person_id=accrual.person_id,
                kind=ExceptionKind.KEPT,
                trigger=ExceptionTrigger.REOPENED,
                closed_at=share.closed_at,
                currency=accrual.currency,
                basis=share.basis,
                base=share.base,
                earned=share.amount,
                reason=reason,
            )
            record_event(
                actor=actor,
                verb="earning.kept",
                target=registration,
                partner=accrual.partner,
                after={"program": program, "earned": share.amount, "currency": accrual.currency},
            )


def _refund_share(share: Share, refund: Decimal, won: Decimal, taken: Decimal) -> Decimal:
    if won <= 0:
        return Decimal(0)
    return max(min(money(share.amount * refund / won), share.amount - taken), Decimal(0))


def registration_refunded(event: Event) -> None:
    registration = DealRegistration.objects.get(pk=event.target_id)
    if registration.closed_at is None:
        return
    actor = _actor(event)
    refund = Decimal(str(event.after.get("refund") or "0"))
    reason = str(event.after.get("reason") or "")
    won = registration.won_amount if registration.won_amount is not None else registration.amount
    counted = set()
    for share in registration_shares(registration):
        program = share.accrual.program
        counted.add(program.pk)
        if not inside_window(program, share.closed_at, event.occurred_at):
            continue
        taken = _already_clawed(program.pk, registration.pk, share.accrual.pk)
        _clawback(
            share=share,
            registration=registration,
            trigger=ExceptionTrigger.REFUNDED,
            amount=_refund_share(share, refund, won, taken),
            reason=reason,
            actor=actor,
            refund=refund,
        )
    # Programs that have not accrued this close yet: the refund waits for the run.
    for program in _programs_to_come(registration, exclude=counted):
        if inside_window(program, registration.closed_at, event.occurred_at):
            EarningException.objects.create(
                program=program,
                registration=registration,
                partner_id=registration.partner_id,
                kind=ExceptionKind.PENDING,
                trigger=ExceptionTrigger.REFUNDED,
                closed_at=registration.closed_at,
                currency=registration.currency,
                refund=refund,
                reason=reason,
            )


def _programs_to_come(registration: DealRegistration, *, exclude: set[int]) -> list[IncentiveProgram]:
    """Live programs whose rules count the registration's close and that have not accrued it yet."""
    closed_at = registration.closed_at
    assert closed_at is not None
    day = timezone.localdate(closed_at)
    programs = (
        IncentiveProgram.objects.filter(status__in=LIVE, starts_on__lte=day)
        .exclude(pk__in=exclude)
        .exclude(accrued_until__gt=closed_at)
    )
    found = []
    for program in programs:
        if program.ends_on and program.ends_on < day:
            continue
        facts = program_facts(program)
        lines = DealLine.objects.filter(registration=registration)
        if any(row["rule"] for row in line_sums(facts, lines)):
            found.append(program)
    return found


def settle_pending_refunds(program: IncentiveProgram, *, actor: Actor) -> int:
    """After a run: refunds that waited for their close to accrue are clawed back now (or dropped when the
    close earned nothing here, or is no longer the registration's close)."""
    pending = list(
        EarningException.objects.filter(
            program=program, kind=ExceptionKind.PENDING, closed_at__lt=program.accrued_until
        ).select_related("registration")
    )
    settled = 0
    for row in pending:
        registration = row.registration
        share = next(
            (
                s
                for s in registration_shares(registration)
                if s.accrual.program_id == program.pk and registration.closed_at == row.closed_at
            ),
            None,
        )
        if share is None:
            row.delete()
            continue
        won = registration.won_amount if registration.won_amount is not None else registration.amount
        taken = _already_clawed(program.pk, registration.pk, share.accrual.pk)
        _clawback(
            share=share,
            registration=registration,
            trigger=ExceptionTrigger.REFUNDED,
            amount=_refund_share(share, row.refund or Decimal(0), won, taken),
            reason=row.reason,
            actor=actor,
            refund=row.refund,
            row=row,
        )
        settled += 1
    return settled


__all__ = ["Accrual", "registration_refunded", "registration_reopened", "settle_pending_refunds", "shares_of"]
