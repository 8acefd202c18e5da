"""The tier metric funds owns (`tiers.metrics`): MDF ROI — for the partner's funded activities that started
in the window, (won revenue − cost) / cost in percent, as the ROI page computes it (`funds.roi`: the leads
and registrations each activity brought, its approved claim or commitment as the cost, in the program
currency at the day's rates). A partner without a funded activity there, or whose amounts have no exchange
rate, has no value ("no data")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.actor import system_actor
from funds.models import FUNDED_STATUSES, FundRequest
from funds.roi import Roi, activities_roi, convert
from ledger.rates import RateTable
from tiers import metrics
from tiers.metrics import Metric, PartnerIds, Unit


def mdf_roi(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    first = as_of - dt.timedelta(days=max(window_days, 1) - 1)
    requests = list(
        FundRequest.objects.filter(
            status__in=FUNDED_STATUSES,
            starts_on__gte=first,
            starts_on__lte=as_of,
            **metrics.only(partner_ids),
        ).order_by("pk")
    )
    per_activity = activities_roi(actor=system_actor(), requests=requests)
    per_partner: dict[int, Roi] = {}
    for request in requests:
        per_partner.setdefault(request.partner_id, Roi()).add(per_activity[request.pk])
    table = RateTable(as_of)
    found: dict[int, Decimal] = {}
    for partner_id, roi in per_partner.items():
        ratio = convert(roi, table).roi
        if ratio is not None:
            found[partner_id] = (ratio * 100).quantize(Decimal("0.1"))
    return found


MDF_ROI = Metric(
    code="funds.mdf_roi",
    label=_("MDF ROI"),
    unit=Unit.PERCENT,
    values=mdf_roi,
    shortfall=_("an MDF ROI %(amount)s higher"),
    missing=None,
    decimals=1,
    help_text=_(
        "For the partner's funded marketing activities that started in the window: (won revenue − cost) / "
        "cost."
    ),
)

metrics.register(MDF_ROI)
