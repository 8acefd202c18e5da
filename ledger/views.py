"""Pages of the ledger: the money overview (balances per partner and currency, totals in the program currency,
what is payable now, the latest proof that the books balance; a partner's own money), the transactions and a
transaction's legs (with "Reverse" for operations and the chief), statements (page, CSV, PDF), exchange rates
(list, add, CSV import), payout batches (list, create, review, approve, export, mark paid, cancel) and the
money settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.events import events_for
from core.files import TYPES, file_link
from core.http import (
    REFUSED,
    apply_validation_error,
    hx_redirect,
    login_required,
    run_button,
    staff_required,
    submit_form,
)
from core.inputs import InputInvalid
from core.listing import export_list, list_page
from ledger.inputs import BatchInput, RateImportInput, RateInput, ReverseInput, SettingsInput, StatementPick
from ledger.payouts import batch_csv_response
from ledger.rules import allowed_actions, needs_chief
from ledger.selectors import (
    balance_filters,
    balance_totals,
    batch_filters,
    batch_get,
    batch_lines,
    in_program_currency,
    latest_book_check,
    money_partners,
    money_settings,
    payable_now,
    rate_filters,
    reversal_of,
    source_link,
    transaction_filters,
    transaction_get,
    transaction_legs,
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
from ledger.statements import (
    STATEMENT_SOURCE,
    recent_periods,
    statement_csv,
    statement_filename,
    statement_for,
    statement_pdf,
)
from ledger.tables import balance_table, batch_table, rate_table, transaction_table

RECENT_TRANSACTIONS = 10


def _require_view(actor) -> None:
    if not actor.can("money.view"):
        raise PermissionDenied


# --- the overview ------------------------------------------------------------------------------------------


@login_required
def money(request):
    """Staff: every partner's balances per currency, their totals in the program currency, what is payable now
    and whether the books balance. A partner: its own balances and latest transactions."""
    actor = request.actor
    _require_view(actor)
    settings = money_settings()
    context: dict[str, Any] = {"settings": settings, "staff_view": actor.is_staff}
    if actor.is_staff:
        context |= {
            "totals": balance_totals(actor=actor, data=request.GET),
            "check": latest_book_check(actor=actor),
            "can_check": actor.can("money.settings"),
            "payable": payable_now(actor=actor),
            "can_pay": actor.can("money.payouts"),
        }
    else:
        context |= {
            "recent": transaction_filters(actor=actor).qs[:RECENT_TRANSACTIONS],
            "hidden_from_rep": actor.partner_role == "rep" and settings.rep_money_visibility == "none",
        }
    return list_page(
        request,
        filterset=balance_filters(actor=actor, data=request.GET),
        table=balance_table(staff=actor.is_staff),
        template="ledger/money.html",
        fragment="ledger/_balances.html",
        export_url=reverse("ledger:money_export"),
        context=context,
    )


@login_required
def money_export(request):
    _require_view(request.actor)
    filters = balance_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, balance_table(staff=request.actor.is_staff), name="balances")


@staff_required
@require_POST
def check_now(request):
    actor = request.actor
    found = run_button(request, lambda: books_check(actor=actor))
    if found is not REFUSED:
        if found.balanced:
            messages.success(request, _("The books balance."))
        else:
            messages.error(request, _("The books do not balance: see the check below."))
    return hx_redirect(request, "ledger:money")


# --- transactions ------------------------------------------------------------------------------------------


@login_required
def transactions(request):
    actor = request.actor
    _require_view(actor)
    return list_page(
        request,
        filterset=transaction_filters(actor=actor, data=request.GET),
        table=transaction_table(staff=actor.is_staff),
        template="ledger/transactions.html",
        export_url=reverse("ledger:transactions_export"),
    )


@login_required
def transactions_export(request):
    _require_view(request.actor)
    filters = transaction_filters(actor=request.actor, data=request.GET)
    return export_list(
        request, filters, transaction_table(staff=request.actor.is_staff), name="ledger-transactions"
    )


def _transaction_page(request, tx, *, reverse_form: ReverseInput | None = None):
    actor = request.actor
    actions = allowed_actions(actor, tx)
    context = {
        "tx": tx,
        "legs": transaction_legs(actor=actor, transaction=tx),
        "actions": actions,
        "reversed_by": reversal_of(actor=actor, transaction=tx),
        "reverses": tx.reverses if tx.reverses_id and actor.is_staff else None,
        "source_url": source_link(actor=actor, transaction=tx),
        "staff_view": actor.is_staff,
        "reverse_form": reverse_form or (ReverseInput() if "reverse" in actions else None),
        "timeline": events_for(actor=actor, target=tx)[:50] if actor.is_staff else [],
    }
    if tx.reverses_id and not actor.is_staff:
        found = transaction_filters(actor=actor).qs.filter(pk=tx.reverses_id).first()
        context["reverses"] = found
    return render(request, "ledger/transaction.html", context)


@login_required
def transaction_detail(request, transaction_id):
    _require_view(request.actor)
    return _transaction_page(request, transaction_get(actor=request.actor, public_id=transaction_id))


@login_required
@require_POST
def transaction_reverse_view(request, transaction_id):
    actor = request.actor
    tx = transaction_get(actor=actor, public_id=transaction_id)
    if not actor.is_staff:
        raise PermissionDenied
    form = ReverseInput(request.POST)
    try:
        reversal = transaction_reverse(actor=actor, ledger_transaction=tx, data=form)
    except InputInvalid:
        return _transaction_page(request, tx, reverse_form=form)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return _transaction_page(request, tx, reverse_form=form)
    messages.success(request, _("Transaction reversed."))
    return hx_redirect(request, "ledger:transaction", reversal.public_id)


# --- statements --------------------------------------------------------------------------------------------


@login_required
def statements(request):
    """Pick a partner (staff) and a period; the form opens that statement."""
    actor = request.actor
    _require_view(actor)
    periods = recent_periods()
    choices = [(p.code, p.label) for p in periods]
    partners = money_partners(actor=actor) if actor.is_staff else None
    form = StatementPick(request.GET or None, partners=partners, periods=choices)
    if request.GET and form.is_valid():
        partner = form.cleaned_data.get("partner") or actor.partner
        return redirect("ledger:statement", partner_id=partner.public_id, period=form.cleaned_data["period"])
    return render(
        request, "ledger/statements.html", {"form": form, "periods": periods, "staff_view": actor.is_staff}
    )


@login_required
def statement_page(request, partner_id, period):
    found = statement_for(actor=request.actor, partner_id=partner_id, period=period)
    return render(
        request,
        "ledger/statement.html",
        {
            "statement": found,
            "staff_view": request.actor.is_staff,
            "csv_url": reverse("ledger:statement_csv", args=[found.partner.public_id, found.period.code]),
            "pdf_url": file_link(
                STATEMENT_SOURCE, found.partner.public_id, user_id=request.user.pk, version=found.period.code
            ),
        },
    )


@login_required
def statement_csv_view(request, partner_id, period):
    found = statement_for(actor=request.actor, partner_id=partner_id, period=period)
    response = HttpResponse(statement_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(found)}.csv"'
    return response


def resolve_statement(actor, public_id, version):
    """The statement PDF behind a signed link (`core.files`): read again through the reader's scope."""
    if not actor.is_authenticated:
        raise PermissionDenied
    found = statement_for(actor=actor, partner_id=public_id, period=version)
    return ContentFile(statement_pdf(found), name="statement.pdf"), statement_filename(found), TYPES["pdf"]


