"""Exchange rates (one, or a CSV all or nothing with every row's errors), the money settings, reversing a
transaction (with its refusals), and the nightly proof that the books balance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.models import Event
from core.testing import error_codes, snapshot
from ledger.models import (
    BookCheck,
    ExchangeRate,
    LedgerEntry,
    LedgerTransaction,
    MoneySettings,
    TransactionKind,
)
from ledger.rates import RateTable
from ledger.selectors import transaction_get
from ledger.services import (
    batch_create,
    books_check,
    rate_create,
    rates_import_csv,
    settings_update,
    transaction_reverse,
)
from ledger.tests.conftest import accrue
from notifications.models import Notification

pytestmark = pytest.mark.django_db

RATES_CSV = "currency;quote_currency;valid_from;rate\nEUR;USD;2026-11-01;1,0825\nGBP;USD;2026-11-01;1.27\n"


# --- rates --------------------------------------------------------------------------------------------------


def test_operations_enter_a_rate_and_it_converts(world):
    rate = rate_create(
        actor=world.actor(world.ops),
        data={"currency": "eur", "quote_currency": "USD", "valid_from": "2026-11-01", "rate": "1.0825"},
    )
    assert (rate.currency, rate.rate, rate.entered_by) == ("EUR", Decimal("1.0825"), world.ops)
    assert RateTable(dt.date(2026, 11, 2)).convert(Decimal("100"), "USD", "EUR") == Decimal("92.38")
    assert Decimal(Event.objects.get(verb="exchange_rate.created").after["rate"]) == Decimal("1.0825")


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"rate": "0"}, "rate", "rate_not_positive"),
        ({"rate": "abc"}, "rate", "invalid"),
        ({"quote_currency": "EUR"}, "quote_currency", "rate_same_currency"),
        ({"currency": "XXX"}, "currency", "invalid_choice"),
        (
            {"valid_from": "2026-11-01", "currency": "USD", "quote_currency": "EUR"},
            "valid_from",
            "rate_duplicate",
        ),
    ],
)
def test_a_bad_rate_is_refused_with_its_code_and_nothing_is_written(world, data, field, code):
    ExchangeRate.objects.create(currency="EUR", quote_currency="USD", valid_from=dt.date(2026, 11, 1), rate=1)
    values = {"currency": "EUR", "quote_currency": "USD", "valid_from": "2026-11-02", "rate": "1.1"} | data
    with pytest.raises(ValidationError) as refused:
        rate_create(actor=world.actor(world.ops), data=values)
    assert refused.value.error_dict[field][0].code == code
    assert ExchangeRate.objects.count() == 1 and not Event.objects.exists()


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a"])
def test_only_operations_keep_the_rates(world, who):
    with pytest.raises(PermissionDenied):
        rate_create(
            actor=world.actor(getattr(world, who)),
            data={"currency": "EUR", "quote_currency": "USD", "valid_from": "2026-11-01", "rate": "1.1"},
        )
    with pytest.raises(PermissionDenied):
        rates_import_csv(actor=world.actor(getattr(world, who)), file_text=RATES_CSV, dry_run=False)
    assert not ExchangeRate.objects.exists()


def test_the_import_is_all_or_nothing_with_every_rows_errors(world):
    ops = world.actor(world.ops)
    preview = rates_import_csv(actor=ops, file_text=RATES_CSV, dry_run=True)
    assert preview.ok and len(preview.rates) == 2 and not ExchangeRate.objects.exists()
    bad = (
        RATES_CSV
        + "EUR;EUR;2026-11-01;1\nRUB;USD;someday;0.011\nUSD;EUR;2026-11-01;0.92\nUSD;CAD;2026-11-01\n"
    )
    refused = rates_import_csv(actor=ops, file_text=bad, dry_run=False)
    assert not refused.written and not ExchangeRate.objects.exists()
    assert [(e.row, e.field, e.code) for e in refused.errors] == [
        (4, "quote_currency", "rate_same_currency"),
        (5, "valid_from", "invalid"),
        (6, "valid_from", "rate_duplicate"),  # row 2 has the pair the other way round
        (7, "", "invalid"),
    ]
    done = rates_import_csv(actor=ops, file_text=RATES_CSV, dry_run=False)
    assert done.written and ExchangeRate.objects.count() == 2
    assert Event.objects.filter(verb="exchange_rate.created").count() == 2
    again = rates_import_csv(actor=ops, file_text=RATES_CSV, dry_run=False)
    assert {e.code for e in again.errors} == {"rate_duplicate"} and ExchangeRate.objects.count() == 2


@pytest.mark.parametrize(
    "text", ["", "currency,rate\nEUR,1\n", "currency,quote_currency,valid_from,rate,extra\n"]
)
def test_a_file_without_the_columns_is_refused_whole(world, text):
    with pytest.raises(ValidationError) as refused:
        rates_import_csv(actor=world.actor(world.ops), file_text=text, dry_run=True)
    assert "csv" in refused.value.error_dict


def test_the_rates_api(world, api_client):
    ops = api_client(world.ops)
    made = ops.post(
        "/api/ledger/rates",
        {"currency": "EUR", "quote_currency": "USD", "valid_from": "2026-11-01", "rate": "1.0825"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["rate"] == "1.0825"
    listed = ops.get("/api/ledger/rates?currency=USD").json()
    assert listed["count"] == 1 and listed["items"][0]["currency"] == "EUR"
    refused = ops.post(
        "/api/ledger/rates/import",
        {"csv": "currency,quote_currency,valid_from,rate\nGBP,USD,2026-11-01,-1\n"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["row"] == 2
    imported = ops.post(
        "/api/ledger/rates/import",
        {"csv": "currency,quote_currency,valid_from,rate\nGBP,USD,2026-11-01,1.27\n", "dry_run": False},
        content_type="application/json",
    )
    assert imported.status_code == 200 and imported.json()["written"] is True
    assert api_client(world.admin_a).get("/api/ledger/rates").status_code == 403
    assert (
        api_client(world.cam)
        .post(
            "/api/ledger/rates",
            {"currency": "EUR", "quote_currency": "GBP", "valid_from": "2026-11-01", "rate": "0.8"},
            content_type="application/json",
        )
        .status_code
        == 403
    )


# --- settings -----------------------------------------------------------------------------------------------


def test_operations_and_the_chief_keep_the_money_settings(world, api_client, login):
    settings_update(
        actor=world.actor(world.chief), data={"reporting_currency": "EUR", "fiscal_year_start_month": 4}
    )
    row = MoneySettings.objects.get()
    assert (row.reporting_currency, row.fiscal_year_start_month) == ("EUR", 4)
    before = snapshot(row)
    for who in ("cam", "marketing", "admin_a"):
        with pytest.raises(PermissionDenied):
            settings_update(actor=world.actor(getattr(world, who)), data={"reporting_currency": "GBP"})
    assert snapshot(row) == before
    answer = api_client(world.ops).patch(
        "/api/ledger/settings", {"chief_approval_threshold": "2500.00"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["chief_approval_threshold"] == "2500.00"
    bad = api_client(world.ops).patch(
        "/api/ledger/settings", {"fiscal_year_start_month": 13}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert api_client(world.admin_a).get("/api/ledger/settings").status_code == 403
    page = login(world.cam).get("/money/settings/").content.decode()
    assert "disabled" in page and 'type="submit">Save' not in page  # others read them
    saved = login(world.ops).post(
        "/money/settings/",
        {
            "reporting_currency": "USD",
            "fiscal_year_start_month": "1",
            "fund_period": "year",
            "chief_approval_threshold": "5 000,00",
            "rep_money_visibility": "company",
        },
    )
    assert saved.status_code == 302
    assert MoneySettings.objects.get().chief_approval_threshold == Decimal("5000.00")
    assert Event.objects.filter(verb="money_settings.updated").count() == 3


# --- reversals ----------------------------------------------------------------------------------------------


def test_a_reversal_books_every_leg_back_with_its_reason(world, rates, login):
    tx = accrue(world.partner_a, "100.00", person=world.rep_a)
    ops = world.actor(world.ops)
    reversal = transaction_reverse(actor=ops, ledger_transaction=tx, data={"reason": "Booked twice"})
    assert (reversal.kind, reversal.reverses, reversal.reason) == (
        TransactionKind.REVERSAL,
        tx,
        "Booked twice",
    )
    assert sorted(reversal.entries.values_list("account", "amount", "person")) == [
        ("earnings_payable", Decimal("100.00"), world.rep_a.pk),
        ("incentive_expense", Decimal("-100.00"), world.rep_a.pk),
    ]
    event = Event.objects.get(verb="ledger.reversed")
    assert (event.partner, event.note) == (world.partner_a, "Booked twice")
    # Partners read the reversal, not the staff's reason.
    page = login(world.rep_a).get(f"/money/transactions/{reversal.public_id}/").content.decode()
    assert "Booked twice" not in page and "Reversal" in page
    assert (
        "Booked twice" in login(world.ops).get(f"/money/transactions/{reversal.public_id}/").content.decode()
    )


def _refused(actor, tx, reason="Because"):
    entries, transactions, events = (
        LedgerEntry.objects.count(),
        LedgerTransaction.objects.count(),
        Event.objects.count(),
    )
    with pytest.raises((ValidationError, PermissionDenied, Http404)) as refused:
        transaction_reverse(actor=actor, ledger_transaction=tx, data={"reason": reason})
    assert (LedgerEntry.objects.count(), LedgerTransaction.objects.count(), Event.objects.count()) == (
        entries,
        transactions,
        events,
    )
    return refused.value


def test_refused_reversals_change_nothing(world, rates):
    tx = accrue(world.partner_a, "100.00")
    other = accrue(world.partner_b, "10.00")
    assert isinstance(_refused(world.actor(world.cam), tx), PermissionDenied)
    assert isinstance(_refused(world.actor(world.admin_a), tx), PermissionDenied)
    assert isinstance(_refused(world.actor(world.admin_a), other), Http404)
    assert _refused(world.actor(world.ops), tx, reason="  ").error_dict["reason"][0].code == "required"
    reversal = transaction_reverse(
        actor=world.actor(world.ops), ledger_transaction=tx, data={"reason": "Wrong"}
    )
    assert _refused(world.actor(world.ops), tx).error_dict["transaction"][0].code == "ledger_already_reversed"
    assert (
        _refused(world.actor(world.chief), reversal).error_dict["kind"][0].code
        == "ledger_reversal_not_reversible"
    )


def test_above_the_threshold_only_the_chief_reverses(world, rates):
    settings_update(actor=world.actor(world.chief), data={"chief_approval_threshold": "100.00"})
    big = accrue(world.partner_a, "100.00")  # 110 USD
    refused = _refused(world.actor(world.ops), big)
    assert refused.error_dict["transaction"][0].code == "chief_approval_needed"
    assert transaction_get(actor=world.actor(world.ops), public_id=big.public_id).pk == big.pk
    transaction_reverse(actor=world.actor(world.chief), ledger_transaction=big, data={"reason": "Too much"})


def test_a_transaction_an_unpaid_batch_holds_is_not_reversed(world, rates):
    tx = accrue(world.partner_a, "100.00")
    batch = batch_create(actor=world.actor(world.ops), data={"currency": "EUR"})
    assert _refused(world.actor(world.chief), tx).error_dict["transaction"][0].code == "ledger_in_payout"
    from ledger.services import batch_cancel

    batch_cancel(actor=world.actor(world.ops), batch=batch)
    transaction_reverse(
        actor=world.actor(world.chief), ledger_transaction=tx, data={"reason": "Cancelled deal"}
    )


def test_the_reverse_button_and_api(world, rates, login, api_client):
    tx = accrue(world.partner_a, "50.00")
    page = login(world.ops).get(f"/money/transactions/{tx.public_id}/").content.decode()
    assert 'action="/money/transactions/' in page and "reverse/" in page
    assert "reverse/" not in login(world.cam).get(f"/money/transactions/{tx.public_id}/").content.decode()
    blank = login(world.ops).post(f"/money/transactions/{tx.public_id}/reverse/", {"reason": ""})
    assert blank.status_code == 200 and not LedgerTransaction.objects.filter(reverses=tx).exists()
    assert (
        login(world.admin_a).post(f"/money/transactions/{tx.public_id}/reverse/", {"reason": "x"}).status_code
        == 403
    )
    answer = api_client(world.chief).post(
        f"/api/ledger/transactions/{tx.public_id}/reverse",
        {"reason": "Wrong partner"},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["kind"] == "reversal"
    again = api_client(world.chief).post(
        f"/api/ledger/transactions/{tx.public_id}/reverse",
        {"reason": "Again"},
        content_type="application/json",
    )
    assert again.status_code == 422 and error_codes(again) == {"transaction": "ledger_already_reversed"}
    detail = api_client(world.chief).get(f"/api/ledger/transactions/{tx.public_id}").json()
    assert detail["actions"] == [] and len(detail["legs"]) == 2


# --- the books ----------------------------------------------------------------------------------------------


def test_the_nightly_check_keeps_its_result_and_tells_operations_once(world, login):
    from core.actor import system_actor
    from ledger.tasks import check_books

    tx = accrue(world.partner_a, "100.00")
    assert check_books.call() is True
    assert BookCheck.objects.get().balanced and not Notification.objects.exists()
    LedgerEntry.objects.bulk_create(  # only a bypass of the posting code can do this
        [
            LedgerEntry(
                transaction=tx,
                account="paid",
                partner=world.partner_a,
                currency="EUR",
                amount=1,
                booked_at=tx.booked_at,
            )
        ]
    )
    assert check_books.call() is False
    assert check_books.call() is False  # run again the same night: one row, one notification
    row = BookCheck.objects.get()
    assert not row.balanced and [(k, c, Decimal(t)) for k, c, t in row.result["unbalanced"]] == [
        (tx.key, "EUR", 1)
    ]
    assert list(Notification.objects.values_list("user__email", "verb")) == [
        ("ops@vendor.test", "ledger.unbalanced")
    ]
    page = login(world.chief).get("/money/").content.decode()
    assert "Do not balance" in page and tx.key in page
    with pytest.raises(PermissionDenied):
        books_check(actor=world.actor(world.cam))
    assert BookCheck.objects.get().checked_at == row.checked_at
    assert books_check(actor=system_actor()).pk == row.pk
