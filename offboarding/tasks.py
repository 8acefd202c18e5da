"""Background work of offboarding (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def wind_down() -> int:
    """Daily: access revoked on its day, steps with nothing left done, finished wind-downs completed."""
    from offboarding.services import wind_down as run

    return run().revoked
