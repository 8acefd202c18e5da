"""Partner health: the settings ops keep (weights, targets, the at-risk threshold), one `HealthScore` per
partner and day with every signal's raw value, score and contribution, and the `RiskReview` a partner's CAM
works when the partner falls below the threshold (open → plan recorded → recovered or offboarded).

A partner reads its own scores (`partner_scope`); the settings and the reviews are the vendor's."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference


class Signal(models.TextChoices):
    """The signals a health score is made of, in the order they are shown."""

    LOGINS = "logins", _("Logins")
    DOWNLOADS = "downloads", _("Content downloads")
    LEARNING = "learning", _("Course progress")
    LEAD_ACCEPTANCE = "lead_acceptance", _("Leads accepted")
    LEAD_SPEED = "lead_speed", _("Time to accept leads")
    REGISTRATIONS = "registrations", _("Deal registrations")
    REVENUE_TREND = "revenue_trend", _("Revenue against last year")
    ONBOARDING = "onboarding", _("Onboarding on time")


def weight_field(verbose_name: Any, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MaxValueValidator(100)]
    )


class HealthSettings(PublicIdModel):
    """How health is scored: one row (`health.selectors.health_settings`), changed by channel operations;
    every change is an event. Each evaluation copies the weights and the threshold it used into its scores,
    so a score explains itself after the settings move."""

    threshold = models.PositiveSmallIntegerField(
        _("at-risk threshold"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("An active partner scoring below this is flagged at risk."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("The signals count what happened in this many days before the evaluation."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=90,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "A partner activated, or back from a risk review, less than this many days ago is not flagged."
        ),
    )
    onboarding_days = models.PositiveSmallIntegerField(
        _("onboarding time (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long onboarding may take; the onboarding signal falls to 0 at twice as long."),
    )
    downloads_target = models.PositiveSmallIntegerField(
        _("downloads for full marks"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    learning_target = models.PositiveSmallIntegerField(
        _("courses completed for full marks"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    registrations_target = models.PositiveSmallIntegerField(
        _("registrations for full marks"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    lead_hours_limit = models.PositiveSmallIntegerField(
        _("hours to accept a lead that score 0"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("An average acceptance in no time scores 100, at this many hours 0."),
    )
    weight_logins = weight_field(_("weight of logins"), 15)
    weight_downloads = weight_field(_("weight of content downloads"), 10)
    weight_learning = weight_field(_("weight of course progress"), 10)
    weight_lead_acceptance = weight_field(_("weight of leads accepted"), 10)
    weight_lead_speed = weight_field(_("weight of time to accept leads"), 5)
    weight_registrations = weight_field(_("weight of deal registrations"), 20)
    weight_revenue_trend = weight_field(_("weight of revenue against last year"), 25)
    weight_onboarding = weight_field(_("weight of onboarding on time"), 5)

    class Meta:
        verbose_name = _("health settings")
        verbose_name_plural = _("health settings")

    def __str__(self) -> str:
        return str(_("Health settings"))

    def weight(self, signal: str) -> int:
        return int(getattr(self, f"weight_{signal}"))

    @property
    def weights(self) -> dict[str, int]:
        return {signal: self.weight(signal) for signal in Signal.values}


class HealthScore(PublicIdModel):
    """One evaluation of one partner on one day (a second evaluation that day replaces it).

    `signals` keeps each signal as it was scored: [{"key", "applicable", "raw", "score", "weight",
    "contribution", "detail"}] — `score` 0–100 (None when the signal does not apply to the partner: no team,
    no leads offered, nothing sold in either year), `contribution` the points it adds to the total (the
    contributions sum to `score`), `detail` the counts behind the raw value."""

    partner_scope = "partner_id"

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="health_scores"
    )
    day = models.DateField(_("day"))
    score = models.PositiveSmallIntegerField(_("health score"))
    threshold = models.PositiveSmallIntegerField(_("at-risk threshold"))
    below = models.BooleanField(_("below the threshold"), default=False)
    weakest = models.CharField(_("weakest signal"), max_length=20, choices=Signal.choices, blank=True)
    partner_status = models.CharField(_("partner status"), max_length=20, blank=True)
    signals = models.JSONField(_("signals"), default=list)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("health score")
        verbose_name_plural = _("health scores")
        constraints = [models.UniqueConstraint(fields=["partner", "day"], name="health_one_score_per_day")]
        indexes = [models.Index(fields=["day", "below"], name="health_score_day_below")]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.day}: {self.score}"

    def signal_rows(self) -> list[dict[str, Any]]:
        """The signals with their labels, weakest contribution first among those that apply."""
        labels = dict(Signal.choices)
        return [dict(row, label=labels.get(row["key"], row["key"])) for row in self.signals]


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a plan")
    PLANNED = "planned", _("Plan recorded")
    RECOVERED = "recovered", _("Recovered")
    OFFBOARDED = "offboarded", _("Offboarded")


LIVE_REVIEW = (ReviewStatus.OPEN, ReviewStatus.PLANNED)


class RiskReview(PublicIdModel):
    """The CAM's task for a partner flagged at risk (by the evaluation or by hand): the reasons (the weakest
    signals when the health score flagged it, else the note of whoever flagged it), the recovery plan
    (actions, due date, note), and how it ended. One live review per partner. Staff only."""

    Status = ReviewStatus

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="risk_reviews"
    )
    status = choice_field(_("status"), ReviewStatus, default=ReviewStatus.OPEN, db_index=True)
    cam = user_reference(_("channel account manager"), related_name="risk_reviews")
    opened_by = user_reference(_("flagged by"))
    health = models.ForeignKey(
        HealthScore,
        verbose_name=_("health score"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("health score when flagged"), null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(_("threshold when flagged"), null=True, blank=True)
    # [{"key", "score"}]: the weakest signals when flagged, rendered in the reader's language.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    weakest = models.CharField(_("weakest signal"), max_length=20, choices=Signal.choices, blank=True)
    note = models.TextField(_("why flagged"), blank=True)
    plan_actions = models.TextField(_("recovery actions"), blank=True)
    plan_due = models.DateField(_("plan due"), null=True, blank=True)
    plan_note = models.TextField(_("plan note"), blank=True)
    planned_by = user_reference(_("plan recorded by"))
    planned_at = models.DateTimeField(_("plan recorded"), null=True, blank=True)
    closed_by = user_reference(_("closed by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    # The day of the evaluation that found the partner back above the threshold, once the CAM was told.
    recovered_on = models.DateField(_("score recovered on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(status__in=LIVE_REVIEW), name="health_one_live_review"
            )
        ]

    def __str__(self) -> str:
        return self.partner.name

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_REVIEW

    @property
    def badge_class(self) -> str:
        return {
            ReviewStatus.OPEN: "status-at_risk",
            ReviewStatus.PLANNED: "state-submitted",
            ReviewStatus.RECOVERED: "status-active",
            ReviewStatus.OFFBOARDED: "status-offboarded",
        }.get(self.status, "")
