"""The tier engine's rows: each program's criteria versions and their requirements, the program's tier
policy (grace period), every evaluation and each member's assessment in it, pending downgrade warnings,
overrides by hand, and the custom metrics ops enter.

A member's tier itself lives in `programs.ProgramMembership` and changes only through
`programs.services.membership_set_tier`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC
from core.versions import VersionStatus
from partners.choices import Tier
from tiers.metrics import MAX_WINDOW, Unit

THRESHOLD_DIGITS = 16  # 14 before the point, 2 after
GRACE_CHOICES = (0, 30, 60, 90)
DEFAULT_GRACE_DAYS = 60


class TierPolicy(PublicIdModel):
    """How a program's tiers move: the grace period before a move down (its one row per program)."""

    partner_scope = None  # staff only

    program = models.OneToOneField(
        "programs.PartnerProgram", on_delete=models.CASCADE, related_name="tier_policy"
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=DEFAULT_GRACE_DAYS,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "A partner that no longer meets its tier's criteria is warned and moves down only when it still "
            "does not meet them this many days later; 0 moves it down at once."
        ),
    )
    evaluate_daily = models.BooleanField(
        _("evaluate every night"), default=True, help_text=_("Off: tiers move only when ops evaluate now.")
    )

    class Meta:
        verbose_name = _("tier policy")
        verbose_name_plural = _("tier policies")

    def __str__(self) -> str:
        return str(_("Tier policy of %(program)s") % {"program": self.program})


class CriteriaVersion(PublicIdModel):
    """A version of a program's tier criteria: draft → published → retired. One published and at most one
    draft per program; a published version never changes, a new draft starts as a copy of it."""

    partner_scope = PUBLIC
    partner_filter = Q(status=VersionStatus.PUBLISHED)  # what partners climb towards; drafts stay with ops

    Status = VersionStatus

    program = models.ForeignKey(
        "programs.PartnerProgram",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="tier_criteria",
    )
    version = models.PositiveIntegerField(_("version"))
    status = choice_field(_("status"), VersionStatus, default=VersionStatus.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = user_reference(_("published by"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["program", "-version"]
        verbose_name = _("tier criteria")
        verbose_name_plural = _("tier criteria")
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="tiers_one_number_per_version"),
            models.UniqueConstraint(
                fields=["program"], condition=Q(status="published"), name="tiers_one_published"
            ),
            models.UniqueConstraint(fields=["program"], condition=Q(status="draft"), name="tiers_one_draft"),
        ]

    def __str__(self) -> str:
        return str(_("Tier criteria v%(version)s") % {"version": self.version})

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Requirement(PublicIdModel):
    """One requirement of a tier in a criteria version: the metric (with its parameter and window) must
    reach the threshold. A tier's requirements must all hold."""

    partner_scope = PUBLIC
    partner_filter = Q(criteria__status=VersionStatus.PUBLISHED)

    criteria = models.ForeignKey(
        CriteriaVersion, verbose_name=_("criteria"), on_delete=models.CASCADE, related_name="requirements"
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    metric = models.CharField(_("metric"), max_length=60)
    parameter = models.CharField(_("about"), max_length=80, blank=True)
    threshold = models.DecimalField(_("threshold"), max_digits=THRESHOLD_DIGITS, decimal_places=2)
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"), null=True, blank=True, validators=[MaxValueValidator(MAX_WINDOW)]
    )

    class Meta:
        ordering = ["criteria", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria", "tier", "metric", "parameter"], name="tiers_one_requirement_per_metric"
            )
        ]

    def __str__(self) -> str:
        from tiers.explain import requirement_text

        return requirement_text(self)


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Nightly")
    MANUAL = "manual", _("Evaluate now")


