"""Background work of incentives (Django Tasks; safe to run twice, and at once)."""

from django.tasks import task


@task
def accrue() -> int:
    """The periodic accrual run; returns how many ledger transactions it booked."""
    from core.actor import system_actor
    from incentives.accrual import run_accrual

    return run_accrual(actor=system_actor()).booked
