"""Background work of lead distribution: telling partners about new offers (after the routing committed) and
the acceptance SLA's periodic sweep (registered in leads/apps.py). Both are safe to run twice."""

from django.tasks import task


@task
def sla_sweep() -> dict[str, int]:
    """Every 10 minutes: remind offers with a quarter of their time left, lapse and reassign overdue ones."""
    from leads.routing.services import sla_sweep as sweep

    return sweep()


@task
def notify_offered(assignment_ids: list[int]) -> int:
    """Tell partners about the offers just made; offers answered or withdrawn since are left out."""
    from leads.models import AssignmentOutcome, LeadAssignment
    from leads.routing import notify

    assignments = LeadAssignment.objects.filter(
        pk__in=assignment_ids, outcome=AssignmentOutcome.PENDING
    ).select_related("lead", "partner")
    return notify.offered(assignments)
