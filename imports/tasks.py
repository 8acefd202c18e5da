from django.tasks import task


@task
def check_rows(*, job_id: int) -> None:
    """An import's dry run: every row checked, the errors kept (idempotent: starts over)."""
    from imports.services import run_check

    run_check(job_id)


@task
def import_rows(*, job_id: int) -> None:
    """An import's writing, in batches from its cursor (idempotent: resumes where it stopped)."""
    from imports.services import run_import

    run_import(job_id)


@task
def resume_stalled() -> int:
    """Every few minutes: imports whose worker stopped are enqueued again."""
    from imports.services import resume_stalled as resume

    return resume()
