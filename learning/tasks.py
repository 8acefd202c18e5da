from django.tasks import task


@task
def remind_expiring() -> int:
    """Daily: remind holders whose certification expires within CERTIFICATION_REMINDER_DAYS (idempotent)."""
    from learning.services import awards_remind

    return awards_remind()
