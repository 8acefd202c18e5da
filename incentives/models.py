"""Incentive programs — commissions, rebates and SPIFFs — and what partners earn from them.

An `IncentiveProgram` (its `Audience`: who takes part) has ordered `IncentiveRule`s (what a won product line
earns: a percentage of the amount won, a fixed amount per deal or per unit, narrowed by product, family,
partner type, tier, deal type and dates; the first rule that fits a line decides), optional `VolumeTier`s
(marginal rates by the period's volume), an accelerator over the partner's `Target` and a cap per period.

Earnings accrue in runs (`incentives.accrual`): each program's won registrations closed since its watermark
(`accrued_until`) are summed per payee, currency and period in one query and booked as one ledger transaction
per group (`Accrual`). `EarningException` rows exist only where a registration needs one: a clawback (reopened
or refunded within the clawback window), an earning kept (reopened outside it: it never earns twice), or a
refund waiting for its earning to be accrued. Partners dispute an earning or a missing one (`Dispute`).

A program whose rules earned something never changes: editing it then means a new version, which takes over
from its start date (the previous version ends the day before; `incentives.services.program_new_version`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import localized
from core.models import PublicIdModel, choice_field, user_reference
from core.money import AMOUNT_DIGITS, Currency
from core.scoping import PUBLIC, ScopedManager
from ledger.models import LEDGER_DIGITS, FundPeriod, RepMoneyVisibility
from partners.audience import NOBODY, Audience, audience_q

RATE_DIGITS = 7  # a percentage with three decimals: 100.000
MAX_CLAWBACK_DAYS = 3650


class ProgramKind(models.TextChoices):
    COMMISSION = "commission", _("Commission")
    REBATE = "rebate", _("Rebate")
    SPIFF = "spiff", _("SPIFF")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("incentive program", "Active")
    ENDED = "ended", pgettext_lazy("incentive program", "Ended")


STATUS_BADGES = {ProgramStatus.ACTIVE: "status-approved", ProgramStatus.ENDED: "status-rejected"}
LIVE = (ProgramStatus.ACTIVE, ProgramStatus.ENDED)


class DealType(models.TextChoices):
    SOURCED = "sourced", _("Sourced")
    INFLUENCED = "influenced", _("Influenced")
    REFERRAL = "referral", _("Referral")


class RuleBasis(models.TextChoices):
    PERCENT = "percent", _("Percentage of the amount won")
    FIXED_DEAL = "fixed_deal", _("Fixed amount per deal")
    FIXED_UNIT = "fixed_unit", _("Fixed amount per unit")


def _live_programs_for(actor: Any) -> Q:
    """Outside the vendor: programs that run or ran, for the partner the reader acts for."""
    if not actor.is_partner:
        return NOBODY
    return Q(status__in=LIVE) & audience_q(actor.partner)


def _live_program_parts_for(actor: Any) -> Q:
    if not actor.is_partner:
        return NOBODY
    return Q(program__status__in=LIVE) & audience_q(actor.partner, "program__")


def rep_money_filter(actor: Any, person: str = "person") -> Q | None:
    """What a partner's sales rep reads of the money (`ledger.selectors.money_settings`): their own SPIFFs,
    everything the company earns, or nothing. None: no narrowing (a partner admin)."""
    if actor.partner_role != "rep":
        return None
    from ledger.selectors import money_settings

    visibility = money_settings().rep_money_visibility
    if visibility == RepMoneyVisibility.NONE:
        return NOBODY
    if visibility == RepMoneyVisibility.OWN:
        return Q(**{person: actor.user})
    return None


class IncentiveProgram(Audience, PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(_live_programs_for)

    Kind = ProgramKind
    Status = ProgramStatus

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("text for partners (English)"), max_length=5000, blank=True)
    description_ru = models.TextField(_("text for partners (Russian)"), max_length=5000, blank=True)
    kind = choice_field(_("kind"), ProgramKind, default=ProgramKind.COMMISSION)
    status = choice_field(
        _("status"), ProgramStatus, default=ProgramStatus.DRAFT, db_index=True, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
        editable=False,
    )
    currency = models.CharField(
        _("program currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.USD,
        help_text=_("Fixed amounts, volume tiers, targets and the cap are in this currency."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    period = choice_field(
        _("period"),
        FundPeriod,
        default=FundPeriod.QUARTER,
        help_text=_("Volume tiers, targets and the cap count per fiscal quarter or year."),
    )
    clawback_days = models.PositiveSmallIntegerField(
        _("clawback window (days)"),
        default=90,
        validators=[MaxValueValidator(MAX_CLAWBACK_DAYS)],
        help_text=_(
            "A won deal reopened or refunded within this many days of its close gives back what it earned."
        ),
    )
    cap = models.DecimalField(
        _("cap per period"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The most one payee earns in a period, in the program currency; empty: no cap."),
    )
    accelerator = models.DecimalField(
        _("accelerator over target"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Earnings on the volume above the partner's target are multiplied by this (1.5 = +50%)."),
    )
    accrued_until = models.DateTimeField(_("accrued until"), null=True, blank=True, editable=False)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["name_en", "-version", "id"]
        verbose_name = _("incentive program")
        verbose_name_plural = _("incentive programs")

    def __str__(self) -> str:
        return self.name if self.version == 1 else f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "")

    @property
    def is_spiff(self) -> bool:
        return self.kind == ProgramKind.SPIFF


class IncentiveRule(PublicIdModel):
    """What a won product line earns. Conditions left empty match everything; the first rule (by
    `position`) whose conditions fit a line decides what it earns."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(_live_program_parts_for)

    Basis = RuleBasis

    program = models.ForeignKey(IncentiveProgram, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("position"), editable=False)
    basis = choice_field(_("earns"), RuleBasis, default=RuleBasis.PERCENT)
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=RATE_DIGITS,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For a percentage; empty: the rate of the program's volume tiers."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For a fixed amount, in the program currency."),
    )
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="+"
    )
    families = models.ManyToManyField(
        "catalog.ProductFamily", verbose_name=_("product families"), blank=True, related_name="+"
    )
    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    deal_types = models.JSONField(_("deal types"), default=list, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["program", "position"]
        verbose_name = _("incentive rule")
        verbose_name_plural = _("incentive rules")
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="incentives_rule_position")
        ]

    def __str__(self) -> str:
        return f"{self.program} #{self.position}"

    @property
    def by_tier(self) -> bool:
        """A percentage earning the rate of the program's volume tiers."""
        return self.basis == RuleBasis.PERCENT and self.rate is None


