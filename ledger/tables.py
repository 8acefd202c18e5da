"""The columns of the money lists: each page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column
from ledger.selectors import BALANCE_COLUMNS
from ledger.statements import money_text

BALANCES_COUNT = ngettext_lazy("%(n)s balance", "%(n)s balances", "n")
TRANSACTIONS_COUNT = ngettext_lazy("%(n)s transaction", "%(n)s transactions", "n")
RATES_COUNT = ngettext_lazy("%(n)s exchange rate", "%(n)s exchange rates", "n")
BATCHES_COUNT = ngettext_lazy("%(n)s payout batch", "%(n)s payout batches", "n")

BALANCE_LABELS: dict[str, Any] = {
    "available": _("Funds available"),
    "committed": _("Funds committed"),
    "mdf_payable": _("Fund claims payable"),
    "earnings_payable": _("Earnings payable"),
    "paid": _("Paid"),
    "clawed_back": _("Clawed back"),
}


def _amount_column(key: str) -> Column:
    return Column(
        key,
        BALANCE_LABELS[key],
        lambda row: row[key],
        html=lambda row: money_text(row[key]),
        sort=key if key in ("available", "mdf_payable", "earnings_payable", "paid") else None,
    )


def _partner_cell(row: dict[str, Any]) -> str:
    url = f"{reverse('ledger:transactions')}?partner={row['partner__public_id']}&currency={row['currency']}"
    return format_html('<a href="{}">{}</a>', url, row["partner__name"])


def balance_table(*, staff: bool) -> Table:
    """Balances per partner and currency (rows are dicts of the grouped query)."""
    columns = [
        Column("currency", _("Currency"), lambda row: row["currency"], sort="currency"),
        *[_amount_column(key) for key, _account in BALANCE_COLUMNS],
    ]
    if staff:
        columns = [
            Column("partner_id", "partner_id", lambda row: row["partner__public_id"], on_page=False),
            Column(
                "partner", _("Partner"), lambda row: row["partner__name"], html=_partner_cell, sort="partner"
            ),
            *columns,
        ]
    return Table(
        columns=columns,
        count=BALANCES_COUNT,
        empty=_("No money is held for or owed to anyone here yet."),
        row_reads=(),
    )


def _description(tx) -> str:
    return tx.described


def _description_cell(tx) -> str:
    return format_html(
        '<a href="{}">{}</a>', object_url("ledger:transaction", tx.public_id), _description(tx)
    )


def transaction_table(*, staff: bool) -> Table:
    columns = [
        ID_COLUMN,
        day_column("booked_at", _("Booked"), "booked_at", sort="booked"),
        choice_column("kind", _("Kind"), "kind", sort="kind"),
        Column("description", _("Description"), _description, html=_description_cell),
        Column(
            "amount",
            _("Amount"),
            lambda tx: tx.moved,
            html=lambda tx: money_text(tx.moved, tx.moved_currency or ""),
        ),
        Column("currency", _("Currency"), lambda tx: tx.moved_currency, on_page=False),
        Column("source", _("Source"), lambda tx: tx.source_type, on_page=False),
        Column("source_id", "source_id", lambda tx: tx.source_id, on_page=False),
        Column("key", _("Key"), lambda tx: tx.key, on_page=False),
    ]
    if staff:
        columns.insert(
            3, path_column("partner", _("Partner"), "partner.name", sort="partner", html=_partner_name)
        )
    return Table(columns=columns, count=TRANSACTIONS_COUNT, empty=_("No transactions match these filters."))


def _partner_name(tx) -> str:
    return tx.partner.name if tx.partner else str(_("the vendor"))


def rate_table() -> Table:
    return Table(
        columns=[
            ID_COLUMN,
            Column("currency", _("Currency"), lambda r: r.currency, sort="currency"),
            Column("quote_currency", _("In currency"), lambda r: r.quote_currency, sort="quote_currency"),
            Column("rate", _("Rate"), lambda r: r.rate, html=lambda r: f"{r.rate.normalize():f}"),
            day_column("valid_from", _("Valid from"), "valid_from", sort="valid_from"),
            path_column("entered_by", _("Entered by"), "entered_by.email"),
            when_column("created_at", _("Entered"), on_page=False),
        ],
        count=RATES_COUNT,
        empty=_("No exchange rates yet: amounts in other currencies cannot be converted."),
    )


def _batch_cell(batch) -> str:
    return format_html('<a href="{}">{}</a>', object_url("ledger:batch", batch.public_id), batch.reference)


def _status_cell(batch) -> str:
    return format_html('<span class="badge {}">{}</span>', batch.badge_class, batch.get_status_display())


def batch_table() -> Table:
    return Table(
        columns=[
            ID_COLUMN,
            Column("number", _("Batch"), lambda b: b.reference, html=_batch_cell, sort="number"),
            Column("status", _("Status"), lambda b: b.status, html=_status_cell),
            Column(
                "total",
                _("Total"),
                lambda b: b.total,
                html=lambda b: money_text(b.total, b.currency),
                sort="total",
            ),
            Column("currency", _("Currency"), lambda b: b.currency, on_page=False),
            Column("partners", _("Partners"), lambda b: b.line_count),
            day_column("created_at", _("Created"), "created_at", sort="created"),
            path_column("created_by", _("Created by"), "created_by.email"),
            day_column("paid_at", _("Paid"), "paid_at"),
        ],
        count=BATCHES_COUNT,
        empty=_("No payout batches match these filters."),
    )
