"""Background work of leads (Django Tasks; JSON arguments; safe to run twice)."""

from django.tasks import task

IMPORTED_CHUNK = 5000  # lead ids per task: each task's arguments stay small


@task
def process_imported_leads(*, lead_ids: list[int]) -> int:
    """Leads an import just wrote: scored, then routed like any new lead. Returns how many were scored."""
    from leads.models import Lead
    from leads.scoring.services import score_leads

    return score_leads(Lead.objects.filter(id__in=lead_ids))
