"""Background work of leads (Django Tasks; JSON arguments; safe to run twice: routing skips routed leads)."""

from django.tasks import task

IMPORTED_CHUNK = 5000  # lead ids per task: each task's arguments stay small


@task
def process_imported_leads(*, lead_ids: list[int]) -> int:
    """Leads an import just wrote: scored, then routed like any new lead. Returns how many were routed."""
    from leads.hooks import leads_imported

    return leads_imported(lead_ids)
