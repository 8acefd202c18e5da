"""The tier metrics learning owns (`tiers.metrics`): certified people — the people of a partner holding a
certification valid on the day (not revoked, not expired) — overall, and for one certification (the
metric's parameter). One grouped query for every partner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from learning.models import Certification, CertificationAward
from tiers import metrics
from tiers.metrics import Metric, PartnerIds, Unit


def certified_people(
    partner_ids: PartnerIds, as_of: dt.date, window_days: int, parameter: str = ""
) -> dict[int, Decimal]:
    """{partner id: people holding a valid certification (this one, when `parameter` names it)} at the end
    of the day `as_of`."""
    moment = metrics.day_end(as_of)
    awards = CertificationAward.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=moment),
        Q(expires_at__isnull=True) | Q(expires_at__gte=moment),
        awarded_at__lt=moment,
        partner__isnull=False,
        **metrics.only(partner_ids),
    )
    if parameter:
        try:
            awards = awards.filter(certification__public_id=UUID(parameter))
        except ValueError:
            return {}
    rows = awards.values_list("partner_id").annotate(people=Count("user_id", distinct=True)).order_by()
    return {partner_id: Decimal(people) for partner_id, people in rows}


def certification_choices() -> list[tuple[str, str]]:
    return [
        (str(public_id), title)
        for public_id, title in Certification.objects.filter(is_active=True)
        .order_by("title_en")
        .values_list("public_id", "title_en")
    ]


def certification_name(parameter: str) -> str:
    try:
        found = Certification.objects.filter(public_id=UUID(parameter)).first()
    except ValueError:
        found = None
    return found.title if found else parameter


SHORTFALL = ngettext_lazy("%(count)s more certified person", "%(count)s more certified people", "count")

CERTIFIED_PEOPLE = Metric(
    code="learning.certified_people",
    label=_("certified people"),
    unit=Unit.COUNT,
    values=certified_people,
    shortfall=SHORTFALL,
    shortfall_one=_("one more certified person"),
    windowed=False,
    help_text=_("People of the partner holding a valid certification, any certification."),
)
CERTIFIED_FOR = Metric(
    code="learning.certified_for",
    label=_("people certified"),
    unit=Unit.COUNT,
    values=certified_people,
    shortfall=ngettext_lazy(
        "%(count)s more person certified as %(about)s",
        "%(count)s more people certified as %(about)s",
        "count",
    ),
    shortfall_one=_("one more person certified as %(about)s"),
    windowed=False,
    parameter_label=_("certification"),
    parameter_choices=certification_choices,
    parameter_name=certification_name,
    label_of=lambda parameter: str(
        _("people certified as %(certification)s") % {"certification": certification_name(parameter)}
    ),
    help_text=_("People of the partner holding a valid award of one certification."),
)

metrics.register(CERTIFIED_PEOPLE)
metrics.register(CERTIFIED_FOR)
