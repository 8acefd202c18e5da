from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import TitleAndBody, localized
from core.models import PublicIdModel
from core.scoping import PUBLIC
from partners.choices import Tier


class ProgramCharter(TitleAndBody, PublicIdModel):
    """The program charter shown on the public "Become a partner" page. One row."""

    partner_scope = PUBLIC

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    body_en = models.TextField(_("charter (English)"))
    body_ru = models.TextField(_("charter (Russian)"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return self.title_en


class AgreementKind(models.TextChoices):
    PARTNER_AGREEMENT = "partner_agreement", _("Partner agreement")
    # The text partners accepted before the rules of engagement were versioned per program (engagement's
    # `RuleSetAcceptance` now): its versions and acceptances stay as they were, none is published any more.
    RULES_OF_ENGAGEMENT = "rules_of_engagement", _("Rules of engagement (former text)")


# The documents still published and accepted here.
PUBLISHED_KINDS = (AgreementKind.PARTNER_AGREEMENT,)


class AgreementVersion(TitleAndBody, PublicIdModel):
    """A published version of the partner agreement or the rules of engagement.

    Never edited once published."""

    partner_scope = PUBLIC
    Kind = AgreementKind

    kind = models.CharField(_("document"), max_length=32, choices=AgreementKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    changes_en = models.TextField(_("what changed (English)"), blank=True)
    changes_ru = models.TextField(_("what changed (Russian)"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published agreement version never changes; publish a new version instead.")
        super().save(*args, **kwargs)

    @property
    def changes(self) -> str:
        return localized(self, "changes")


class AgreementAcceptance(PublicIdModel):
    """Who accepted which version for which partner, and when."""

    partner_scope = "partner_id"

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="acceptances")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="acceptances")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "partner"], name="accept_version_once")]

    def __str__(self) -> str:
        return f"{self.partner} accepted {self.version}"


# --- programs, their tiers and who belongs to them ----------------------------------------------------------


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


# The tier ladder every program climbs, lowest first: the rank decides which of two tiers is higher.
TIER_RANK = {tier: rank for rank, tier in enumerate(Tier.values)}


def _member_of(actor: Any) -> Q:
    """A partner user reads the programs its company belongs to now."""
    return Q(memberships__partner_id__in=actor.visible_partner_ids, memberships__ended_at__isnull=True)


def _tier_of_member(actor: Any) -> Q:
    return Q(
        program__memberships__partner_id__in=actor.visible_partner_ids,
        program__memberships__ended_at__isnull=True,
    )


class PartnerProgram(PublicIdModel):
    """A partner program (resellers, referral partners, service partners …): the partner types it is for,
    its tiers and their benefits. A partner belongs to one or more (`ProgramMembership`); the default program
    takes every new partner."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(_member_of)  # outside the vendor: the programs one belongs to

    Status = ProgramStatus

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    partner_types = models.JSONField(
        _("partner types"), default=list, blank=True, help_text=_("Empty: every partner type.")
    )
    is_default = models.BooleanField(
        _("default program"), default=False, help_text=_("New partners join it by themselves.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default="active")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("partner program")
        verbose_name_plural = _("partner programs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_program"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def admits(self, partner_type: str) -> bool:
        return not self.partner_types or partner_type in self.partner_types


class ProgramTier(PublicIdModel):
    """One tier of a program and the benefits that come with it. The apps that own a benefit apply it by
    themselves (`programs.selectors.tier_benefits`): the catalogue's prices, MDF accruals, lead routing, deal
    protection; support SLA is kept for the support desk."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(_tier_of_member)

    program = models.ForeignKey(PartnerProgram, on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    name_en = models.CharField(
        _("name (English)"), max_length=60, blank=True, help_text=_("Empty: the tier's.")
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=60, blank=True)
    catalog_discount = models.DecimalField(
        _("discount on list prices (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    mdf_rate = models.DecimalField(
        _("MDF accrual (percent of won revenue)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    routing_priority = models.PositiveSmallIntegerField(
        _("lead routing priority"),
        default=0,
        help_text=_(
            "Higher is offered leads first among the partners a routing rule finds eligible with room; "
            "performance ranks those of the same priority."
        ),
    )
    protection_days = models.PositiveSmallIntegerField(
        _("deal protection (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: as the rules of engagement say."),
    )
    support_sla_hours = models.PositiveSmallIntegerField(_("support response (hours)"), null=True, blank=True)
    benefits_en = models.TextField(_("other benefits (English)"), blank=True)
    benefits_ru = models.TextField(_("other benefits (Russian)"), blank=True)

    class Meta:
        ordering = ["program", "tier"]
        verbose_name = _("program tier")
        verbose_name_plural = _("program tiers")
        constraints = [models.UniqueConstraint(fields=["program", "tier"], name="one_row_per_program_tier")]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name") or str(Tier(self.tier).label)

    @property
    def rank(self) -> int:
        return TIER_RANK[self.tier]

    @property
    def benefits(self) -> str:
        return localized(self, "benefits")


class ProgramMembership(PublicIdModel):
    """A partner in a program, at a tier. `Partner.tier` mirrors the highest tier of its current memberships
    (`programs.services.membership_set_tier` keeps it so), which is what the apps that only know one tier
    read."""

    partner_scope = "partner_id"

    program = models.ForeignKey(PartnerProgram, on_delete=models.PROTECT, related_name="memberships")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="program_memberships"
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.REGISTERED)
    tier_since = models.DateTimeField(_("tier since"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["program__position", "program__code"]
        verbose_name = _("program membership")
        verbose_name_plural = _("program memberships")
        constraints = [
            models.UniqueConstraint(fields=["program", "partner"], name="one_membership_per_program")
        ]
        indexes = [models.Index(fields=["partner", "ended_at"], name="membership_partner_current")]

    def __str__(self) -> str:
        return f"{self.partner} · {self.program}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None

    @property
    def rank(self) -> int:
        return TIER_RANK[self.tier]
