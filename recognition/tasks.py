"""Background work of recognition (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def grant_badges() -> int:
    """Hourly: the automatic awards go to the partners their rules name now, once per partner and period."""
    from recognition.services import badges_grant_due

    return badges_grant_due()


@task
def draft_tier_up(event_id: int) -> bool:
    """The announcement draft of one rise to a higher tier (`services.tier_up_draft`; once per event)."""
    from core.models import Event
    from recognition.services import tier_up_draft

    event = Event.objects.filter(pk=event_id).first()
    return event is not None and tier_up_draft(event) is not None


@task
def draft_missing_tier_ups() -> int:
    """Hourly: the rises of the last week whose draft is missing (its background task failed) get it now."""
    from recognition.services import tier_up_drafts_missing

    return tier_up_drafts_missing()