class VolumeTier(models.Model):
    """From `from_amount` of a payee's volume in the period (program currency) on, the lines of the rules
    that earn by tier earn `rate` %: each part of the volume earns its own tier's rate (marginal tiers)."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(_live_program_parts_for)

    program = models.ForeignKey(IncentiveProgram, on_delete=models.CASCADE, related_name="volume_tiers")
    from_amount = models.DecimalField(
        _("from volume"), max_digits=AMOUNT_DIGITS, decimal_places=2, validators=[MinValueValidator(0)]
    )
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=RATE_DIGITS,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = ScopedManager()

    class Meta:
        ordering = ["program", "from_amount"]
        verbose_name = _("volume tier")
        verbose_name_plural = _("volume tiers")
        constraints = [
            models.UniqueConstraint(fields=["program", "from_amount"], name="incentives_tier_once")
        ]

    def __str__(self) -> str:
        return f"{self.from_amount}: {self.rate}%"


class Target(PublicIdModel):
    """A partner's volume target for a period of a program (program currency): above it, the accelerator."""

    partner_scope = "partner_id"

    program = models.ForeignKey(IncentiveProgram, on_delete=models.CASCADE, related_name="targets")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="incentive_targets"
    )
    period = models.CharField(_("period"), max_length=12, help_text=_("FY2026-Q3, or FY2026 for a year."))
    amount = models.DecimalField(
        _("target volume"), max_digits=AMOUNT_DIGITS, decimal_places=2, validators=[MinValueValidator(0)]
    )
    set_by = user_reference(_("set by"))

    class Meta:
        ordering = ["program", "period", "partner"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["program", "partner", "period"], name="incentives_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.period}: {self.amount} {self.program.currency}"


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    MANUAL = "manual", _("Run now")


class AccrualRun(PublicIdModel):
    """One accrual run over every live program (the periodic job, or ops' "Run now")."""

    partner_scope = None  # staff only

    trigger = choice_field(_("trigger"), RunTrigger, default=RunTrigger.SCHEDULE)
    cutoff = models.DateTimeField(_("accrued up to"))
    started_by = user_reference(_("started by"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    programs = models.PositiveIntegerField(_("programs"), default=0)
    groups = models.PositiveIntegerField(_("earning groups"), default=0)
    booked = models.PositiveIntegerField(_("transactions booked"), default=0)
    # [{"program": name, "message": …}]: a program that could not accrue (a missing exchange rate) keeps its
    # watermark and is tried again next time.
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accrual run")
        verbose_name_plural = _("accrual runs")

    def __str__(self) -> str:
        return f"{self.cutoff:%Y-%m-%d %H:%M}"


def _money_filter(actor: Any) -> Q | None:
    return rep_money_filter(actor)


class Accrual(PublicIdModel):
    """One program's earnings for one payee (partner, and the person for a SPIFF), currency and period in
    one run: what was booked, and what the per-registration detail is recomputed from
    (`incentives.detail`)."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_money_filter)

    program = models.ForeignKey(IncentiveProgram, on_delete=models.PROTECT, related_name="accruals")
    run = models.ForeignKey(AccrualRun, on_delete=models.PROTECT, related_name="accruals")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="incentive_accruals"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    period = models.CharField(_("period"), max_length=12)
    # Registrations closed in [window_start, window_end) were accrued by this run.
    window_start = models.DateTimeField(_("closed from"))
    window_end = models.DateTimeField(_("closed before"))
    basis = models.DecimalField(_("basis"), max_digits=LEDGER_DIGITS, decimal_places=2)  # counted amount won
    base = models.DecimalField(_("earned by the rules"), max_digits=LEDGER_DIGITS, decimal_places=6)
    amount = models.DecimalField(_("amount"), max_digits=LEDGER_DIGITS, decimal_places=2)
    # In the program currency: the volume counted (every line a rule counts) and the part earning by tier.
    volume = models.DecimalField(_("volume"), max_digits=LEDGER_DIGITS, decimal_places=2)
    tier_volume = models.DecimalField(_("volume earning by tier"), max_digits=LEDGER_DIGITS, decimal_places=2)
    amount_program = models.DecimalField(
        _("amount in the program currency"), max_digits=LEDGER_DIGITS, decimal_places=2, null=True, blank=True
    )
    rate_to_program = models.DecimalField(max_digits=24, decimal_places=10, null=True, blank=True)
    tier_rate = models.DecimalField(max_digits=16, decimal_places=12, default=0)
    # The payee's type and tier the rules were read with.
    partner_type = models.CharField(max_length=20, blank=True)
    partner_tier = models.CharField(max_length=20, blank=True)
    partner_region = models.CharField(max_length=32, blank=True)
    # When its ledger transaction was booked (none when the cap left nothing to pay). The transaction names
    # the accrual: source "incentives.accrual", source_id = its public id.
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)

    class Meta:
        ordering = ["-window_end", "-id"]
        verbose_name = _("accrual")
        verbose_name_plural = _("accruals")
        indexes = [
            models.Index(fields=["program", "partner", "period"], name="incentives_accrual_period"),
            models.Index(fields=["program", "window_end"], name="incentives_accrual_window"),
            models.Index(fields=["partner", "booked_at"], name="incentives_accrual_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.period} · {self.amount} {self.currency}"


class ExceptionKind(models.TextChoices):
    CLAWBACK = "clawback", _("Clawed back")
    KEPT = "kept", _("Kept: reopened outside the clawback window")
    PENDING = "pending", _("Refund waiting for the earning to accrue")


class ExceptionTrigger(models.TextChoices):
    REOPENED = "reopened", _("Deal reopened")
    REFUNDED = "refunded", _("Refund")


class EarningException(PublicIdModel):
    """A registration's exception to its program's watermark: only where one is needed."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_money_filter)

    Kind = ExceptionKind
    Trigger = ExceptionTrigger

    program = models.ForeignKey(IncentiveProgram, on_delete=models.PROTECT, related_name="exceptions")
    accrual = models.ForeignKey(
        Accrual, null=True, blank=True, on_delete=models.PROTECT, related_name="exceptions"
    )
    registration = models.ForeignKey(
        "deals.DealRegistration", on_delete=models.PROTECT, related_name="earning_exceptions"
    )
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = choice_field(_("kind"), ExceptionKind)
    trigger = choice_field(_("because"), ExceptionTrigger)
    closed_at = models.DateTimeField(_("closed"))  # the close that earned
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    basis = models.DecimalField(_("basis"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0)
    base = models.DecimalField(
        _("earned by the rules"), max_digits=LEDGER_DIGITS, decimal_places=6, default=0
    )
    earned = models.DecimalField(_("earned"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0)
    refund = models.DecimalField(
        _("refund"), max_digits=LEDGER_DIGITS, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("clawed back"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0)
    reason = models.TextField(_("reason"), blank=True)
    transaction = models.OneToOneField(
        "ledger.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("earning exception")
        verbose_name_plural = _("earning exceptions")
        indexes = [models.Index(fields=["program", "registration"], name="incentives_exception_reg")]

    def __str__(self) -> str:
        return f"{self.registration} · {self.get_kind_display()}"


class DisputeKind(models.TextChoices):
    WRONG_AMOUNT = "wrong_amount", _("An earning is wrong")
    MISSING = "missing", _("A registration earned nothing")


class DisputeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("dispute", "Open")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the channel chief")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", pgettext_lazy("dispute", "Rejected")


DISPUTE_BADGES = {
    DisputeStatus.OPEN: "status-submitted",
    DisputeStatus.AWAITING_APPROVAL: "status-at_risk",
    DisputeStatus.UPHELD: "status-approved",
    DisputeStatus.REJECTED: "status-rejected",
}


def _disputes_for(actor: Any) -> Q:
    """A partner's admin reads the company's disputes; its reps none (they cannot raise one)."""
    return Q() if actor.partner_role == "admin" else NOBODY


class Dispute(PublicIdModel):
    """A partner admin's dispute of an earning (or of a registration that earned nothing), decided by ops with
    a note: upheld with an adjustment booked (the channel chief approves one above the threshold), or
    rejected (nothing booked)."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_disputes_for)

    Kind = DisputeKind
    Status = DisputeStatus

    event_fields = {
        "adjustment": (_("adjustment"), None),
        "note": (_("note"), None),
    }

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="incentive_disputes"
    )
    raised_by = user_reference(_("raised by"))
    kind = choice_field(_("kind"), DisputeKind, default=DisputeKind.WRONG_AMOUNT)
    registration = models.ForeignKey(
        "deals.DealRegistration", verbose_name=_("registration"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        IncentiveProgram,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    reason = models.TextField(_("reason"), max_length=5000)
    status = choice_field(
        _("status"), DisputeStatus, max_length=24, default=DisputeStatus.OPEN, db_index=True, editable=False
    )
    decided_by = user_reference(_("decided by"), editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    adjustment_amount = models.DecimalField(
        _("adjustment"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True, editable=False
    )
    adjustment_currency = models.CharField(
        _("adjustment currency"), max_length=3, choices=Currency.choices, blank=True, editable=False
    )
    approved_by = user_reference(_("approved by"), editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    transaction = models.OneToOneField(
        "ledger.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def badge_class(self) -> str:
        return DISPUTE_BADGES.get(self.status, "")
