"""The vendor's rules of engagement: versioned rule sets deciding whether a partner's registration belongs
to the channel, to direct sales, or needs review, and how long an approved registration is protected.

Each partner program has its own rules (`RuleSet.program`), versioned per program: one published set and at
most one draft per program. Partners may read the published sets only (`partner_filter`); drafts and retired
versions are the vendor's. A published set never changes: edits go into a new draft copied from it. A partner
accepts the version in force for it (`RuleSetAcceptance`) before it may submit a registration."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import ChannelEligibility
from core.models import PublicIdModel
from core.money import AMOUNT_DIGITS, Currency
from core.scoping import PUBLIC
from core.versions import VersionedRule, VersionedRuleSet, VersionStatus, version_constraints

MIN_DAYS, MAX_DAYS = 1, 365

RuleSetStatus = VersionStatus  # draft → published → retired, shared with every versioned rule set


class TieBreaker(models.TextChoices):
    FIRST_REGISTERED = "first_registered", _("First to submit wins")
    HIGHER_TIER = "higher_tier", _("Higher tier wins, then first to submit")
    CAM_DECIDES = "cam_decides", _("The channel account manager decides")


class Outcome(models.TextChoices):
    CHANNEL = "channel", _("Channel")
    DIRECT = "direct", _("Direct sales")
    REVIEW = "review", _("Review by the channel team")


class ProductCondition(models.TextChoices):
    ANY = "any", _("Any products")
    CHANNEL_ONLY = ChannelEligibility.CHANNEL_ONLY.value, _("Contains a channel-only product")
    DIRECT_ONLY = ChannelEligibility.DIRECT_ONLY.value, _("Contains a direct-only product")


def default_program_id() -> int | None:
    """A rule set written without naming its program is the default program's."""
    from programs.models import PartnerProgram

    return PartnerProgram.objects.filter(is_default=True).values_list("pk", flat=True).first()


class RuleSet(VersionedRuleSet):
    partner_scope = PUBLIC
    partner_filter = Q(status=RuleSetStatus.PUBLISHED)  # drafts and retired versions stay with the vendor

    Status = RuleSetStatus
    TieBreaker = TieBreaker

    program = models.ForeignKey(
        "programs.PartnerProgram",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="engagement_rulesets",
        default=default_program_id,
    )
    version = models.PositiveIntegerField(_("version"))  # numbered per program (`engagement_one_number`)

    default_protection_days = models.PositiveSmallIntegerField(_("protection (days)"), default=90)
    tier_protection_days = models.JSONField(
        _("protection per tier (days)"), default=dict, blank=True, help_text=_("Tier → days.")
    )
    tie_breaker = models.CharField(
        _("tie-breaker"), max_length=20, choices=TieBreaker.choices, default=TieBreaker.FIRST_REGISTERED
    )
    named_accounts_direct = models.BooleanField(
        _("named accounts go to direct sales"),
        default=True,
        help_text=_("A customer that is a named account of direct sales is never the channel's."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Competing products (competition app): a partner's admin must have confirmed the company's list before
    # a registration is submitted; a deal for products that a line the partner declares competes with is
    # protected for at most `competitive_protection_days` (0: not protected; None: like any other deal).
    disclosure_required = models.BooleanField(
        _("competing products must be declared before registering"), default=False
    )
    competitive_protection_days = models.PositiveSmallIntegerField(
        _("protection of competitive deals (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: like any other deal. 0: not protected."),
    )

    class Meta(VersionedRuleSet.Meta):
        verbose_name = _("rules of engagement")
        verbose_name_plural = _("rules of engagement")
        constraints = version_constraints("engagement", group="program")

    def __str__(self) -> str:
        return str(_("Rules of engagement v%(version)s") % {"version": self.version})

    def protection_for(self, tier: str) -> int:
        days = (self.tier_protection_days or {}).get(tier)
        return int(days) if days else self.default_protection_days


class Rule(VersionedRule):
    """One row of a rule set. Every condition is optional; a rule matches when all its conditions hold."""

    partner_scope = PUBLIC
    partner_filter = Q(ruleset__status=RuleSetStatus.PUBLISHED)

    Outcome = Outcome

    ruleset = models.ForeignKey(
        RuleSet, verbose_name=_("rules"), on_delete=models.CASCADE, related_name="rules"
    )
    position = models.PositiveIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=120, blank=True)
    product_eligibility = models.CharField(
        _("products"), max_length=20, choices=ProductCondition.choices, default=ProductCondition.ANY
    )
    segments = models.JSONField(_("segments"), default=list, blank=True)
    min_employees = models.PositiveIntegerField(_("employees from"), null=True, blank=True)
    max_employees = models.PositiveIntegerField(_("employees up to"), null=True, blank=True)
    min_revenue = models.DecimalField(
        _("annual revenue from (USD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_revenue = models.DecimalField(
        _("annual revenue up to (USD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    countries = models.JSONField(_("countries"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    min_amount = models.DecimalField(
        _("deal amount from"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("deal amount up to"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.REVIEW)
    protection_days = models.PositiveSmallIntegerField(_("protection (days)"), null=True, blank=True)

    class Meta(VersionedRule.Meta):
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return self.label or str(_("Rule %(position)s") % {"position": self.position})

    @property
    def has_amount(self) -> bool:
        return self.min_amount is not None or self.max_amount is not None


class RuleSetAcceptance(PublicIdModel):
    """A partner accepted a published version of its program's rules of engagement: who, when, from where.
    A registration is submitted only by a partner that accepted the version in force for it."""

    partner_scope = "partner_id"

    ruleset = models.ForeignKey(
        RuleSet, verbose_name=_("rules of engagement"), on_delete=models.PROTECT, related_name="acceptances"
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="engagement_acceptances"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("acceptance of the rules of engagement")
        verbose_name_plural = _("acceptances of the rules of engagement")
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "partner"], name="engagement_accept_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner} accepted {self.ruleset}"
