"""The metrics ops enter themselves (`CustomMetric`, a value per partner and period), registered as one
parameterised metric: the parameter is the custom metric's code. Its value over a window is the latest
value whose period ends in the window, or the sum of those values, as the custom metric says. A partner
without a value there has no data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from tiers import metrics
from tiers.metrics import Metric, PartnerIds, Unit
from tiers.models import Aggregation, CustomMetric, CustomMetricValue

CODE = "tiers.custom"


def _metric(code: str) -> CustomMetric | None:
    return metrics.shared(
        ("tiers.custom_metric", code), lambda: CustomMetric.objects.filter(code=code).first()
    )


def custom_values(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    metric = _metric(parameter)
    if metric is None:
        return {}
    first = as_of - dt.timedelta(days=max(window_days, 1) - 1)
    rows = CustomMetricValue.objects.filter(
        metric=metric, period_end__gte=first, period_end__lte=as_of, **metrics.only(partner_ids)
    )
    if metric.aggregation == Aggregation.SUM:
        return dict(rows.values_list("partner_id").annotate(total=Sum("value")).order_by())
    latest: dict[int, Decimal] = {}
    for partner_id, value in rows.order_by("partner_id", "-period_end", "-id").values_list(
        "partner_id", "value"
    ):
        latest.setdefault(partner_id, value)
    return latest


def custom_choices() -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in CustomMetric.objects.filter(is_active=True).order_by("code")]


def custom_name(code: str) -> str:
    metric = _metric(code)
    return metric.name if metric else code


def custom_unit(code: str) -> Unit:
    metric = _metric(code)
    return Unit(metric.unit) if metric else Unit.COUNT


CUSTOM = Metric(
    code=CODE,
    label=_("custom metric"),
    unit=Unit.COUNT,
    values=custom_values,
    shortfall=_("%(amount)s more: %(metric)s"),
    missing=None,
    parameter_label=_("custom metric"),
    parameter_choices=custom_choices,
    parameter_name=custom_name,
    unit_of=custom_unit,
    label_of=custom_name,
    decimals=2,
    help_text=_("A metric ops enter per partner and period (a CSV import or one by one)."),
)

metrics.register(CUSTOM)
