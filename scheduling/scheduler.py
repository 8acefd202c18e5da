"""Periodic jobs: a small registry and the pass that enqueues the due ones (`manage.py run_scheduler`).

A job names a Django Task by dotted path and a period — every N minutes, or daily at an hour (UTC). A pass
enqueues each job at most once per period: the claim is one conditional UPDATE of its `ScheduledRun` row
("last enqueued before this period started"), committed together with the enqueued task, so restarts and
two scheduler processes never enqueue a period twice.

Adding a job, from an app's `AppConfig.ready()`:

    from scheduling.scheduler import PeriodicJob, register
    register(PeriodicJob(name="myapp.cleanup", task="myapp.tasks.cleanup", every_minutes=15))
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduling.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str  # dotted path to a Django Task (a function decorated with @task)
    every_minutes: int | None = None
    daily_at_hour: int | None = None  # UTC

    def __post_init__(self):
        if (self.every_minutes is None) == (self.daily_at_hour is None):
            raise ValueError(f"{self.name}: give exactly one of every_minutes or daily_at_hour")
        if self.every_minutes is not None and self.every_minutes < 1:
            raise ValueError(f"{self.name}: every_minutes must be at least 1")
        if self.daily_at_hour is not None and not 0 <= self.daily_at_hour <= 23:
            raise ValueError(f"{self.name}: daily_at_hour must be 0–23")

    def period_start(self, now: datetime) -> datetime:
        """Start of the period `now` falls in; the job is due if it was not enqueued since then."""
        now = now.astimezone(UTC)
        if self.every_minutes is not None:
            minutes = int(now.timestamp() // 60)
            return datetime.fromtimestamp((minutes - minutes % self.every_minutes) * 60, tz=UTC)
        start = now.replace(hour=self.daily_at_hour or 0, minute=0, second=0, microsecond=0)
        return start if start <= now else start - timedelta(days=1)

    def load_task(self):
        return import_string(self.task)


_registry: dict[str, PeriodicJob] = {}


def register(job: PeriodicJob) -> PeriodicJob:
    """Add a job (idempotent for the same definition; a different job under a taken name is an error)."""
    existing = _registry.get(job.name)
    if existing is not None and existing != job:
        raise ValueError(f"A different periodic job is already registered as {job.name!r}")
    _registry[job.name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda j: j.name)


def _claim(job: PeriodicJob, now: datetime) -> bool:
    try:
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
    except IntegrityError:
        pass  # another scheduler created it at the same moment
    claimed = (
        ScheduledRun.objects.filter(name=job.name)
        .filter(Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lt=job.period_start(now)))
        .update(last_enqueued_at=now)
    )
    return claimed == 1


def run_pass(*, now: datetime | None = None, jobs: list[PeriodicJob] | None = None) -> list[str]:
    """Enqueue every due job once; returns the names enqueued. A job whose enqueue fails keeps its claim
    rolled back, so the next pass tries again."""
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs() if jobs is None else jobs:
        try:
            with transaction.atomic():
                if _claim(job, now):
                    job.load_task().enqueue()
                    enqueued.append(job.name)
        except Exception:
            logger.exception("Periodic job %s could not be enqueued", job.name)
    return enqueued
