"""The tier metrics deals owns (`tiers.metrics`): won revenue over a trailing window, in the program
currency, and the number of won registrations. Both read one grouped query over the registrations won in the
window (per partner and currency), shared within an evaluation.

A won registration counts for the partner that sells (`partner`, a reseller when a distributor registered it)
on the day it was closed, for what it was won for less what was refunded. Currencies are converted at the
rates in force on the last day of the window (`ledger.rates.RateTable`); a currency without a rate makes the
metric unavailable rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from deals.models import DealRegistration, RegistrationStatus
from ledger.rates import RateMissing, RateTable
from ledger.selectors import money_settings
from tiers import metrics
from tiers.metrics import Metric, MetricUnavailable, PartnerIds, Unit

ZERO = Decimal("0")


def won_rows(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int
) -> list[tuple[int, str, Decimal, int]]:
    """(partner id, currency, won amount, won registrations) over the window: one grouped query."""

    def read() -> list[tuple[int, str, Decimal, int]]:
        start, end = metrics.window_bounds(as_of, window_days)
        return list(
            DealRegistration.objects.filter(
                status=RegistrationStatus.WON,
                closed_at__gte=start,
                closed_at__lt=end,
                **metrics.only(partner_ids),
            )
            .values_list("partner_id", "currency")
            .annotate(
                amount=Sum(Coalesce(F("won_amount"), F("amount")) - F("refunded_amount")),
                won=Count("id"),
            )
            .order_by()
        )

    return metrics.shared(("deals.won", metrics.ids_key(partner_ids), as_of, window_days), read)


def won_revenue(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    target = money_settings().reporting_currency
    rates = RateTable(as_of)
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for partner_id, currency, amount, _won in won_rows(partner_ids, as_of, window_days):
        try:
            totals[partner_id] += rates.convert(amount or ZERO, currency, target)
        except RateMissing as exc:
            raise MetricUnavailable(exc.messages[0]) from exc
    return dict(totals)


def won_registrations(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    counts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for partner_id, _currency, _amount, won in won_rows(partner_ids, as_of, window_days):
        counts[partner_id] += won
    return dict(counts)


WON_REVENUE = Metric(
    code="deals.won_revenue",
    label=_("won revenue"),
    unit=Unit.MONEY,
    values=won_revenue,
    shortfall=_("%(amount)s more won revenue"),
    help_text=_("What the partner's registrations closed as won in the window were won for, less refunds."),
)
WON_REGISTRATIONS = Metric(
    code="deals.won_registrations",
    label=_("won registrations"),
    unit=Unit.COUNT,
    values=won_registrations,
    shortfall=ngettext_lazy("%(count)s more won registration", "%(count)s more won registrations", "count"),
    shortfall_one=_("one more won registration"),
    help_text=_("The partner's registrations closed as won in the window."),
)

metrics.register(WON_REVENUE)
metrics.register(WON_REGISTRATIONS)
