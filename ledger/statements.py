"""A partner's statement for a period (a month, or a fiscal quarter of the money settings' fiscal year): per
currency and account, the opening balance, every movement (date, description, amount and the balance after
it) and the closing balance; opening + movements = closing, always, since each figure is a sum over the same
entries. The page, the CSV, the PDF (Typst, `statement.typ`) and the API read the same `Statement`.

The accounts are the partner's own (funds available and committed, fund claims and earnings payable); a
payout shows as the movement that empties what was payable. A partner reads its own statement (a sales rep
as the money settings say: their own SPIFFs, the company's, or nothing), staff any partner's."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.actor import Actor
from core.money import CENT
from core.scoping import get_visible_or_404
from ledger.errors import LedgerErrorCode as E
from ledger.models import CREDIT_NORMAL, LedgerAccount, LedgerEntry
from ledger.periods import period_by_code, period_of
from ledger.selectors import money_settings
from partners.models import Partner

TEMPLATE = Path(__file__).with_name("statement.typ")
STATEMENT_SOURCE = "ledger.statement"  # the signed download links of statement PDFs (core.files)
STATEMENT_ACCOUNTS = (
    LedgerAccount.MDF_AVAILABLE,
    LedgerAccount.MDF_COMMITTED,
    LedgerAccount.MDF_PAYABLE,
    LedgerAccount.EARNINGS_PAYABLE,
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ZERO = Decimal("0.00")


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def money_text(amount: Decimal | None, currency: str = "") -> str:
    """An amount as the reader writes it (1,250.00 / 1 250,00), with its currency."""
    if amount is None:
        return "—"
    text = number_format(amount, 2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()


@dataclass(frozen=True)
class StatementPeriod:
    """A month ("2026-11") or a fiscal quarter ("FY2027-Q2"): `start` inclusive, `end` exclusive."""

    code: str
    kind: str  # "month" or "quarter"
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return period_by_code(self.code, start_month=money_settings().fiscal_year_start_month).label

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def dates(self) -> str:
        return _("%(start)s – %(end)s") % {
            "start": date_format(self.start, "DATE_FORMAT"),
            "end": date_format(self.last_day, "DATE_FORMAT"),
        }

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """The period's start and end as moments in the program's time zone."""
        zone = timezone.get_default_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=zone),
        )


def parse_period(code: str) -> StatementPeriod:
    """A statement period from its code, or a ValidationError (`period_invalid`)."""
    text = (code or "").strip().upper()
    month = _MONTH.match(text)
    try:
        if month:
            start = dt.date(int(month.group(1)), int(month.group(2)), 1)
            if not 1900 < start.year < 3000:
                raise ValueError(code)
            return StatementPeriod(text, "month", start, _add_months(start, 1))
        period = period_by_code(text, start_month=money_settings().fiscal_year_start_month)
    except ValueError:
        pass
    else:
        if period.quarter:
            return StatementPeriod(period.code, "quarter", period.start, period.end)
    raise ValidationError(
        {
            "period": ValidationError(
                _("A statement covers a month (2026-11) or a fiscal quarter (FY2026-Q4)."),
                code=E.PERIOD_INVALID,
            )
        }
    )


def recent_periods(
    *, months: int = 12, quarters: int = 8, day: dt.date | None = None
) -> list[StatementPeriod]:
    """The periods a reader picks from: this month and the months before it, then this fiscal quarter and the
    quarters before it, newest first."""
    day = day or timezone.localdate()
    first = day.replace(day=1)
    found = [parse_period(_add_months(first, -n).strftime("%Y-%m")) for n in range(months)]
    start_month = money_settings().fiscal_year_start_month
    current = period_of(day, kind="quarter", start_month=start_month)
    for n in range(quarters):
        quarter = period_of(_add_months(current.start, -3 * n), kind="quarter", start_month=start_month)
        found.append(StatementPeriod(quarter.code, "quarter", quarter.start, quarter.end))
    return found


@dataclass
class Movement:
    booked_at: dt.datetime
    description: str
    kind: str
    transaction_id: Any
    amount: Decimal  # as the account's balance moves: credits up on the partner's (credit-normal) accounts
    balance: Decimal = ZERO

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.booked_at)


@dataclass
class Section:
    """One account in one currency: opening, movements, closing."""

    currency: str
    account: str
    opening: Decimal = ZERO
    movements: list[Movement] = field(default_factory=list)

    @property
    def account_label(self) -> str:
        return str(LedgerAccount(self.account).label)

    @property
    def moved(self) -> Decimal:
        return sum((m.amount for m in self.movements), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.moved


@dataclass
class Statement:
    partner: Any
    period: StatementPeriod
    sections: list[Section]
    made_at: dt.datetime

    def by_currency(self) -> Iterator[tuple[str, list[Section]]]:
        groups: dict[str, list[Section]] = defaultdict(list)
        for section in self.sections:
            groups[section.currency].append(section)
        yield from sorted(groups.items())


def _balance(account: str, amount: Decimal) -> Decimal:
    """An entry's (or a sum's) amount as its account's balance moves, in cents (SQLite hands sums back
    without their scale)."""
    return (-amount if account in CREDIT_NORMAL else amount).quantize(CENT)


def statement(*, actor: Actor, partner: Any, period: StatementPeriod) -> Statement:
    """The statement of `partner` for `period`, over the entries `actor` may read (two queries)."""
    start, end = period.moments()
    entries = LedgerEntry.objects.visible_to(actor).filter(partner=partner, account__in=STATEMENT_ACCOUNTS)
    sections: dict[tuple[str, str], Section] = {}
    opening = (
        entries.filter(booked_at__lt=start)
        .order_by()
        .values_list("currency", "account")
        .annotate(total=Sum("amount"))
    )
    for currency, account, total in opening:
        if total:
            sections[(currency, account)] = Section(currency, account, _balance(account, total))
    moves = (
        entries.filter(booked_at__gte=start, booked_at__lt=end)
        .select_related("transaction")
        .only(
            "currency",
            "account",
            "amount",
            "booked_at",
            "transaction__public_id",
            "transaction__description",
            "transaction__descriptions",
            "transaction__kind",
        )
        .order_by("booked_at", "id")
    )
    for entry in moves:
        section = sections.setdefault((entry.currency, entry.account), Section(entry.currency, entry.account))
        tx = entry.transaction
        section.movements.append(
            Movement(
                entry.booked_at,
                tx.described,
                tx.kind,
                tx.public_id,
                _balance(entry.account, entry.amount),
            )
        )
    order: dict[str, int] = {str(account): index for index, account in enumerate(STATEMENT_ACCOUNTS)}
    ordered = sorted(sections.values(), key=lambda s: (s.currency, order[s.account]))
    for section in ordered:
        running = section.opening
        for movement in section.movements:
            running += movement.amount
            movement.balance = running
    return Statement(partner, period, ordered, timezone.now())


def statement_for(*, actor: Actor, partner_id: Any, period: str) -> Statement:
    """The statement a page, a file or the API asks for: the partner through the reader's scope (404 out of
    it), the period by its code (404 for one that is no month or fiscal quarter)."""
    if not actor.can("money.view"):
        raise PermissionDenied
    partner = get_visible_or_404(Partner.objects.visible_to(actor), public_id=partner_id)
    try:
        found_period = parse_period(period)
    except ValidationError:
        raise Http404 from None
    return statement(actor=actor, partner=partner, period=found_period)


def statement_filename(found: Statement) -> str:
    return f"statement-{slugify(found.partner.name)[:60] or 'partner'}-{found.period.code}"


# --- files -------------------------------------------------------------------------------------------------

CSV_COLUMNS = ("currency", "account", "date", "description", "kind", "transaction", "amount", "balance")


def statement_csv(found: Statement) -> str:
    """The statement as CSV: per currency and account an opening row, the movements and a closing row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for section in found.sections:
        writer.writerow(
            [
                section.currency,
                section.account,
                found.period.start.isoformat(),
                "opening",
                "",
                "",
                "",
                section.opening,
            ]
        )
        for m in section.movements:
            writer.writerow(
                [
                    section.currency,
                    section.account,
                    m.day.isoformat(),
                    m.description,
                    m.kind,
                    m.transaction_id,
                    m.amount,
                    m.balance,
                ]
            )
        writer.writerow(
            [
                section.currency,
                section.account,
                found.period.last_day.isoformat(),
                "closing",
                "",
                "",
                section.moved,
                section.closing,
            ]
        )
    return buffer.getvalue()


