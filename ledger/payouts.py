"""A payout batch as a file for the ERP or the bank: one row per partner paid, with what identifies the
partner there (Kanal's partner id, name, legal name, tax id and contact email; Kanal keeps no bank
details)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

from ledger.models import PayoutBatch, PayoutLine

COLUMNS = (
    "batch",
    "line_id",
    "partner_id",
    "partner",
    "legal_name",
    "tax_id",
    "email",
    "country",
    "currency",
    "amount",
    "fund_claims",
    "earnings",
    "entries",
)


def batch_csv(batch: PayoutBatch, lines: Iterable[PayoutLine]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for line in lines:
        partner = line.partner
        writer.writerow(
            [
                batch.reference,
                line.public_id,
                partner.public_id,
                partner.name,
                partner.legal_name,
                partner.tax_id,
                partner.email,
                partner.country.code if partner.country else "",
                batch.currency,
                line.amount,
                line.mdf_amount,
                line.earnings_amount,
                line.entry_count,
            ]
        )
    return buffer.getvalue()


def batch_csv_response(batch: PayoutBatch, lines: Iterable[PayoutLine]) -> HttpResponse:
    response = HttpResponse(batch_csv(batch, lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payout-{batch.reference}.csv"'
    return response
