"""The tier metrics leads owns (`tiers.metrics`), as the leads home card counts them:

- lead acceptance rate: of the offers made to the partner in the window that it answered (accepted,
  declined, or let lapse), the share it accepted;
- lead conversion rate: of the partner's leads closed in the window (converted or lost), the share converted.

A partner with nothing to divide has no value ("no data"): a requirement on the rate is not met yet. Each is
one grouped query for every partner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from leads.models import AssignmentOutcome, Lead, LeadAssignment, LeadStatus
from tiers import metrics
from tiers.metrics import Metric, PartnerIds, Unit

ANSWERED = (AssignmentOutcome.ACCEPTED, AssignmentOutcome.DECLINED, AssignmentOutcome.LAPSED)


def acceptance_rate(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    start, end = metrics.window_bounds(as_of, window_days)
    rows = (
        LeadAssignment.objects.filter(
            created_at__gte=start, created_at__lt=end, outcome__in=ANSWERED, **metrics.only(partner_ids)
        )
        .values_list("partner_id")
        .annotate(accepted=Count("id", filter=Q(outcome=AssignmentOutcome.ACCEPTED)), answered=Count("id"))
        .order_by()
    )
    return {
        partner_id: rate
        for partner_id, accepted, answered in rows
        if (rate := metrics.percent(accepted, answered)) is not None
    }


def conversion_rate(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    start, end = metrics.window_bounds(as_of, window_days)
    rows = (
        Lead.objects.filter(
            closed_at__gte=start,
            closed_at__lt=end,
            status__in=(LeadStatus.CONVERTED, LeadStatus.LOST),
            partner__isnull=False,
            **metrics.only(partner_ids),
        )
        .values_list("partner_id")
        .annotate(converted=Count("id", filter=Q(status=LeadStatus.CONVERTED)), closed=Count("id"))
        .order_by()
    )
    return {
        partner_id: rate
        for partner_id, converted, closed in rows
        if (rate := metrics.percent(converted, closed)) is not None
    }


ACCEPTANCE_RATE = Metric(
    code="leads.acceptance_rate",
    label=_("lead acceptance rate"),
    unit=Unit.PERCENT,
    values=acceptance_rate,
    shortfall=_("a lead acceptance rate %(amount)s higher"),
    missing=None,
    default_window=90,
    decimals=1,
    help_text=_("Of the leads offered in the window that the partner answered, the share it accepted."),
)
CONVERSION_RATE = Metric(
    code="leads.conversion_rate",
    label=_("lead conversion rate"),
    unit=Unit.PERCENT,
    values=conversion_rate,
    shortfall=_("a lead conversion rate %(amount)s higher"),
    missing=None,
    default_window=180,
    decimals=1,
    help_text=_("Of the partner's leads closed in the window, the share converted into a registration."),
)

metrics.register(ACCEPTANCE_RATE)
metrics.register(CONVERSION_RATE)