# --- exchange rates ----------------------------------------------------------------------------------------


@staff_required
def rates(request):
    actor = request.actor
    _require_view(actor)
    return list_page(
        request,
        filterset=rate_filters(actor=actor, data=request.GET),
        table=rate_table(),
        template="ledger/rates.html",
        export_url=reverse("ledger:rates_export"),
        context={"can_manage": actor.can("money.rates"), "settings": money_settings()},
    )


@staff_required
def rates_export(request):
    _require_view(request.actor)
    return export_list(
        request, rate_filters(actor=request.actor, data=request.GET), rate_table(), name="exchange-rates"
    )


@staff_required
def rate_new(request):
    actor = request.actor
    actor.require("money.rates")
    form = RateInput(request.POST or None)
    saved = submit_form(request, form, lambda: rate_create(actor=actor, data=form), _("Exchange rate saved."))
    if saved is not REFUSED:
        return hx_redirect(request, "ledger:rates")
    return render(request, "ledger/rate_form.html", {"form": form})


def _run_import(request, form: RateImportInput, text: str, *, dry_run: bool):
    try:
        return rates_import_csv(actor=request.actor, file_text=text, dry_run=dry_run)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return None


@staff_required
def rates_import(request):
    """Upload or paste a CSV of rates; a POST shows the preview (a dry run) with a confirm button."""
    request.actor.require("money.rates")
    form = RateImportInput(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "result": None}
    if request.method == "POST" and form.is_valid():
        result = _run_import(request, form, form.cleaned_data["csv"], dry_run=True)
        context["result"] = result
        if result is not None and result.ok:
            context["confirm_text"] = form.cleaned_data["csv"]
    return render(request, "ledger/rates_import.html", context)


