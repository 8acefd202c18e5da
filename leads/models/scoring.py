"""Scoring models learnt from the instance's own closed leads (leads/scoring/). Versioned; one is active; a
newly trained model is activated only when it beats the active one on held-out leads."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference


class ScoringStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")
    REJECTED = "rejected", _("Did not beat the active model")


class ScoringModel(PublicIdModel):
    # Staff only (core.scoping's default).
    Status = ScoringStatus

    version = models.PositiveIntegerField(_("version"), unique=True)
    status = choice_field(_("status"), ScoringStatus, default=ScoringStatus.CANDIDATE, db_index=True)
    trained_by = user_reference(_("trained by"))
    train_rows = models.PositiveIntegerField(_("training leads"), default=0)
    test_rows = models.PositiveIntegerField(_("held-out leads"), default=0)
    auc = models.FloatField(_("AUC"), null=True, blank=True)
    brier = models.FloatField(_("Brier score"), null=True, blank=True)
    # [{"predicted", "observed", "count"}] per probability bin, for the calibration chart
    calibration = models.JSONField(_("calibration"), default=list, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)
    artifact = models.BinaryField(editable=False)  # the trained model and its calibration, serialised
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    # What the model learnt from (closed leads, attribute definitions, training code): the same data trains
    # nothing new.
    data_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    training_seconds = models.FloatField(_("training time (s)"), null=True, blank=True)
    # The model that was active when this one was trained, and its AUC on this one's held-out leads: the
    # comparison that decided activation.
    baseline_version = models.PositiveIntegerField(_("compared with version"), null=True, blank=True)
    baseline_auc = models.FloatField(_("AUC of the compared version"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="scoring_one_active"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Scoring model v%(version)s") % {"version": self.version})
