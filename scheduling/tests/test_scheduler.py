"""Periodic jobs: each period's enqueue happens once, across passes, restarts and concurrent schedulers."""

import threading
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.tasks import task

from scheduling import scheduler
from scheduling.models import ScheduledRun
from scheduling.scheduler import PeriodicJob, register, registered_jobs, run_pass

CALLS: list[str] = []


@task
def record_call() -> None:
    CALLS.append("called")


TASK = f"{__name__}.record_call"
DAILY = PeriodicJob(name="test.daily", task=TASK, daily_at_hour=3)
EVERY_15 = PeriodicJob(name="test.quarter", task=TASK, every_minutes=15)


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def test_period_start():
    assert DAILY.period_start(at(10, 2, 59)) == at(9, 3)
    assert DAILY.period_start(at(10, 3)) == at(10, 3)
    assert DAILY.period_start(at(10, 23, 59)) == at(10, 3)
    assert EVERY_15.period_start(at(10, 8, 44)) == at(10, 8, 30)
    assert EVERY_15.period_start(at(10, 8, 45)) == at(10, 8, 45)
    with pytest.raises(ValueError):
        PeriodicJob(name="bad", task=TASK)
    with pytest.raises(ValueError):
        PeriodicJob(name="bad", task=TASK, every_minutes=5, daily_at_hour=1)
    with pytest.raises(ValueError):
        PeriodicJob(name="bad", task=TASK, daily_at_hour=24)


@pytest.mark.django_db
def test_daily_job_once_per_day():
    assert run_pass(now=at(10, 4), jobs=[DAILY]) == ["test.daily"]
    assert CALLS == ["called"]
    assert ScheduledRun.objects.get(name="test.daily").last_enqueued_at == at(10, 4)
    # Same period (restart, next pass, later that day, or early the next morning before 03:00): nothing.
    for now in (at(10, 4), at(10, 4, 1), at(10, 23), at(11, 2, 59)):
        assert run_pass(now=now, jobs=[DAILY]) == []
    assert CALLS == ["called"]
    # The next period: enqueued again, once.
    assert run_pass(now=at(11, 3), jobs=[DAILY]) == ["test.daily"]
    assert run_pass(now=at(11, 3, 1), jobs=[DAILY]) == []
    assert CALLS == ["called", "called"]


@pytest.mark.django_db
def test_every_n_minutes_job():
    assert sorted(run_pass(now=at(10, 8, 31), jobs=[EVERY_15, DAILY])) == ["test.daily", "test.quarter"]
    assert run_pass(now=at(10, 8, 44), jobs=[EVERY_15]) == []
    assert run_pass(now=at(10, 8, 45), jobs=[EVERY_15]) == ["test.quarter"]


@pytest.mark.django_db
def test_a_failing_enqueue_keeps_the_job_due():
    broken = PeriodicJob(
        name="test.broken", task="scheduling.tests.test_scheduler.no_such_task", every_minutes=5
    )
    assert run_pass(now=at(10, 8), jobs=[broken, EVERY_15]) == ["test.quarter"]
    assert ScheduledRun.objects.filter(name="test.broken", last_enqueued_at__isnull=False).count() == 0


def test_registry():
    names = [job.name for job in registered_jobs()]
    assert "deals.expire_registrations" in names and "deals.remind_expiring" in names
    deals_job = next(j for j in registered_jobs() if j.name == "deals.expire_registrations")
    assert deals_job.load_task().name == "expire_registrations"
    register(DAILY)
    try:
        register(DAILY)  # same definition again: fine (ready() may run twice)
        with pytest.raises(ValueError):
            register(PeriodicJob(name="test.daily", task=TASK, every_minutes=1))
    finally:
        scheduler._registry.pop("test.daily")


@pytest.mark.django_db
def test_command_once_enqueues_registered_jobs(monkeypatch, capsys):
    monkeypatch.setattr(scheduler, "_registry", {"test.quarter": EVERY_15})
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")
    assert CALLS == ["called"]
    assert "Enqueued test.quarter." in capsys.readouterr().out


@pytest.mark.django_db
def test_two_passes_for_the_same_period_enqueue_once():
    assert sorted(run_pass(now=at(10, 4), jobs=[DAILY]) + run_pass(now=at(10, 4), jobs=[DAILY])) == [
        "test.daily"
    ]
    assert CALLS == ["called"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_schedulers_enqueue_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the concurrent race is exercised on PostgreSQL")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def one_scheduler():
        try:
            barrier.wait(timeout=10)
            results.extend(run_pass(now=at(10, 4), jobs=[DAILY, EVERY_15]))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_scheduler) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["test.daily", "test.quarter"]
    assert CALLS == ["called", "called"]
