"""The ledger API (`/api/ledger`, token area "money"): the money settings, exchange rates, balances and their
totals, transactions (with "reverse"), statements (JSON, CSV and a signed PDF link), payout batches with
their actions and the proof that the books balance. The same services, selectors and FilterSets as the
pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.errors import row_errors_body
from core.files import file_link
from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from core.schemas import ValidationErrorOut
from ledger.payouts import batch_csv_response
from ledger.schemas import (
    BalanceQuery,
    BatchIn,
    BatchQuery,
    ExchangeRateImportOut,
    ExchangeRateOut,
    LedgerBalanceOut,
    LedgerBalanceTotalsOut,
    LedgerBookCheckOut,
    LedgerPayableNowOut,
    LedgerStatementOut,
    LedgerTransactionDetailOut,
    LedgerTransactionOut,
    MoneySettingsOut,
    PayoutBatchDetailOut,
    PayoutBatchOut,
    RateImportIn,
    RateIn,
    RateQuery,
    ReverseIn,
    SettingsPatch,
    TransactionQuery,
)
from ledger.selectors import (
    BALANCE_COLUMNS,
    balance_filters,
    balance_totals,
    batch_filters,
    batch_get,
    batch_lines,
    latest_book_check,
    money_settings,
    payable_now,
    rate_filters,
    rates_visible,
    transaction_get,
)
from ledger.services import (
    batch_approve,
    batch_cancel,
    batch_create,
    batch_export,
    batch_mark_paid,
    books_check,
    rate_create,
    rates_import_csv,
    settings_update,
    transaction_reverse,
)
from ledger.statements import STATEMENT_SOURCE, statement_csv, statement_filename, statement_for

router = Router(tags=["ledger"])


def _view(request) -> None:
    if not request.actor.can("money.view"):
        raise PermissionDenied


def _staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied
    _view(request)


# --- settings ----------------------------------------------------------------------------------------------


@router.get("/settings", response=MoneySettingsOut, summary="How the program counts money (staff)")
def get_settings(request):
    _staff(request)
    return money_settings(fresh=True)


@router.patch(
    "/settings",
    response=MoneySettingsOut,
    summary="Change the program currency, fiscal year, fund period, chief threshold or what reps see",
)
def patch_settings(request, payload: SettingsPatch):  # type: ignore[valid-type]
    return settings_update(actor=request.actor, data=body_values(payload, exclude_unset=True))


# --- exchange rates ----------------------------------------------------------------------------------------


@router.get("/rates", response=list[ExchangeRateOut], summary="Exchange rates (staff)")
@paginate(KanalPagination)
def list_rates(request, filters: Query[RateQuery]):  # type: ignore[valid-type]
    _staff(request)
    return rate_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/rates", response={201: ExchangeRateOut}, summary="Enter a dated exchange rate (operations)")
def create_rate(request, payload: RateIn):  # type: ignore[valid-type]
    rate = rate_create(actor=request.actor, data=body_values(payload))
    return Status(201, rates_visible(actor=request.actor).get(pk=rate.pk))


@router.post(
    "/rates/import",
    response={200: ExchangeRateImportOut, 422: ValidationErrorOut},
    summary="Import exchange rates from CSV (operations): all or nothing",
)
def import_rates(request, payload: RateImportIn):  # type: ignore[valid-type]
    """Columns currency, quote_currency, valid_from, rate. If any row has an error the answer is 422 with
    every     row error (each with its `row`); nothing is written. `dry_run` checks without writing."""
    values = payload.dict()  # type: ignore[attr-defined]
    result = rates_import_csv(actor=request.actor, file_text=values["csv"], dry_run=values["dry_run"])
    if not result.ok:
        return Status(422, row_errors_body(result.errors))
    return result


# --- balances ----------------------------------------------------------------------------------------------


@router.get(
    "/balances",
    response=list[LedgerBalanceOut],
    summary="Balances per partner and currency (a partner: its own)",
)
@paginate(KanalPagination)
def list_balances(request, filters: Query[BalanceQuery]):  # type: ignore[valid-type]
    _view(request)
    return balance_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/balances/totals",
    response=LedgerBalanceTotalsOut,
    summary="The balances' sums per currency and in the program currency (today's rates)",
)
def balances_totals(request, filters: Query[BalanceQuery]):  # type: ignore[valid-type]
    _view(request)
    data = query_data(filters)
    balance_filters(actor=request.actor, data=data, strict=True)  # the same refusals as the list
    totals = balance_totals(actor=request.actor, data=data)
    missing = sorted({c for converted in totals.converted.values() for c in converted.missing})
    return {
        "program_currency": totals.program_currency,
        "rates_of": totals.day,
        "currencies": [{"currency": row.currency, **row.sums} for row in totals.rows],
        "in_program_currency": {
            key: None if totals.converted[key].total is None else str(totals.converted[key].total)
            for key, _account in BALANCE_COLUMNS
        },
        "missing_rates": missing,
    }


# --- transactions ------------------------------------------------------------------------------------------


@router.get(
    "/transactions",
    response=list[LedgerTransactionOut],
    summary="Ledger transactions (a partner: those it may read)",
)
@paginate(KanalPagination)
def list_transactions(request, filters: Query[TransactionQuery]):  # type: ignore[valid-type]
    _view(request)
    from ledger.selectors import transaction_filters

    return transaction_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/transactions/{transaction_id}",
    response=LedgerTransactionDetailOut,
    summary="A transaction and its legs",
)
def get_transaction(request, transaction_id: UUID):
    _view(request)
    return transaction_get(actor=request.actor, public_id=transaction_id)


@router.post(
    "/transactions/{transaction_id}/reverse",
    response={201: LedgerTransactionDetailOut},
    summary="Reverse a transaction with a reason (operations or the chief; above the threshold the chief)",
)
def reverse_transaction(request, transaction_id: UUID, payload: ReverseIn):  # type: ignore[valid-type]
    tx = transaction_get(actor=request.actor, public_id=transaction_id)
    reversal = transaction_reverse(actor=request.actor, ledger_transaction=tx, data=body_values(payload))
    return Status(201, transaction_get(actor=request.actor, public_id=reversal.public_id))


# --- statements --------------------------------------------------------------------------------------------


@router.get(
    "/statements/{partner_id}/{period}",
    response=LedgerStatementOut,
    summary="A partner's statement for a month (2026-11) or a fiscal quarter (FY2026-Q4)",
)
def get_statement(request, partner_id: UUID, period: str):
    found = statement_for(actor=request.actor, partner_id=partner_id, period=period)
    code = found.period.code
    return {
        "partner_id": found.partner.public_id,
        "partner_name": found.partner.name,
        "period": found.period,
        "sections": found.sections,
        "csv_url": reverse("api:ledger_statement_csv", args=[found.partner.public_id, code]),
        "pdf_url": file_link(
            STATEMENT_SOURCE, found.partner.public_id, user_id=request.user.pk, version=code
        ),
    }


@router.get(
    "/statements/{partner_id}/{period}/csv",
    response={200: None},
    url_name="ledger_statement_csv",
    summary="The statement as CSV: per currency and account, opening, movements and closing",
)
def get_statement_csv(request, partner_id: UUID, period: str):
    found = statement_for(actor=request.actor, partner_id=partner_id, period=period)
    response = HttpResponse(statement_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(found)}.csv"'
    return response


# --- payouts -----------------------------------------------------------------------------------------------


@router.get(
    "/payable", response=LedgerPayableNowOut, summary="What a payout batch would pay now, per currency"
)
def payable(request):
    _staff(request)
    return {"currencies": payable_now(actor=request.actor)}


@router.get("/payouts", response=list[PayoutBatchOut], summary="Payout batches (staff)")
@paginate(KanalPagination)
def list_batches(request, filters: Query[BatchQuery]):  # type: ignore[valid-type]
    _staff(request)
    return batch_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/payouts",
    response={201: PayoutBatchDetailOut},
    summary="Create a payout batch: each partner's unsettled payable balance in the currency (operations)",
)
def create_batch(request, payload: BatchIn):  # type: ignore[valid-type]
    batch = batch_create(actor=request.actor, data=body_values(payload))
    return Status(201, batch_get(actor=request.actor, public_id=batch.public_id))


@router.get("/payouts/{batch_id}", response=PayoutBatchDetailOut, summary="A payout batch and its lines")
def get_batch(request, batch_id: UUID):
    _staff(request)
    return batch_get(actor=request.actor, public_id=batch_id)


def _batch_step(request, batch_id: UUID, step: Any):
    batch = batch_get(actor=request.actor, public_id=batch_id)
    step(actor=request.actor, batch=batch)
    return batch_get(actor=request.actor, public_id=batch_id)


@router.post(
    "/payouts/{batch_id}/approve",
    response=PayoutBatchDetailOut,
    summary="Approve (above the threshold operations' approval waits for the chief's)",
)
def approve_batch(request, batch_id: UUID):
    return _batch_step(request, batch_id, batch_approve)


@router.post(
    "/payouts/{batch_id}/paid", response=PayoutBatchDetailOut, summary="Mark paid: books the payouts"
)
def mark_batch_paid(request, batch_id: UUID):
    return _batch_step(request, batch_id, batch_mark_paid)


@router.post(
    "/payouts/{batch_id}/cancel",
    response=PayoutBatchDetailOut,
    summary="Cancel a batch not approved yet: its entries become payable again",
)
def cancel_batch(request, batch_id: UUID):
    return _batch_step(request, batch_id, batch_cancel)


@router.post(
    "/payouts/{batch_id}/export",
    response={200: None},
    summary="The approved batch as CSV for the ERP or the bank, a row per partner (the first export is kept)",
)
def export_batch(request, batch_id: UUID):
    batch = batch_get(actor=request.actor, public_id=batch_id)
    exported = batch_export(actor=request.actor, batch=batch)
    return batch_csv_response(exported, batch_lines(actor=request.actor, batch=exported))


# --- the books ---------------------------------------------------------------------------------------------


@router.get(
    "/check",
    response={200: LedgerBookCheckOut, 204: None},
    summary="The latest proof that the books balance (staff)",
)
def get_check(request):
    _staff(request)
    found = latest_book_check(actor=request.actor)
    return found if found is not None else Status(204, None)


@router.post(
    "/check", response=LedgerBookCheckOut, summary="Check now that the books balance (operations, the chief)"
)
def run_check(request):
    return books_check(actor=request.actor)
