"""Booking on the ledger: the only code that writes `LedgerTransaction` and `LedgerEntry` rows.

Each booking names its business event with a key; booking the same key again — a retried request, a rerun
job, two requests at once — returns the first booking and writes nothing (`Booking.created` is False). The
unique key is the guarantee, so it holds across processes too: on PostgreSQL a second insert of a key waits
for the first transaction and then fails, and the loser reads the winner's booking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.db import insert_rows
from core.money import CENT
from ledger.errors import LedgerErrorCode
from ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction, TransactionKind

_ACCOUNTS = frozenset(LedgerAccount.values)  # read once: the enum builds the list on every access


@dataclass(frozen=True)
class Leg:
    """`amount` on `account`: positive debits, negative credits. `person`: who earned it (a SPIFF)."""

    account: str
    amount: Decimal
    currency: str
    person: Any = None


def move(amount: Decimal, currency: str, *, debit: str, credit: str, person: Any = None) -> list[Leg]:
    """The two legs moving `amount` from `credit` to `debit` (a positive amount)."""
    return [
        Leg(account=debit, amount=amount, currency=currency, person=person),
        Leg(account=credit, amount=-amount, currency=currency, person=person),
    ]


@dataclass(frozen=True)
class Posting:
    """A transaction to book: its event key, kind, the partner it concerns and its legs. `description`: a
    text that reads the same in every language, or a function that writes it in the active language (called
    once per language of the site, so a statement reads in its reader's language)."""

    key: str
    kind: str
    partner: Any
    legs: Sequence[Leg]
    description: str | Callable[[], str] = ""
    reason: str = ""
    source_type: str = ""
    source_id: Any = None
    booked_at: Any = None
    reverses: LedgerTransaction | None = None
    extra: dict = field(default_factory=dict)


def _descriptions(posting: Posting) -> tuple[str, dict[str, str]]:
    """The stored description (in the site's language) and, when it is written per language, every one."""
    if not callable(posting.description):
        return str(posting.description)[:300], {}
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(posting.description())[:300]
    return texts.get(settings.LANGUAGE_CODE, next(iter(texts.values()))), texts


@dataclass(frozen=True)
class Booking:
    transaction: LedgerTransaction
    created: bool


def _checked_legs(legs: Sequence[Leg]) -> list[Leg]:
    if not legs:
        raise ValidationError(_("A ledger transaction needs at least two legs."), code=LedgerErrorCode.EMPTY)
    checked: list[Leg] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for leg in legs:
        if leg.account not in _ACCOUNTS:
            raise ValueError(f"Unknown ledger account {leg.account!r}")
        if isinstance(leg.amount, float):
            raise TypeError("Ledger amounts are Decimals, never floats.")
        amount = Decimal(leg.amount).quantize(CENT)
        if not amount:
            continue  # a zero leg moves nothing: rounding or a release of nothing
        checked.append(Leg(account=leg.account, amount=amount, currency=leg.currency, person=leg.person))
        totals[leg.currency] += amount
    unbalanced = {currency: total for currency, total in totals.items() if total}
    if unbalanced:
        raise ValidationError(
            _(
                "The legs of a ledger transaction must sum to zero in each currency; "
                "they do not in %(currencies)s."
            )
            % {"currencies": ", ".join(sorted(unbalanced))},
            code=LedgerErrorCode.UNBALANCED,
        )
    if not checked:
        raise ValidationError(_("A ledger transaction must move some money."), code=LedgerErrorCode.EMPTY)
    return checked


def _same_legs(existing: LedgerTransaction, legs: list[Leg], partner_id) -> bool:
    booked = sorted(
        (e.account, e.currency, e.amount, e.person_id)
        for e in existing.entries.all()  # type: ignore[attr-defined]
    )
    wanted = sorted((leg.account, leg.currency, leg.amount, getattr(leg.person, "pk", None)) for leg in legs)
    return existing.partner_id == partner_id and booked == wanted


def book(posting: Posting, *, actor) -> Booking:
    """Book one transaction, once per key. Booking a key again with the same legs returns the first booking
    (`created` False); with other legs it is a programming error about the key and is refused."""
    legs = _checked_legs(posting.legs)
    partner_id = getattr(posting.partner, "pk", None)
    existing = LedgerTransaction.objects.filter(key=posting.key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Booking(_insert(posting, legs, actor=actor), True)
        except IntegrityError:
            # Another request booked the key between our look and our insert (on PostgreSQL the insert
            # waited for it to commit): theirs stands.
            existing = LedgerTransaction.objects.filter(key=posting.key).first()
            if existing is None:
                raise
    if not _same_legs(existing, legs, partner_id):
        raise ValidationError(
            _("The event %(key)s is already booked with other amounts.") % {"key": posting.key},
            code=LedgerErrorCode.KEY_REUSED,
        )
    return Booking(existing, False)


def _insert(posting: Posting, legs: list[Leg], *, actor) -> LedgerTransaction:
    booked_at = posting.booked_at or timezone.now()
    user = getattr(actor, "user", None)
    description, descriptions = _descriptions(posting)
    tx = LedgerTransaction.objects.create(
        key=posting.key,
        kind=posting.kind,
        partner=posting.partner,
        booked_at=booked_at,
        source_type=posting.source_type,
        source_id=posting.source_id,
        description=description,
        descriptions=descriptions,
        reason=posting.reason,
        reverses=posting.reverses,
        created_by=user if getattr(user, "pk", None) else None,
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            transaction=tx,
            account=leg.account,
            partner=posting.partner,
            person=leg.person,
            currency=leg.currency,
            amount=leg.amount,
            booked_at=booked_at,
        )
        for leg in legs
    )
    return tx


def book_many(postings: Iterable[Posting], *, actor) -> int:
    """Book many transactions in a few statements (a commission run): those whose key is already booked
    are skipped. Returns how many were booked. The caller holds the lock that serialises its runs; the
    unique key still refuses a duplicate that slipped past it (the whole batch then rolls back)."""
    pending: dict[str, tuple[Posting, list[Leg]]] = {}
    for posting in postings:
        pending.setdefault(posting.key, (posting, _checked_legs(posting.legs)))
    if not pending:
        return 0
    booked: set[str] = set()
    keys = list(pending)
    for start in range(0, len(keys), 500):
        booked.update(
            LedgerTransaction.objects.filter(key__in=keys[start : start + 500]).values_list("key", flat=True)
        )
    fresh = [pending[key] for key in keys if key not in booked]
    if not fresh:
        return 0
    now = timezone.now()
    user = getattr(actor, "user", None)
    user_id = getattr(user, "pk", None)
    with transaction.atomic():
        # Rows, not model instances: on PostgreSQL both tables take one COPY each (core.db.insert_rows), a few
        # times faster than multi-row INSERTs for the thousands of transactions a commission run books.
        stamps = [posting.booked_at or now for posting, _legs in fresh]
        texts = [_descriptions(posting) for posting, _legs in fresh]
        ids = insert_rows(
            LedgerTransaction,
            [
                {
                    "key": posting.key,
                    "kind": posting.kind,
                    "partner_id": getattr(posting.partner, "pk", None),
                    "booked_at": stamp,
                    "source_type": posting.source_type,
                    "source_id": posting.source_id,
                    "description": description,
                    "descriptions": descriptions,
                    "reason": posting.reason,
                    "created_by_id": user_id,
                }
                for (posting, _legs), stamp, (description, descriptions) in zip(
                    fresh, stamps, texts, strict=True
                )
            ],
            with_ids=True,
        )
        assert ids is not None
        insert_rows(
            LedgerEntry,
            [
                {
                    "transaction_id": tx_id,
                    "account": leg.account,
                    "partner_id": getattr(posting.partner, "pk", None),
                    "person_id": getattr(leg.person, "pk", None),
                    "currency": leg.currency,
                    "amount": leg.amount,
                    "booked_at": stamp,
                }
                for tx_id, stamp, (posting, legs) in zip(ids, stamps, fresh, strict=True)
                for leg in legs
            ],
        )
    return len(fresh)


def reverse(original: LedgerTransaction, *, reason: str, actor, key: str | None = None) -> Booking:
    """Undo a transaction by booking its legs the other way round, with the reason. Once per transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why this is reversed."), code="required")})
    if LedgerTransaction.objects.filter(reverses=original).exists():
        raise ValidationError(
            _("This transaction is already reversed."), code=LedgerErrorCode.ALREADY_REVERSED
        )
    legs = [
        Leg(account=e.account, amount=-e.amount, currency=e.currency, person=e.person)
        for e in original.entries.select_related("person")  # type: ignore[attr-defined]
    ]
    return book(
        Posting(
            key=key or f"reversal:{original.public_id}",
            kind=TransactionKind.REVERSAL,
            partner=original.partner,
            legs=legs,
            description=(lambda: original.described) if original.descriptions else original.description,
            reason=reason,
            source_type=original.source_type,
            source_id=original.source_id,
            reverses=original,
        ),
        actor=actor,
    )
