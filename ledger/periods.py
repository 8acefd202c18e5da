"""Fiscal periods: the fiscal year starts in the month the program says (`MoneySettings`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ledger.models import FundPeriod


@dataclass(frozen=True)
class Period:
    """A fiscal year or quarter: `start` inclusive, `end` exclusive. Named by the calendar year its fiscal
    year ends in (a year starting in April 2026 is FY2027), the usual convention."""

    kind: str
    fiscal_year: int
    quarter: int | None
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        return f"FY{self.fiscal_year}" + (f"-Q{self.quarter}" if self.quarter else "")

    @property
    def label(self) -> str:
        if self.quarter:
            return _("Q%(quarter)s FY%(year)s") % {"quarter": self.quarter, "year": self.fiscal_year}
        return _("FY%(year)s") % {"year": self.fiscal_year}

    def __str__(self) -> str:
        return self.label

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(day: dt.date, *, kind: str, start_month: int = 1) -> Period:
    """The fiscal year or quarter `day` falls in."""
    year_start = dt.date(day.year if day.month >= start_month else day.year - 1, start_month, 1)
    fiscal_year = year_start.year + (1 if start_month > 1 else 0)
    if kind == FundPeriod.YEAR:
        return Period(kind, fiscal_year, None, year_start, _add_months(year_start, 12))
    months_in = (day.year - year_start.year) * 12 + day.month - start_month
    quarter = months_in // 3 + 1
    start = _add_months(year_start, (quarter - 1) * 3)
    return Period(kind, fiscal_year, quarter, start, _add_months(start, 3))


def period_by_code(code: str, *, start_month: int = 1) -> Period:
    """ "FY2027" or "FY2027-Q2" back into its period; ValueError for anything else."""
    text = code.strip().upper()
    if not text.startswith("FY"):
        raise ValueError(code)
    year_part, _sep, quarter_part = text[2:].partition("-Q")
    fiscal_year = int(year_part)
    if not 1900 < fiscal_year < 3000:
        raise ValueError(code)
    first_day = dt.date(fiscal_year - (1 if start_month > 1 else 0), start_month, 1)
    if not quarter_part:
        return period_of(first_day, kind=FundPeriod.YEAR, start_month=start_month)
    quarter = int(quarter_part)
    if not 1 <= quarter <= 4:
        raise ValueError(code)
    return period_of(
        _add_months(first_day, (quarter - 1) * 3), kind=FundPeriod.QUARTER, start_month=start_month
    )
