"""The ledger's guarantees: balanced, append-only, once per event key, balances as sums, rates, periods."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.utils import IntegrityError
from django.utils import translation
from django.utils.translation import gettext as _

from core.actor import system_actor
from ledger.check import check_books
from ledger.errors import LedgerErrorCode
from ledger.models import ExchangeRate, LedgerAccount, LedgerEntry, LedgerTransaction, TransactionKind
from ledger.periods import period_by_code, period_of
from ledger.posting import Leg, Posting, book, book_many, move, reverse
from ledger.rates import RateMissing, RateTable, convert
from ledger.selectors import balance, balances

A = LedgerAccount


def allocation(partner, amount="100.00", currency="EUR", key="alloc:1"):
    return Posting(
        key=key,
        kind=TransactionKind.ALLOCATION,
        partner=partner,
        legs=move(Decimal(amount), currency, debit=A.MDF_BUDGET, credit=A.MDF_AVAILABLE),
        description="Q1 allocation",
    )


def test_a_balanced_transaction_is_booked_and_counted(world):
    booking = book(allocation(world.partner_a), actor=system_actor())
    assert booking.created
    tx = booking.transaction
    assert sorted((e.account, e.amount) for e in tx.entries.all()) == [
        (A.MDF_AVAILABLE, Decimal("-100.00")),
        (A.MDF_BUDGET, Decimal("100.00")),
    ]
    staff = world.actor(world.chief)
    assert balance(actor=staff, partner=world.partner_a, account=A.MDF_AVAILABLE, currency="EUR") == Decimal(
        "100.00"
    )
    assert check_books().balanced


@pytest.mark.parametrize(
    ("legs", "code"),
    [
        (
            [Leg(A.MDF_BUDGET, Decimal("10"), "EUR"), Leg(A.MDF_AVAILABLE, Decimal("-9.99"), "EUR")],
            "ledger_unbalanced",
        ),
        (
            [Leg(A.MDF_BUDGET, Decimal("10"), "EUR"), Leg(A.MDF_AVAILABLE, Decimal("-10"), "USD")],
            "ledger_unbalanced",
        ),
        ([], "ledger_empty"),
        (
            [Leg(A.MDF_BUDGET, Decimal("0.001"), "EUR"), Leg(A.MDF_AVAILABLE, Decimal("-0.001"), "EUR")],
            "ledger_empty",
        ),
    ],
)
def test_an_unbalanced_or_empty_transaction_is_refused_and_writes_nothing(world, legs, code):
    with pytest.raises(ValidationError) as refused:
        book(
            Posting(key="k", kind=TransactionKind.ADJUSTMENT, partner=world.partner_a, legs=legs),
            actor=system_actor(),
        )
    assert refused.value.code == code
    assert not LedgerTransaction.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_float_amount_is_a_programming_error(world):
    with pytest.raises(TypeError):
        book(
            Posting(
                key="f",
                kind=TransactionKind.ADJUSTMENT,
                partner=world.partner_a,
                legs=[Leg(A.MDF_BUDGET, 1.5, "EUR"), Leg(A.MDF_AVAILABLE, -1.5, "EUR")],  # type: ignore[arg-type]
            ),
            actor=system_actor(),
        )


def test_booking_an_event_twice_books_it_once(world):
    first = book(allocation(world.partner_a), actor=system_actor())
    again = book(allocation(world.partner_a), actor=system_actor())
    assert not again.created
    assert again.transaction.pk == first.transaction.pk
    assert LedgerEntry.objects.count() == 2


def test_the_same_key_with_other_amounts_is_refused(world):
    book(allocation(world.partner_a), actor=system_actor())
    with pytest.raises(ValidationError) as refused:
        book(allocation(world.partner_a, amount="99.00"), actor=system_actor())
    assert refused.value.code == LedgerErrorCode.KEY_REUSED
    assert LedgerEntry.objects.count() == 2


def test_entries_never_change_nor_disappear(world):
    tx = book(allocation(world.partner_a), actor=system_actor()).transaction
    entry = tx.entries.first()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    with pytest.raises(ValueError):
        tx.delete()
    # The database refuses too, whatever code tries.
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("5"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerTransaction.objects.filter(pk=tx.pk).update(description="changed")
    entry.refresh_from_db()
    assert entry.amount in (Decimal("100.00"), Decimal("-100.00"))


def test_a_reversal_undoes_once_with_a_reason(world):
    tx = book(allocation(world.partner_a), actor=system_actor()).transaction
    with pytest.raises(ValidationError):
        reverse(tx, reason=" ", actor=system_actor())
    undo = reverse(tx, reason="Allocated to the wrong partner", actor=system_actor()).transaction
    assert undo.reverses == tx
    staff = world.actor(world.chief)
    assert balances(actor=staff, partner=world.partner_a) == {
        (A.MDF_AVAILABLE, "EUR"): Decimal("0.00"),
        (A.MDF_BUDGET, "EUR"): Decimal("0.00"),
    }
    with pytest.raises(ValidationError) as refused:
        reverse(tx, reason="again", actor=system_actor())
    assert refused.value.code == LedgerErrorCode.ALREADY_REVERSED
    assert check_books().balanced


def test_book_many_skips_what_is_booked(world):
    postings = [allocation(world.partner_a, key=f"a:{i}", amount=f"{i + 1}.00") for i in range(5)]
    assert book_many(postings[:2], actor=system_actor()) == 2
    assert book_many(postings, actor=system_actor()) == 3
    assert book_many(postings, actor=system_actor()) == 0
    assert LedgerEntry.objects.count() == 10
    staff = world.actor(world.chief)
    assert balance(actor=staff, partner=world.partner_a, account=A.MDF_AVAILABLE, currency="EUR") == Decimal(
        "15.00"
    )


def test_the_check_finds_an_unbalanced_transaction(world):
    tx = book(allocation(world.partner_a), actor=system_actor()).transaction
    assert check_books().balanced
    # Only a bypass of the posting code can do this: the check is what would notice.
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                transaction=tx,
                account=A.PAID,
                partner=world.partner_a,
                currency="EUR",
                amount=Decimal("1.00"),
                booked_at=tx.booked_at,
            )
        ]
    )
    result = check_books()
    assert not result.balanced
    assert result.unbalanced == [("alloc:1", "EUR", Decimal("1.00"))]
    assert result.totals == {"EUR": Decimal("1.00")}


def test_partners_read_only_their_own_accounts(world):
    book(allocation(world.partner_a), actor=system_actor())
    book(allocation(world.partner_b, key="alloc:b"), actor=system_actor())
    admin_a = world.actor(world.admin_a)
    assert balances(actor=admin_a) == {(A.MDF_AVAILABLE, "EUR"): Decimal("100.00")}
    assert balances(actor=admin_a, partner=world.partner_b) == {}
    # A sales rep sees only their own SPIFFs by default.
    assert balances(actor=world.actor(world.rep_a)) == {}
    book(
        Posting(
            key="spiff:1",
            kind=TransactionKind.ACCRUAL,
            partner=world.partner_a,
            legs=move(
                Decimal("50"), "EUR", debit=A.INCENTIVE_EXPENSE, credit=A.EARNINGS_PAYABLE, person=world.rep_a
            ),
        ),
        actor=system_actor(),
    )
    assert balances(actor=world.actor(world.rep_a)) == {(A.EARNINGS_PAYABLE, "EUR"): Decimal("50.00")}


def test_rates_direct_inverse_cross_and_missing(db):
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=dt.date(2026, 1, 1), rate=Decimal("1.10")
    )
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=dt.date(2026, 6, 1), rate=Decimal("1.20")
    )
    ExchangeRate.objects.create(
        currency="USD", quote_currency="RUB", valid_from=dt.date(2026, 1, 1), rate=Decimal("90")
    )
    assert convert(Decimal("100"), "EUR", "USD", day=dt.date(2026, 3, 1)) == Decimal("110.00")
    assert convert(Decimal("100"), "EUR", "USD", day=dt.date(2026, 6, 1)) == Decimal("120.00")
    assert convert(Decimal("120"), "USD", "EUR", day=dt.date(2026, 7, 1)) == Decimal("100.00")
    assert convert(Decimal("1"), "EUR", "RUB", day=dt.date(2026, 7, 1)) == Decimal("108.00")
    assert convert(Decimal("5"), "GBP", "GBP") == Decimal("5.00")
    with pytest.raises(RateMissing) as missing:
        convert(Decimal("1"), "EUR", "USD", day=dt.date(2025, 12, 31))
    assert missing.value.code == LedgerErrorCode.RATE_MISSING
    assert not RateTable(dt.date(2026, 7, 1)).has_rate("GBP", "USD")


def test_a_rate_is_positive_and_between_two_currencies(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExchangeRate.objects.create(
            currency="EUR", quote_currency="USD", valid_from=dt.date(2026, 1, 1), rate=0
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExchangeRate.objects.create(
            currency="EUR", quote_currency="EUR", valid_from=dt.date(2026, 1, 1), rate=1
        )


@pytest.mark.parametrize(
    ("day", "kind", "start_month", "code", "start", "end"),
    [
        (dt.date(2026, 11, 28), "quarter", 1, "FY2026-Q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        (dt.date(2026, 11, 28), "year", 1, "FY2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        (dt.date(2026, 11, 28), "quarter", 4, "FY2027-Q3", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        (dt.date(2026, 3, 31), "year", 4, "FY2026", dt.date(2025, 4, 1), dt.date(2026, 4, 1)),
        (dt.date(2026, 4, 1), "quarter", 4, "FY2027-Q1", dt.date(2026, 4, 1), dt.date(2026, 7, 1)),
    ],
)
def test_fiscal_periods(day, kind, start_month, code, start, end):
    period = period_of(day, kind=kind, start_month=start_month)
    assert (period.code, period.start, period.end) == (code, start, end)
    assert period_by_code(code, start_month=start_month) == period


@pytest.mark.parametrize("code", ["2026", "FY", "FY2026-Q5", "FY2026-Q0", "FYabc", "FY99999"])
def test_a_bad_period_code_is_refused(code):
    with pytest.raises(ValueError):
        period_by_code(code)


@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_of_one_event_book_it_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL")
    barrier = threading.Barrier(6)
    outcomes = []

    def run():
        try:
            barrier.wait()
            with transaction.atomic():
                outcomes.append(book(allocation(world.partner_a), actor=system_actor()).created)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False] * 5 + [True]
    assert LedgerEntry.objects.count() == 2
    assert check_books().balanced


def test_a_description_written_per_language_reads_in_the_readers(world, api_client):
    def payout_words():
        return _("Payout %(batch)s") % {"batch": "PB-00042"}

    posting = allocation(world.partner_a, key="words:1")
    tx = book(
        Posting(posting.key, posting.kind, posting.partner, posting.legs, description=payout_words),
        actor=system_actor(),
    ).transaction
    tx.refresh_from_db()
    assert tx.description == "Payout PB-00042"  # the site's language, for whatever reads the column alone
    assert tx.descriptions == {"en": "Payout PB-00042", "ru": "Выплата PB-00042"}
    with translation.override("ru"):
        assert tx.described == str(tx) == "Выплата PB-00042"
    with translation.override("en"):
        assert tx.described == "Payout PB-00042"
    # A reversal reads in each language too; a plain text reads the same in all.
    undone = reverse(tx, reason="Booked twice", actor=system_actor()).transaction
    with translation.override("ru"):
        assert LedgerTransaction.objects.get(pk=undone.pk).described == "Выплата PB-00042"
    plain = book(allocation(world.partner_a, key="words:2"), actor=system_actor()).transaction
    assert plain.descriptions == {} and plain.described == "Q1 allocation"
    # The API answers in the language asked for.
    client = api_client(world.admin_a)
    answer = client.get(f"/api/ledger/transactions/{tx.public_id}", headers={"Accept-Language": "ru"})
    assert answer.status_code == 200 and answer.json()["description"] == "Выплата PB-00042"