class EvaluationRun(PublicIdModel):
    """One evaluation of a program's members against its published criteria."""

    partner_scope = None

    Trigger = RunTrigger

    program = models.ForeignKey(
        "programs.PartnerProgram", on_delete=models.CASCADE, related_name="tier_evaluations"
    )
    criteria = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="evaluations")
    run_on = models.DateField(_("day"))
    trigger = choice_field(_("started by"), RunTrigger, default=RunTrigger.SCHEDULE)
    started_by = user_reference(_("started by"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    # {decision: count} for the decisions of `Decision`
    counts = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tier evaluation")
        verbose_name_plural = _("tier evaluations")

    def __str__(self) -> str:
        return str(_("Tier evaluation of %(day)s") % {"day": self.run_on.isoformat()})


class Decision(models.TextChoices):
    UP = "up", _("Moved up")
    DOWN = "down", _("Moved down")
    WARNED = "warned", _("Warned: at risk of moving down")
    AT_RISK = "at_risk", _("At risk of moving down")
    LIFTED = "lifted", _("Warning lifted")
    UNCHANGED = "unchanged", _("Unchanged")
    HELD = "held", _("Held by an override")


# The decisions that change something (a tier, a warning): a rerun the same day keeps them on the day's row.
CHANGES = (Decision.UP, Decision.DOWN, Decision.WARNED, Decision.LIFTED)


class TierAssessment(PublicIdModel):
    """A member's assessment on one day: the values of every metric the criteria name, the tier they
    qualify for, and what was decided. One per member and day; a rerun the same day refreshes it (and keeps
    a change the day's first run made)."""

    partner_scope = "partner_id"

    Decision = Decision

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="assessments")
    membership = models.ForeignKey(
        "programs.ProgramMembership", on_delete=models.CASCADE, related_name="tier_assessments"
    )
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="tier_assessments")
    program = models.ForeignKey("programs.PartnerProgram", on_delete=models.CASCADE, related_name="+")
    criteria = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="+")
    evaluated_on = models.DateField(_("day"))
    # {requirement key "<metric>|<parameter>|<window>": "123.45" or None (no data)}
    values = models.JSONField(_("values"), default=dict, blank=True)
    tier_before = models.CharField(_("tier before"), max_length=20, choices=Tier.choices)
    qualified_tier = models.CharField(_("qualifies for"), max_length=20, choices=Tier.choices)
    tier_after = models.CharField(_("tier after"), max_length=20, choices=Tier.choices)
    decision = choice_field(_("decision"), Decision)
    downgrade_on = models.DateField(_("moves down on"), null=True, blank=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = _("tier assessment")
        verbose_name_plural = _("tier assessments")
        constraints = [
            models.UniqueConstraint(fields=["membership", "evaluated_on"], name="tiers_one_assessment_a_day")
        ]
        indexes = [
            models.Index(fields=["partner", "-evaluated_on"], name="tiers_assessment_partner"),
            models.Index(fields=["program", "decision", "-evaluated_on"], name="tiers_assessment_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.evaluated_on.isoformat()}"


class WarningStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    LIFTED = "lifted", _("Lifted")
    APPLIED = "applied", _("Moved down")
    CANCELLED = "cancelled", _("Cancelled")


class DowngradeWarning(PublicIdModel):
    """A member no longer meets its tier's criteria: it moves down to `to_tier` on `downgrade_on` unless it
    qualifies again before. At most one pending per membership."""

    partner_scope = "partner_id"

    Status = WarningStatus

    membership = models.ForeignKey(
        "programs.ProgramMembership", on_delete=models.CASCADE, related_name="downgrade_warnings"
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="downgrade_warnings"
    )
    program = models.ForeignKey("programs.PartnerProgram", on_delete=models.CASCADE, related_name="+")
    from_tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    to_tier = models.CharField(_("moves down to"), max_length=20, choices=Tier.choices)
    warned_on = models.DateField(_("warned"))
    downgrade_on = models.DateField(_("moves down on"))
    status = choice_field(_("status"), WarningStatus, default=WarningStatus.PENDING, db_index=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["downgrade_on", "id"]
        verbose_name = _("downgrade warning")
        verbose_name_plural = _("downgrade warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(status="pending"), name="tiers_one_pending_warning"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(partner)s: %(from)s → %(to)s on %(day)s")
            % {
                "partner": self.partner,
                "from": self.get_from_tier_display(),
                "to": self.get_to_tier_display(),
                "day": self.downgrade_on.isoformat(),
            }
        )


class TierOverride(PublicIdModel):
    """A tier set by hand: the engine keeps the member at `tier` until `ends_on` (inclusive), then evaluates
    it again as usual. At most one in force per membership; a new one replaces it."""

    partner_scope = None  # the vendor's decision; the partner sees its tier and its history

    membership = models.ForeignKey(
        "programs.ProgramMembership", on_delete=models.CASCADE, related_name="tier_overrides"
    )
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("programs.PartnerProgram", on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    ends_on = models.DateField(_("holds until"))
    reason = models.TextField(_("reason"))
    created_by = user_reference(_("set by"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tier override")
        verbose_name_plural = _("tier overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(ended_at__isnull=True), name="tiers_one_override_in_force"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(tier)s until %(day)s") % {"tier": self.get_tier_display(), "day": self.ends_on.isoformat()}
        )


# --- custom metrics ----------------------------------------------------------------------------------------


class Aggregation(models.TextChoices):
    LATEST = "latest", _("The latest value in the window")
    SUM = "sum", _("The sum of the values in the window")


class CustomMetric(PublicIdModel):
    """A metric ops enter per partner and period (customer references, joint events …)."""

    partner_scope = PUBLIC
    partner_filter = Q(is_active=True)

    Unit = Unit
    Aggregation = Aggregation

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    unit = choice_field(_("unit"), Unit, default=Unit.COUNT)
    aggregation = choice_field(_("counts"), Aggregation, default=Aggregation.LATEST)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("custom metric")
        verbose_name_plural = _("custom metrics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class CustomMetricValue(PublicIdModel):
    """A custom metric's value for one partner and period (entered by ops, or imported)."""

    partner_scope = "partner_id"

    metric = models.ForeignKey(CustomMetric, on_delete=models.CASCADE, related_name="entries")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), max_digits=THRESHOLD_DIGITS, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "metric", "partner"]
        verbose_name = _("custom metric value")
        verbose_name_plural = _("custom metric values")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "partner", "period_start"], name="tiers_one_value_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="tiers_period_in_order"
            ),
        ]
        indexes = [models.Index(fields=["metric", "period_end"], name="tiers_value_metric_end")]

    def __str__(self) -> str:
        return f"{self.metric} · {self.partner} · {self.period_start.isoformat()}"