@staff_required
@require_POST
def rates_import_confirm(request):
    request.actor.require("money.rates")
    confirm = RateImportInput(request.POST)
    form = RateImportInput()
    if not confirm.is_valid():
        form.add_error(None, _("Nothing to import: upload the file again."))
        return render(request, "ledger/rates_import.html", {"form": form, "result": None})
    result = _run_import(request, form, confirm.cleaned_data["csv"], dry_run=False)
    if result is not None and result.written:
        count = len(result.rates)
        messages.success(
            request,
            ngettext("Imported %(n)s exchange rate.", "Imported %(n)s exchange rates.", count) % {"n": count},
        )
        return hx_redirect(request, "ledger:rates")
    return render(request, "ledger/rates_import.html", {"form": form, "result": result})


# --- money settings ----------------------------------------------------------------------------------------


@staff_required
def settings_page(request):
    actor = request.actor
    _require_view(actor)
    current = money_settings(fresh=True)
    form = SettingsInput(request.POST or None, instance=current)
    can_manage = actor.can("money.settings")
    if not can_manage:
        form.read_only()
    saved = submit_form(
        request, form, lambda: settings_update(actor=actor, data=form), _("Money settings saved.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "ledger:settings")
    return render(request, "ledger/settings.html", {"form": form, "can_manage": can_manage})


# --- payout batches ----------------------------------------------------------------------------------------


@staff_required
def batches(request):
    actor = request.actor
    _require_view(actor)
    return list_page(
        request,
        filterset=batch_filters(actor=actor, data=request.GET),
        table=batch_table(),
        template="ledger/batches.html",
        export_url=reverse("ledger:batches_export"),
        context={"can_pay": actor.can("money.payouts"), "payable": payable_now(actor=actor)},
    )


@staff_required
def batches_export(request):
    _require_view(request.actor)
    return export_list(
        request, batch_filters(actor=request.actor, data=request.GET), batch_table(), name="payout-batches"
    )


@staff_required
def batch_new(request):
    actor = request.actor
    actor.require("money.payouts")
    initial = {"currency": request.GET.get("currency") or money_settings().reporting_currency}
    form = BatchInput(request.POST or None, initial=initial, partners=money_partners(actor=actor))
    created = submit_form(
        request,
        form,
        lambda: batch_create(actor=actor, data=form),
        lambda batch: _("Payout batch %(batch)s created: review it.") % {"batch": batch.reference},
    )
    if created is not REFUSED:
        return hx_redirect(request, "ledger:batch", created.public_id)
    return render(request, "ledger/batch_form.html", {"form": form, "payable": payable_now(actor=actor)})


@staff_required
def batch_detail(request, batch_id):
    actor = request.actor
    _require_view(actor)
    batch = batch_get(actor=actor, public_id=batch_id)
    converted = in_program_currency({batch.currency: batch.total})
    context = {
        "batch": batch,
        "lines": batch_lines(actor=actor, batch=batch),
        "actions": allowed_actions(actor, batch),
        "converted": converted,
        "needs_chief": needs_chief(batch),
        "threshold": money_settings().chief_approval_threshold,
        "timeline": events_for(actor=actor, target=batch)[:50],
    }
    return render(request, "ledger/batch.html", context)


BATCH_BUTTONS = {"approve": batch_approve, "mark_paid": batch_mark_paid, "cancel": batch_cancel}


@staff_required
@require_POST
def batch_action(request, batch_id, action: str):
    actor = request.actor
    batch = batch_get(actor=actor, public_id=batch_id)
    run = BATCH_BUTTONS[action]
    done = run_button(request, lambda: run(actor=actor, batch=batch))
    if done is not REFUSED:
        messages.success(request, _batch_message(action, done))
    return hx_redirect(request, "ledger:batch", batch.public_id)


def _batch_message(action: str, batch) -> str:
    if action == "approve":
        if batch.status == "awaiting_chief":
            return _("Approved: above the threshold the channel chief approves it too.")
        return _("Payout batch approved: export it for the bank, then mark it paid.")
    if action == "mark_paid":
        return _("Payout batch paid: the payouts are booked.")
    return _("Payout batch cancelled: its entries are payable again.")


@staff_required
@require_POST
def batch_export_view(request, batch_id):
    """The batch's lines for the ERP or the bank (CSV); the first export is recorded."""
    actor = request.actor
    batch = batch_get(actor=actor, public_id=batch_id)
    exported = run_button(request, lambda: batch_export(actor=actor, batch=batch))
    if exported is REFUSED:
        return hx_redirect(request, "ledger:batch", batch.public_id)
    return batch_csv_response(exported, batch_lines(actor=actor, batch=exported))
