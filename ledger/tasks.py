"""Background work of the ledger (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def check_books() -> bool:
    """Nightly: prove the books balance, keep the result for the money page and tell channel operations when
    they do not (once a day, however often it runs). Returns whether they balance."""
    from core.actor import system_actor
    from ledger.services import books_check

    return books_check(actor=system_actor()).balanced
