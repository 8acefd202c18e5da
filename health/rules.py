"""Who may do what next with a risk review: open → plan recorded → recovered (or offboarded, which the
offboarding and the partner's status close it with).

`allowed_actions(actor, review)` is the one rule behind the review page's buttons, the API's `actions` and
the services' checks (`require_action`, on the row they locked)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import field_error
from core.rules import ActionRules
from health.errors import HealthErrorCode as E
from health.models import HealthScore, ReviewStatus
from partners.choices import PartnerStatus


class ReviewAction(StrEnum):
    PLAN = "plan"  # record (or change) the recovery plan
    RECOVER = "recover"  # the partner is healthy again: active, the review closed


def recovery_score(review) -> HealthScore | None:
    """The newest evaluation of the review's partner made after it was flagged, if any."""
    return (
        HealthScore.objects.filter(
            partner_id=review.partner_id, day__gt=timezone.localdate(review.created_at)
        )
        .order_by("-day")
        .only("day", "score", "threshold", "below")
        .first()
    )


def refusal(actor, review, action: ReviewAction) -> Exception | None:
    """Why `actor` may not take `action` on `review` now: PermissionDenied (the role), a coded ValidationError
    (the state), or None when the action can go ahead."""
    if not actor.can("health.review"):
        return PermissionDenied()
    if not review.is_live:
        return field_error(
            "status",
            _("This review is closed (%(status)s).") % {"status": review.get_status_display().lower()},
            E.REVIEW_CLOSED,
        )
    if action == ReviewAction.RECOVER:
        if review.status != ReviewStatus.PLANNED:
            return field_error("status", _("Record a recovery plan first."), E.NO_PLAN)
        if review.partner.status != PartnerStatus.AT_RISK:
            return field_error(
                "status",
                _("%(partner)s is no longer at risk (%(status)s).")
                % {"partner": review.partner.name, "status": review.partner.get_status_display().lower()},
                E.NOT_AT_RISK,
            )
        found = recovery_score(review)
        if found is None:
            return field_error(
                "status",
                _(
                    "No evaluation since the partner was flagged: it can be set active once one scores it "
                    "at or above the threshold."
                ),
                E.NOT_RECOVERED,
            )
        if found.below:
            return field_error(
                "status",
                _("The evaluation of %(day)s scored %(score)s, below the threshold of %(threshold)s.")
                % {"day": date_format(found.day), "score": found.score, "threshold": found.threshold},
                E.NOT_RECOVERED,
            )
    return None


RULES = ActionRules(ReviewAction, refusal)
allowed_actions = RULES.allowed
require_action = RULES.require
