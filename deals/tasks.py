from django.tasks import task


@task
def expire_registrations() -> int:
    """Daily: approved registrations past their protection become expired (idempotent)."""
    from deals.services import registrations_expire

    return registrations_expire()
