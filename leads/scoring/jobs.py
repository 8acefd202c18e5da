"""The periodic job of lead scoring, registered from `leads.apps` (scheduling.scheduler)."""

from scheduling.scheduler import PeriodicJob, register

WEEK_MINUTES = 7 * 24 * 60


def register_jobs() -> None:
    register(
        PeriodicJob(
            name="leads.train_scoring_model",
            task="leads.scoring.tasks.train_scoring_model",
            every_minutes=WEEK_MINUTES,
        )
    )
