"""Partner isolation: the single mechanism every partner-facing read goes through.

A model declares who may read its rows; `Model.objects.visible_to(actor)` applies the declaration.

- `partner_scope`: whose rows they are. A lookup path to the owning partner's id ("id" for Partner itself,
  "partner_id", "registration__partner_id" …), `PUBLIC` for rows anyone may read, even anonymously
  (program charter, agreement texts, catalogue), or `STAFF_ONLY` (the default) for rows partner users
  never read.
- `partner_filter` (optional): which of those rows a reader outside the vendor (a partner user, or anyone
  for `PUBLIC` rows) may see. A `Q`, or a callable taking the actor and returning one. Example: partners
  read the published rule set only, `partner_filter = Q(status="published")`.
- `staff_filter` (optional): the same for vendor staff (system actors are staff too).
- `scope_single_valued` (optional): True when the conditions join no one-to-many relation (they use `Exists`
  for those): they are then applied directly instead of as a `pk IN (subquery)`, so a search's index can lead.
- `user_scope` (optional): a lookup path to a user, for personal rows such as notifications. Every reader,
  staff included, sees only the rows that are theirs; `partner_scope` does not apply.

Conditional visibility lives here, in the model's declaration, never in `if actor.is_staff` branches of
selectors. `visible_to` returns each row once even when a condition crosses a one-to-many relation (a user
who belongs to two partners the actor may see): the condition is applied as `pk IN (subquery)`, the way
NetBox's `RestrictedQuerySet.restrict` does it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404

PUBLIC = "__public__"
STAFF_ONLY = None


def scope_condition(model, actor) -> Q | None:
    """The condition a row of `model` meets when `actor` may read it: `Q()` for every row, None for none."""
    user_scope = getattr(model, "user_scope", None)
    if user_scope:
        if actor.user is None:
            return None
        condition = Q(**{user_scope: actor.user.pk})
    else:
        scope = getattr(model, "partner_scope", STAFF_ONLY)
        if actor.is_staff or scope == PUBLIC:
            condition = Q()
        elif not actor.is_partner or scope is STAFF_ONLY:
            return None
        else:
            condition = Q(**{f"{scope}__in": actor.visible_partner_ids})
    extra = getattr(model, "staff_filter" if actor.is_staff else "partner_filter", None)
    if callable(extra):
        extra = extra(actor)
    if extra is not None:
        condition &= extra
    return condition


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, actor):
        condition = scope_condition(self.model, actor)
        if condition is None:
            return self.none()
        if not condition:
            return self.all()
        if getattr(self.model, "scope_single_valued", False):
            # The model's condition joins no one-to-many relation (it uses Exists for those), so it is applied
            # as it is: the planner may then start from another index, such as a search's.
            return self.filter(condition)
        # A join through a one-to-many relation would repeat rows; the subquery never does.
        return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(queryset, **lookup):
    """Out of scope and missing look the same: 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def lock_visible(queryset, *, actor, pk, of=()):
    """Row `pk` re-read through the actor's scope and locked, inside the caller's transaction.

    Services read and lock this way, never by bare primary key (defence in depth): an object that slipped
    past a view's scoping is still out of reach, and out of scope is 404 here too. `queryset` is a scoped
    manager or queryset (`Product.objects.select_related("family")`); `of` as for `select_for_update`.
    """
    return get_visible_or_404(queryset.visible_to(actor).select_for_update(of=of), pk=pk)
