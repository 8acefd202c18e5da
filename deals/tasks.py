from django.tasks import task


@task
def expire_registrations() -> int:
    """Daily: approved registrations past their protection become expired (idempotent)."""
    from deals.services import registrations_expire

    return registrations_expire()


@task
def remind_expiring() -> int:
    """Daily: remind partners whose protection ends within DEAL_EXPIRY_REMINDER_DAYS (idempotent)."""
    from deals.services import registrations_remind

    return registrations_remind()
