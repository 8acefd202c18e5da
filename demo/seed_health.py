"""The demo's partner health and wind-down: every live partner scored weekly for the last two months and today
(the trend and the history), a few of the demo CAM's quiet partners flagged at risk by the evaluation's own
flag (their weakest signals as the reason) — the partners the CAMs flagged by hand had their reviews opened
then —, a recovery plan recorded on one of them, and one partner flagged by hand being offboarded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

FLAGGED = 3  # the demo CAM's quiet partners the evaluation flags
HISTORY_WEEKS = 8


def create_health(seeder: Any, *, spare: list[Any], cam_email: str = "cam@kanal.demo") -> None:
    """Idempotent: does nothing when any health score exists. `spare`: the partners with demo logins, never
    flagged here."""
    from accounts.models import User
    from core.actor import Actor, system_actor
    from core.models import Event
    from core.roles import StaffRole
    from health.models import HealthScore, RiskReview
    from health.services import flag_at_risk, health_evaluate, review_plan
    from offboarding.services import offboarding_start
    from partners.choices import PartnerStatus
    from partners.models import Partner

    if HealthScore.objects.exists():
        return
    # The reviews opened when the CAMs flagged their partners: dated as those flags are.
    for review in RiskReview.objects.filter(health__isnull=True):
        flagged_at = (
            Event.objects.filter(
                verb="partner.status_changed", partner_id=review.partner_id, after__status="at_risk"
            )
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        if flagged_at is not None:
            RiskReview.objects.filter(pk=review.pk).update(created_at=flagged_at)
    system = system_actor()
    today = seeder.today
    for weeks in range(HISTORY_WEEKS, 0, -1):
        health_evaluate(actor=system, day=today - timedelta(weeks=weeks), flag=False)
    health_evaluate(actor=system, flag=False)

    cam_user = User.objects.get(email=cam_email)
    cam = Actor(user=cam_user, staff_role=StaffRole.CAM)
    quiet = list(
        HealthScore.objects.filter(
            day=today, below=True, partner__status=PartnerStatus.ACTIVE, partner__cam=cam_user
        )
        .exclude(partner__in=spare)
        .order_by("score", "partner__name")[:FLAGGED]
    )
    flagged = flag_at_risk(scores=quiet)

    if flagged:
        review = RiskReview.objects.get(partner_id=flagged[0], status="open")
        review_plan(
            actor=cam,
            review=review,
            data={
                "actions": "Joint pipeline review with their sales lead\n"
                "Two people through the sales onboarding course\n"
                "Register the three deals they mentioned on the call",
                "due": today + timedelta(days=45),
                "note": "They lost their channel sales lead in the summer; the new one starts next month.",
            },
        )

    leaving = (
        Partner.objects.filter(cam=cam_user, status=PartnerStatus.AT_RISK)
        .exclude(pk__in=flagged)
        .order_by("name")
        .first()
    )
    if leaving is not None:
        offboarding_start(
            actor=cam,
            partner=leaving,
            data={
                "reason": "No orders for over a year and they have moved to another vendor's range; "
                "agreed on the call to wind the partnership down.",
                "access_ends_on": today + timedelta(days=30),
            },
        )