def statement_pdf(found: Statement) -> bytes:
    """The statement as a PDF in the active language (Typst; its embedded fonts write Latin and Cyrillic)."""
    day = lambda m: date_format(m.day, "SHORT_DATE_FORMAT")  # noqa: E731
    data = {
        "language": (get_language() or settings.LANGUAGE_CODE)[:2],
        "vendor": getattr(settings, "KANAL_VENDOR_NAME", "Kanal"),
        "title": _("Statement: %(partner)s, %(period)s")
        % {"partner": found.partner.name, "period": found.period.label},
        "heading": _("Statement"),
        "partner": found.partner.name,
        "period": found.period.label,
        "dates": found.period.dates,
        "generated": _("Made on %(date)s")
        % {"date": date_format(timezone.localtime(found.made_at), "DATETIME_FORMAT")},
        "columns": [_("Date"), _("Description"), _("Amount"), _("Balance")],
        "opening": _("Opening balance"),
        "closing": _("Closing balance"),
        "empty": _("No money was held for or owed to this partner in this period."),
        "note": _(
            "Balances are what the vendor holds for or owes the partner; every amount stays in its own "
            "currency."
        ),
        "sections": [
            {
                "title": f"{section.currency} · {section.account_label}",
                "opening": money_text(section.opening),
                "moved": money_text(section.moved),
                "closing": money_text(section.closing),
                "movements": [
                    {
                        "date": day(m),
                        "description": m.description,
                        "amount": money_text(m.amount),
                        "balance": money_text(m.balance),
                    }
                    for m in section.movements
                ],
            }
            for section in found.sections
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "statement.typ").write_bytes(TEMPLATE.read_bytes())
        return typst.compile(str(root / "statement.typ"), root=str(root))
