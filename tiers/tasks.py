"""Background work of the tier engine (Django Tasks; safe to run twice)."""

from django.tasks import task


@task
def evaluate() -> int:
    """Daily: every program with published criteria evaluated; returns how many members were assessed. A
    second run the same day changes nothing more."""
    from tiers.evaluation import evaluate_all

    return sum(outcome.run.members for outcome in evaluate_all() if outcome.run is not None)
