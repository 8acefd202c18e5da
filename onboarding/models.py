from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import PublicIdModel
from core.scoping import PUBLIC
from partners.choices import PartnerType


class StepKind(models.TextChoices):
    MANUAL = "manual", _("Done by hand")
    AGREEMENT = "agreement", _("Accept the current partner agreement (automatic)")
    PROFILE = "profile", _("Complete the company profile (automatic)")
    TEAM = "team", _("Invite at least one colleague (automatic)")


class ChecklistStep(PublicIdModel):
    """One step of the onboarding checklist for a partner type, defined by channel operations."""

    partner_scope = PUBLIC
    Kind = StepKind

    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    kind = models.CharField(
        _("how it is completed"), max_length=20, choices=StepKind.choices, default=StepKind.MANUAL
    )
    requires_confirmation = models.BooleanField(
        _("the CAM confirms"),
        default=False,
        help_text=_("The partner marks the step done; it counts once the channel account manager confirms."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["partner_type", "position", "id"]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class CompletionState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting confirmation")
    DONE = "done", _("Done")


class StepCompletion(PublicIdModel):
    partner_scope = "partner_id"
    State = CompletionState

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="step_completions")
    step = models.ForeignKey(ChecklistStep, on_delete=models.CASCADE, related_name="completions")
    state = models.CharField(_("state"), max_length=20, choices=CompletionState.choices)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "step"], name="one_completion_per_step")]

    def __str__(self) -> str:
        return f"{self.partner}: {self.step}"
