"""Offboarding as a workflow: an `Offboarding` (a partner's wind-down, with its reason and the day its access
ends) and its `WindDownStep`s, one per step of the checklist (`offboarding.steps`), each done once, by whom,
when and with what note. Staff only."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference


class OffboardingStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Winding down")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class StepKey(models.TextChoices):
    """The wind-down checklist, in its order."""

    REGISTRATIONS = "registrations", _("Open deal registrations closed")
    CLAIMS = "claims", _("Customer claims released")
    LEADS = "leads", _("Leads returned to routing")
    PAYOUT = "payout", _("Final statement and payout")
    CONTENT = "content", _("Content access ended")
    ACCESS = "access", _("Portal access revoked")


class Offboarding(PublicIdModel):
    """A partner's wind-down: started by its CAM or the chief with a reason and the day its people lose
    access; completed when every step is done; cancelled if the partnership goes on after all."""

    Status = OffboardingStatus

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="offboardings"
    )
    status = choice_field(
        _("status"), OffboardingStatus, default=OffboardingStatus.IN_PROGRESS, db_index=True
    )
    reason = models.TextField(_("reason"))
    access_ends_on = models.DateField(_("access ends on"))
    started_by = user_reference(_("started by"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_by = user_reference(_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("why cancelled"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offboarding")
        verbose_name_plural = _("offboardings")
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status=OffboardingStatus.IN_PROGRESS),
                name="offboarding_one_in_progress",
            )
        ]

    def __str__(self) -> str:
        return self.partner.name

    @property
    def in_progress(self) -> bool:
        return self.status == OffboardingStatus.IN_PROGRESS

    @property
    def badge_class(self) -> str:
        return {
            OffboardingStatus.IN_PROGRESS: "status-at_risk",
            OffboardingStatus.COMPLETED: "status-offboarded",
            OffboardingStatus.CANCELLED: "status-rejected",
        }.get(self.status, "")


class WindDownStep(PublicIdModel):
    """One step of an offboarding's checklist: to do until `done_at`; `by_system` when the scheduled job or
    the start found nothing left to do."""

    Key = StepKey

    offboarding = models.ForeignKey(Offboarding, on_delete=models.CASCADE, related_name="steps")
    key = choice_field(_("step"), StepKey)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = user_reference(_("done by"))
    by_system = models.BooleanField(_("done by the system"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["offboarding", "position", "id"]
        verbose_name = _("wind-down step")
        verbose_name_plural = _("wind-down steps")
        constraints = [
            models.UniqueConstraint(fields=["offboarding", "key"], name="offboarding_one_step_each")
        ]

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def done(self) -> bool:
        return self.done_at is not None
