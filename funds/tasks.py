"""Background work of market development funds (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def accrue() -> int:
    """Hourly: shares of won revenue brought up to date (what is booked is not booked again)."""
    from funds.services import accruals_run

    return accruals_run()


@task
def close_periods() -> int:
    """Daily: periods that are over have their unused funds expired, once per partner, period and currency."""
    from funds.services import periods_close

    return periods_close()
