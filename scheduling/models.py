from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """When each periodic job (scheduling/scheduler.py) was last enqueued: the claim that makes a period's
    enqueue happen once, across restarts and across several scheduler processes."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return self.name
