"""Background work of partner health (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def evaluate() -> int:
    """Daily: every live partner scored, the active ones below the threshold flagged at risk."""
    from core.actor import system_actor
    from health.services import health_evaluate

    return len(health_evaluate(actor=system_actor()).flagged)
