from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from core.models import Event


@dataclass(frozen=True)
class AuditFilter:
    q: str = ""
    verb: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events(*, actor, filters: AuditFilter):
    qs = Event.objects.visible_to(actor).select_related("actor", "partner")
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(target_label__icontains=word)
                | Q(actor_label__icontains=word)
                | Q(partner__name__icontains=word)
            )
    if filters.verb:
        qs = qs.filter(verb=filters.verb)
    if filters.date_from:
        qs = qs.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_at__date__lte=filters.date_to)
    return qs.order_by("-occurred_at", "-id")
