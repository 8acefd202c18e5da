"""Partner isolation: the single mechanism every partner-facing read goes through.

A model declares how its rows belong to partners with `partner_scope`:
- a lookup path to the owning partner's id ("id" for Partner itself, "partner_id" …),
- `PUBLIC` for rows anyone may read, even anonymously (program charter, agreement texts),
- `STAFF_ONLY` (the default) for rows partner users never read.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

PUBLIC = "__public__"
STAFF_ONLY = None


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, actor):
        scope = getattr(self.model, "partner_scope", STAFF_ONLY)
        if actor.is_staff:
            return self.all()
        if scope == PUBLIC:
            return self.all()
        if not actor.is_partner or scope is STAFF_ONLY:
            return self.none()
        return self.filter(**{f"{scope}__in": actor.visible_partner_ids})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(queryset, **lookup):
    """Out of scope and missing look the same: 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
