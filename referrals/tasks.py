"""Background work of referrals (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def flag_floods() -> int:
    from referrals.services import flag_floods as flag

    return flag()
