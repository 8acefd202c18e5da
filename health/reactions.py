"""How health follows a partner's lifecycle, whoever moved it (the evaluation, a CAM on the partner page, the
API): flagged at risk opens the CAM's review (with the weakest signals of the partner's newest score, and the
note of whoever flagged it) and tells the CAM; back to active closes it as recovered; offboarded, or an
offboarding started, closes it as offboarded. Subscribed in `HealthConfig.ready()`; each runs inside the
transaction that recorded the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.actor import Actor
from core.events import record_event
from core.links import object_url
from core.models import Event
from core.roles import StaffRole
from health.models import LIVE_REVIEW, HealthScore, ReviewStatus, RiskReview
from health.scoring import weakest_signals
from notifications.services import Email, notify
from partners.choices import PartnerStatus
from partners.models import Partner

STATUS_VERB = "partner.status_changed"
OFFBOARDING_VERB = "offboarding.started"


def _actor(event: Event) -> Actor:
    """Whoever recorded `event`, as the author of what follows from it (nobody: the system)."""
    user = event.actor
    return Actor(user=user, staff_role=getattr(user, "staff_role", "") if user else "")


def review_recipients(review: RiskReview) -> list[Any]:
    """Whom a review's task goes to: the partner's CAM, else the channel chiefs."""
    if review.cam is not None and review.cam.is_active:
        return [review.cam]
    return list(get_user_model().objects.filter(staff_role=StaffRole.CHIEF, is_active=True))


def partner_status_changed(event: Event) -> None:
    if event.partner_id is None:
        return
    before, after = event.before.get("status"), event.after.get("status")
    if after == PartnerStatus.AT_RISK:
        open_review(event)
    elif before == PartnerStatus.AT_RISK and after == PartnerStatus.ACTIVE:
        close_review(event, ReviewStatus.RECOVERED, "risk_review.recovered")
    elif after == PartnerStatus.OFFBOARDED:
        close_review(event, ReviewStatus.OFFBOARDED, "risk_review.offboarded")


def offboarding_started(event: Event) -> None:
    if event.partner_id is not None:
        close_review(event, ReviewStatus.OFFBOARDED, "risk_review.offboarded")


def open_review(event: Event) -> RiskReview | None:
    assert event.partner_id is not None
    partner = Partner.objects.select_related("cam").get(pk=event.partner_id)
    if RiskReview.objects.filter(partner=partner, status__in=LIVE_REVIEW).exists():
        return None
    score = HealthScore.objects.filter(partner=partner).order_by("-day", "-id").first()
    reasons = weakest_signals(score.signals) if score is not None else []
    review = RiskReview.objects.create(
        partner=partner,
        cam=partner.cam,
        opened_by=event.actor,
        health=score,
        score=score.score if score else None,
        threshold=score.threshold if score else None,
        reasons=reasons,
        weakest=reasons[0]["key"] if reasons else "",
        note=event.note,
    )
    after: dict[str, Any] = {"cam": partner.cam}
    if score is not None:
        after |= {"score": score.score, "threshold": score.threshold, "weakest": [r["key"] for r in reasons]}
    record_event(actor=_actor(event), verb="risk_review.opened", target=review, partner=partner, after=after)
    if score is not None and score.below:
        message = gettext_noop("%(partner)s is at risk: health %(score)s, below %(threshold)s")
    else:
        message = gettext_noop("%(partner)s was flagged at risk: record a recovery plan")
    notify(
        users=review_recipients(review),
        verb="risk_review.opened",
        message=message,
        params={
            "partner": partner.name,
            "score": score.score if score else "",
            "threshold": score.threshold if score else "",
        },
        link=object_url("health:review", review.public_id),
        partner=partner,
        email=Email(template="health/email/notice.txt", context={"detail": event.note}),
    )
    return review


def close_review(event: Event, status: str, verb: str) -> None:
    assert event.partner_id is not None
    review = (
        RiskReview.objects.select_for_update()
        .filter(partner_id=event.partner_id, status__in=LIVE_REVIEW)
        .select_related("partner")
        .first()
    )
    if review is None:
        return
    before = review.status
    review.status = status
    review.closed_by, review.closed_at = event.actor, timezone.now()
    review.outcome_note = event.note
    review.save(update_fields=["status", "closed_by", "closed_at", "outcome_note", "updated_at"])
    record_event(
        actor=_actor(event),
        verb=verb,
        target=review,
        partner=review.partner,
        before={"status": before},
        after={"status": status},
    )
