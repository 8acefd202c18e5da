"""What the vendor's staff see first: the state of the channel and what waits for them."""

from datetime import timedelta

from django.utils import timezone

from partners.choices import PartnerStatus
from partners.models import Partner
from partners.selectors import status_counts
from recruitment.models import Application, Prospect, ProspectStage


def staff_dashboard_data(*, actor) -> dict:
    counts = status_counts(actor=actor)
    status_cards = [(value, label, counts.get(value, 0)) for value, label in PartnerStatus.choices]
    mine = Partner.objects.visible_to(actor).filter(cam=actor.user) if actor.user else Partner.objects.none()
    waiting = Application.objects.visible_to(actor).filter(status=Application.Status.SUBMITTED)
    due = (
        Prospect.objects.visible_to(actor)
        .exclude(stage__in=[ProspectStage.CONVERTED, ProspectStage.LOST])
        .filter(owner=actor.user, next_step_date__lte=timezone.localdate() + timedelta(days=7))
        .order_by("next_step_date")[:10]
        if actor.user
        else []
    )
    onboarding = (
        Partner.objects.visible_to(actor)
        .filter(status=PartnerStatus.ONBOARDING)
        .select_related("cam")
        .order_by("created_at")[:10]
    )
    return {
        "status_cards": status_cards,
        "my_partner_count": mine.count(),
        "my_at_risk": mine.filter(status=PartnerStatus.AT_RISK)[:10],
        "applications_waiting": waiting.count(),
        "top_applications": waiting.order_by("-fit_score", "created_at")[:5],
        "prospects_due": due,
        "onboarding_partners": onboarding,
    }
