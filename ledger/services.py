"""Writes of the money pages: the money settings, exchange rates (one, or a CSV all or nothing), reversing a
transaction, payout batches (create, approve, export, mark paid, cancel) and the proof that the books
balance (nightly, or on demand).

Every booking goes through `ledger.posting`; payouts are booked when a batch is marked paid, one transaction
per batch line keyed by the line, so a retried request books nothing twice. Which payable entries a batch
pays is `Settlement`, this app's own table: a unique index lets one live settlement per entry, so two
batches can never take the same entry (even made at the same instant), and cancelling an unapproved batch
releases its settlements without touching a ledger row.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from core.actor import Actor
from core.errors import field_error
from core.events import record_event, save_changes
from core.roles import StaffRole
from core.scoping import lock_visible
from imports.reading import sniff_delimiter
from ledger.check import check_books
from ledger.errors import LedgerErrorCode as E
from ledger.inputs import BatchInput, RateInput, ReverseInput, SettingsInput
from ledger.models import (
    PAYABLE_ACCOUNTS,
    BookCheck,
    ExchangeRate,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    MoneySettings,
    PayoutBatch,
    PayoutLine,
    PayoutStatus,
    Settlement,
    TransactionKind,
)
from ledger.posting import Leg, Posting, book
from ledger.posting import reverse as reverse_transaction
from ledger.rules import BatchAction, TransactionAction, needs_chief, require_action
from ledger.selectors import forget_settings, money_partners, money_settings, unsettled_payables
from notifications.services import Email, notify

ZERO = Decimal("0.00")


def _staff(actor: Actor, permission: str) -> None:
    if not (actor.is_staff and actor.can(permission)):
        raise PermissionDenied


# --- settings ----------------------------------------------------------------------------------------------


def settings_update(*, actor: Actor, data: Mapping[str, Any] | SettingsInput) -> MoneySettings:
    """Change how the program counts money (operations and the chief)."""
    _staff(actor, "money.settings")
    with transaction.atomic():
        current = money_settings(fresh=True)
        row = MoneySettings.objects.select_for_update().get(pk=current.pk)
        cleaned = SettingsInput.bind(data, partial=True, instance=copy(row)).cleaned()
        save_changes(row, cleaned, actor=actor, verb="money_settings.updated")
    forget_settings()
    return row


# --- exchange rates ----------------------------------------------------------------------------------------


def rate_create(*, actor: Actor, data: Mapping[str, Any] | RateInput) -> ExchangeRate:
    """Enter one dated rate of a currency pair (operations)."""
    _staff(actor, "money.rates")
    cleaned = RateInput.bind(data).cleaned()
    try:
        with transaction.atomic():
            rate = ExchangeRate.objects.create(entered_by=actor.user, **cleaned)
            _rate_event(actor, rate)
    except IntegrityError:  # the same pair and day entered at the same moment by someone else
        raise field_error(
            "valid_from", _("There is a rate for this pair and day already."), E.RATE_DUPLICATE
        ) from None
    return rate


def _rate_event(actor: Actor, rate: ExchangeRate) -> None:
    record_event(
        actor=actor,
        verb="exchange_rate.created",
        target=rate,
        after={
            "currency": rate.currency,
            "quote_currency": rate.quote_currency,
            "valid_from": rate.valid_from,
            "rate": rate.rate,
        },
    )


RATE_COLUMNS = ("currency", "quote_currency", "valid_from", "rate")
MAX_RATE_ROWS = 10_000


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str
    code: str = "invalid"


@dataclass(frozen=True)
class RateRow:
    row: int
    currency: str
    quote_currency: str
    valid_from: date
    rate: Decimal


@dataclass
class RateImport:
    """What an import of rates does (the preview of a dry run) or did: the rates, or every row's errors."""

    dry_run: bool
    rates: list[RateRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rates(file_text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = file_text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except StopIteration:
        raise ValidationError({"csv": ValidationError(_("The file is empty."), code="required")}) from None
    except csv.Error as exc:
        raise ValidationError(
            {
                "csv": ValidationError(
                    _("The file is not valid CSV: %(error)s") % {"error": exc}, code="invalid"
                )
            }
        ) from None
    missing = [name for name in RATE_COLUMNS if name not in header]
    unknown = [name or "—" for name in header if name not in RATE_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise ValidationError(
            {
                "csv": ValidationError(
                    _("The first line must name the columns %(expected)s (in any order), and nothing else.")
                    % {"expected": ", ".join(RATE_COLUMNS)},
                    code="invalid",
                )
            }
        )
    if len(rows) > MAX_RATE_ROWS:
        raise ValidationError(
            {
                "csv": ValidationError(
                    ngettext(
                        "A file may have at most %(n)s rate.",
                        "A file may have at most %(n)s rates.",
                        MAX_RATE_ROWS,
                    )
                    % {"n": MAX_RATE_ROWS},
                    code="invalid",
                )
            }
        )
    return header, rows


def rates_import_csv(*, actor: Actor, file_text: str, dry_run: bool) -> RateImport:
    """Rates from CSV (currency, quote_currency, valid_from, rate). All or nothing: if any row has an error,
    nothing is written and every row's errors are said."""
    _staff(actor, "money.rates")
    header, rows = _read_rates(file_text)
    result = RateImport(dry_run=dry_run)
    seen: dict[tuple[frozenset[str], date], int] = {}
    for number, raw in rows:
        if len(raw) != len(header):
            result.errors.append(
                RowError(
                    number, "", _("Expected %(n)s values, found %(m)s.") % {"n": len(header), "m": len(raw)}
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, raw, strict=True)}
        try:
            cleaned = RateInput.from_api(values).cleaned()
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                for error in errors:
                    message = next(iter(error))
                    result.errors.append(RowError(number, name, str(message), error.code or "invalid"))
            continue
        pair = (frozenset((cleaned["currency"], cleaned["quote_currency"])), cleaned["valid_from"])
        if pair in seen:
            result.errors.append(
                RowError(
                    number,
                    "valid_from",
                    _("Row %(row)s has a rate for this pair and day already.") % {"row": seen[pair]},
                    E.RATE_DUPLICATE,
                )
            )
            continue
        seen[pair] = number
        result.rates.append(RateRow(number, **cleaned))
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            for row in result.rates:
                rate = ExchangeRate.objects.create(
                    currency=row.currency,
                    quote_currency=row.quote_currency,
                    valid_from=row.valid_from,
                    rate=row.rate,
                    entered_by=actor.user,
                )
                _rate_event(actor, rate)
    except IntegrityError:
        raise ValidationError(
            {
                "csv": ValidationError(
                    _("A rate of the file was entered meanwhile: check the file again."),
                    code=E.RATE_DUPLICATE,
                )
            }
        ) from None
    result.written = True
    return result


# --- reversing a transaction -------------------------------------------------------------------------------


def transaction_reverse(
    *, actor: Actor, ledger_transaction: LedgerTransaction, data: Mapping[str, Any] | ReverseInput
) -> LedgerTransaction:
    """Book the transaction the other way round, with the reason (operations or the chief; above the
    threshold only the chief). Returns the reversal."""
    reason = ReverseInput.bind(data).cleaned()["reason"]
    with transaction.atomic():
        original = lock_visible(LedgerTransaction.objects, actor=actor, pk=ledger_transaction.pk)
        require_action(actor, original, TransactionAction.REVERSE)
        reversal = reverse_transaction(original, reason=reason, actor=actor).transaction
        record_event(
            actor=actor,
            verb="ledger.reversed",
            target=original,
            partner=original.partner,
            after={"reversal": reversal.key},
            note=reason,
        )
    return reversal


# --- payout batches ----------------------------------------------------------------------------------------


@dataclass
class _Owed:
    total: Decimal = ZERO
    mdf: Decimal = ZERO
    earnings: Decimal = ZERO
    entries: list[int] = field(default_factory=list)


def _new_batch(**values: Any) -> PayoutBatch:
    """A batch with the next number: another batch made at the same moment may take a number first (the
    unique number refuses the second), so the number is drawn again."""
    for _attempt in range(10):
        number = (PayoutBatch.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                return PayoutBatch.objects.create(number=number, **values)
        except IntegrityError:
            continue
    raise RuntimeError("no free payout batch number after 10 draws")


def batch_create(*, actor: Actor, data: Mapping[str, Any] | BatchInput) -> PayoutBatch:
    """A payout batch in one currency: each chosen partner's (or every partner's) unsettled balance on the
    payable accounts, a line per partner owed money. A partner whose balance is negative (a clawback larger
    than its earnings) is not paid: its entries wait for a later batch."""
    _staff(actor, "money.payouts")
    cleaned = BatchInput.bind(data, partners=money_partners(actor=actor)).cleaned()
    currency = cleaned["currency"]
    chosen = list(cleaned.get("partners") or []) or None
    try:
        with transaction.atomic():
            owed: dict[int, _Owed] = defaultdict(_Owed)
            rows = unsettled_payables(actor=actor, currency=currency, partners=chosen).values_list(
                "pk", "partner_id", "account", "amount"
            )
            for pk, partner_id, account, amount in rows:
                line = owed[partner_id]
                line.total -= amount  # payable accounts are credit-normal: a credit is owed
                if account == LedgerAccount.MDF_PAYABLE:
                    line.mdf -= amount
                else:
                    line.earnings -= amount
                line.entries.append(pk)
            paid = {partner_id: line for partner_id, line in owed.items() if line.total > 0}
            if not paid:
                raise field_error(
                    "currency",
                    _("Nothing is payable in %(currency)s to these partners now.") % {"currency": currency},
                    E.NOTHING_PAYABLE,
                )
            batch = _new_batch(
                currency=currency,
                total=sum((line.total for line in paid.values()), ZERO),
                note=cleaned.get("note") or "",
                created_by=actor.user,
            )
            lines = PayoutLine.objects.bulk_create(
                PayoutLine(
                    batch=batch,
                    partner_id=partner_id,
                    amount=line.total,
                    mdf_amount=line.mdf,
                    earnings_amount=line.earnings,
                    entry_count=len(line.entries),
                )
                for partner_id, line in sorted(paid.items())
            )
            # The unique index on live settlements is the guarantee: a batch made at the same instant that
            # took one of these entries first makes this insert fail, and the whole batch with it.
            Settlement.objects.bulk_create(
                Settlement(entry_id=entry_id, line=line)
                for line in lines
                for entry_id in paid[line.partner_id].entries
            )
            record_event(
                actor=actor,
                verb="payout_batch.created",
                target=batch,
                after={
                    "currency": currency,
                    "total": batch.total,
                    "partners": len(lines),
                    "held_back": sum(1 for line in owed.values() if line.total < 0),
                },
            )
    except IntegrityError:
        raise field_error(
            "currency",
            _("Another payout batch took some of these entries a moment ago: create the batch again."),
            E.ENTRIES_TAKEN,
        ) from None
    return batch


def _locked_batch(actor: Actor, batch: PayoutBatch, action: BatchAction) -> PayoutBatch:
    locked = lock_visible(PayoutBatch.objects, actor=actor, pk=batch.pk)
    require_action(actor, locked, action)
    return locked


def batch_approve(*, actor: Actor, batch: PayoutBatch) -> PayoutBatch:
    """Approve a batch in review. Above the chief threshold (in the program currency at today's rate, or with
    no rate to tell) operations' approval leaves it awaiting the channel chief, whose approval completes
    it."""
    with transaction.atomic():
        batch = _locked_batch(actor, batch, BatchAction.APPROVE)
        now = timezone.now()
        chief = actor.can("money.over_threshold")
        before = batch.status
        if batch.status == PayoutStatus.OPEN:
            batch.approved_by, batch.approved_at = actor.user, now
            if needs_chief(batch) and not chief:
                batch.status = PayoutStatus.AWAITING_CHIEF
            else:
                batch.status = PayoutStatus.APPROVED
                if chief and needs_chief(batch):
                    batch.chief_approved_by, batch.chief_approved_at = actor.user, now
        else:  # awaiting the chief: the rules let only the chief here
            batch.chief_approved_by, batch.chief_approved_at = actor.user, now
            batch.status = PayoutStatus.APPROVED
        batch.save()
        record_event(
            actor=actor,
            verb="payout_batch.approved",
            target=batch,
            before={"status": before},
            after={"status": batch.status},
        )
    return batch


def batch_export(*, actor: Actor, batch: PayoutBatch) -> PayoutBatch:
    """Record that the approved batch went to the ERP or the bank (the first export; later ones read the same
    lines). The file itself is `ledger.payouts.batch_csv`."""
    with transaction.atomic():
        batch = _locked_batch(actor, batch, BatchAction.EXPORT)
        if batch.exported_at is None:
            batch.exported_by, batch.exported_at = actor.user, timezone.now()
            batch.save(update_fields=["exported_by", "exported_at", "updated_at"])
            record_event(actor=actor, verb="payout_batch.exported", target=batch)
    return batch


def _payout_legs(line: PayoutLine) -> list[Leg]:
    """What paying the line books: each settled payable balance debited (per account and person, so that a
    sales rep's own SPIFFs stay theirs), PAID credited as much."""
    groups: dict[tuple[str, Any], Decimal] = defaultdict(Decimal)
    people: dict[Any, Any] = {}
    settled = LedgerEntry.objects.filter(
        settlements__line=line, settlements__released_at__isnull=True
    ).select_related("person")
    for entry in settled:
        groups[(entry.account, entry.person_id)] += entry.amount
        people[entry.person_id] = entry.person
    legs: list[Leg] = []
    for (account, person_id), amount in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        owed = -amount
        if owed:
            person = people[person_id]
            legs += [
                Leg(account=account, amount=owed, currency=line.batch.currency, person=person),
                Leg(account=LedgerAccount.PAID, amount=-owed, currency=line.batch.currency, person=person),
            ]
    return legs


def batch_mark_paid(*, actor: Actor, batch: PayoutBatch) -> PayoutBatch:
    """The money left: book each line's payout (debit the payables it settles, credit PAID; keyed by the line,
    so it is booked once) and settle the payout's own payable legs, so no later batch takes them."""
    with transaction.atomic():
        batch = _locked_batch(actor, batch, BatchAction.MARK_PAID)
        for line in PayoutLine.objects.filter(batch=batch).select_related("partner", "batch"):
            booking = book(
                Posting(
                    key=f"payout:{line.public_id}",
                    kind=TransactionKind.PAYOUT,
                    partner=line.partner,
                    legs=_payout_legs(line),
                    description=lambda: _("Payout %(batch)s") % {"batch": batch.reference},
                    source_type="ledger.payoutbatch",
                    source_id=batch.public_id,
                ),
                actor=actor,
            )
            line.transaction = booking.transaction
            line.save(update_fields=["transaction", "updated_at"])
            Settlement.objects.bulk_create(
                Settlement(entry=entry, line=line)
                for entry in booking.transaction.entries.filter(account__in=PAYABLE_ACCOUNTS)  # type: ignore[attr-defined]
            )
        batch.status = PayoutStatus.PAID
        batch.paid_by, batch.paid_at = actor.user, timezone.now()
        batch.save()
        record_event(
            actor=actor,
            verb="payout_batch.paid",
            target=batch,
            before={"status": PayoutStatus.APPROVED},
            after={"status": PayoutStatus.PAID},
        )
    return batch


def batch_cancel(*, actor: Actor, batch: PayoutBatch) -> PayoutBatch:
    """Cancel a batch that is not approved yet: its settlements are released, so its entries are payable again
    (the next batch takes them)."""
    with transaction.atomic():
        batch = _locked_batch(actor, batch, BatchAction.CANCEL)
        now = timezone.now()
        Settlement.objects.filter(line__batch=batch, released_at__isnull=True).update(released_at=now)
        before = batch.status
        batch.status = PayoutStatus.CANCELLED
        batch.cancelled_by, batch.cancelled_at = actor.user, now
        batch.save()
        record_event(
            actor=actor,
            verb="payout_batch.cancelled",
            target=batch,
            before={"status": before},
            after={"status": PayoutStatus.CANCELLED},
        )
    return batch


# --- the books ---------------------------------------------------------------------------------------------


def books_check(*, actor: Actor) -> BookCheck:
    """Prove the books balance and keep the result for today (a rerun replaces it). When they do not, channel
    operations hear it once a day, however often the check runs."""
    _staff(actor, "money.settings")
    result = check_books()
    now = timezone.now()
    day = timezone.localdate(now)
    values = {"checked_at": now, "balanced": result.balanced, "result": result.as_dict()}
    with transaction.atomic():
        row = BookCheck.objects.select_for_update().filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = BookCheck.objects.create(day=day, **values)
            except IntegrityError:  # another run made today's row a moment ago
                row = BookCheck.objects.select_for_update().get(day=day)
        for name, value in values.items():
            setattr(row, name, value)
        if not result.balanced and row.notified_at is None:
            ops = get_user_model().objects.filter(staff_role=StaffRole.OPS, is_active=True)
            notify(
                users=list(ops),
                verb="ledger.unbalanced",
                message=gettext_noop("The ledger check found that the books do not balance."),
                link=reverse("ledger:money"),
                email=Email(template="ledger/email/notice.txt"),
            )
            row.notified_at = now
        row.save()
    return row
