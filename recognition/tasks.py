"""Background work of recognition (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def grant_badges() -> int:
    """Hourly: the automatic awards go to the partners their rules name now, once per partner and period."""
    from recognition.services import badges_grant_due

    return badges_grant_due()
