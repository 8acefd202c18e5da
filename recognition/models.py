"""Recognition: leaderboards, badges and awards, and the tier-up announcement drafts.

- `LeaderboardSetting`: what partner users see of other partners on a leaderboard (names and figures, a rank
  and a masked name, or only their own position and the top N anonymised): one row for every program (no
  program) and, optionally, one per program. Staff only; the leaderboards themselves are computed
  (`recognition.boards`), never stored.
- `Award`: an award or badge the channel team defines ("Partner of the quarter"), granted by hand or by a
  rule (`AwardRule`: the top of a leaderboard at quarter end, a first won deal, N certified people).
- `AwardGrant`: an award given to a partner for a period, with its citation in both languages. A partner
  reads its own live grants; a revoked grant stays (who revoked it, when and why) for the vendor.
- `TierUpDraft`: the announcement draft a partner's rise to a higher tier produced, once per tier change
  event (`reactions.py`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import STAFF_ONLY
from partners.choices import Tier


class Anonymity(models.TextChoices):
    NAMES = "names", _("Names and figures of every partner")
    MASKED = "masked", _("Rank and a masked name of the others, without their figures")
    OWN_AND_TOP = "own_and_top", _("Only the partner's own position and the top ones, anonymised")


class Metric(models.TextChoices):
    REVENUE = "revenue", _("Won revenue")
    DEALS = "deals", _("Won deals")
    CERTIFICATIONS = "certifications", _("Certifications earned")
    GROWTH = "growth", _("Growth on last year")


class BoardPeriod(models.TextChoices):
    THIS_QUARTER = "this_quarter", _("This quarter")
    LAST_QUARTER = "last_quarter", _("Last quarter")
    YEAR_TO_DATE = "year_to_date", _("Year to date")


TOP_N_DEFAULT = 10
TOP_N_MAX = 50


class LeaderboardSetting(PublicIdModel):
    """What partners see of the others on a leaderboard: for every program (`program` empty) or one."""

    partner_scope = STAFF_ONLY

    program = models.ForeignKey(
        "programs.PartnerProgram",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every program without a setting of its own."),
    )
    anonymity = choice_field(_("partners see"), Anonymity, default=Anonymity.MASKED)
    top_n = models.PositiveSmallIntegerField(
        _("top positions shown"),
        default=TOP_N_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(TOP_N_MAX)],
        help_text=_("With “only the partner's own position”: how many of the top positions are shown."),
    )
    updated_by = user_reference(_("changed by"))

    class Meta:
        verbose_name = _("leaderboard setting")
        verbose_name_plural = _("leaderboard settings")
        constraints = [
            # One row per program, and one for every program (no program: 0 stands for it).
            models.UniqueConstraint(Coalesce("program", 0), name="recognition_one_setting_per_program")
        ]

    def __str__(self) -> str:
        return str(self.program) if self.program_id else str(_("Every program"))


class AwardRule(models.TextChoices):
    MANUAL = "manual", _("Granted by the channel team")
    LEADERBOARD_TOP = "leaderboard_top", _("Top of a leaderboard at quarter end")
    FIRST_WON_DEAL = "first_won_deal", _("First won deal")
    CERTIFIED_PEOPLE = "certified_people", _("Certified people")


class Award(PublicIdModel):
    """An award or badge: granted by hand (`MANUAL`) or by its rule, checked by the periodic
    `recognition.grant_badges` (idempotent: a partner gets an automatic award once per period)."""

    partner_scope = STAFF_ONLY  # partners read an award through their own grants

    Rule = AwardRule

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    description_ru = models.TextField(_("description (Russian)"), max_length=2000, blank=True)
    rule = choice_field(_("how it is granted"), AwardRule, default=AwardRule.MANUAL)
    program = models.ForeignKey(
        "programs.PartnerProgram",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The leaderboard's program (empty: every partner)."),
    )
    metric = choice_field(_("leaderboard"), Metric, blank=True)
    top = models.PositiveSmallIntegerField(
        _("top positions"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(TOP_N_MAX)],
        help_text=_("A leaderboard award goes to the partners ranked this high or higher."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("certified people"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("A certified-people award goes to partners with at least this many certified people."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_automatic(self) -> bool:
        return self.rule != AwardRule.MANUAL


def _live_only(actor) -> Q:
    """Partner users read their company's live grants; a revoked one is the vendor's record."""
    return Q(revoked_at__isnull=True)


class AwardGrant(PublicIdModel):
    """An award given to a partner for a period (a fiscal quarter "FY2026-Q3", a year "FY2026", or none:
    once), with its citation in both languages."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_live_only)

    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="grants")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="award_grants"
    )
    period = models.CharField(_("period"), max_length=12, blank=True)
    citation_en = models.TextField(_("citation (English)"), max_length=2000)
    citation_ru = models.TextField(_("citation (Russian)"), max_length=2000, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    automatic = models.BooleanField(_("granted by its rule"), default=False)
    granted_by = user_reference(_("granted by"))
    granted_at = models.DateTimeField(_("granted"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = user_reference(_("revoked by"))
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("award grant")
        verbose_name_plural = _("award grants")
        constraints = [
            # A partner holds an award once per period; a revoked grant may be granted again by hand, and the
            # automatic run looks at every grant, revoked ones included, so it never gives back what staff
            # took.
            models.UniqueConstraint(
                fields=["award", "partner", "period"],
                condition=Q(revoked_at__isnull=True),
                name="recognition_award_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["partner", "revoked_at"], name="recognition_grant_partner")]

    def __str__(self) -> str:
        return f"{self.award} ({self.period})" if self.period else str(self.award)

    @property
    def citation(self) -> str:
        return localized(self, "citation")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class TierUpDraft(PublicIdModel):
    """The announcement draft congratulating a partner on a higher tier: one per tier change event, so the
    same event never makes two. Marketing publishes (or discards) the draft; nothing is published by
    itself."""

    partner_scope = STAFF_ONLY

    event = models.OneToOneField("core.Event", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        "programs.PartnerProgram", verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    tier_before = models.CharField(_("tier before"), max_length=20, choices=Tier.choices)
    tier_after = models.CharField(_("new tier"), max_length=20, choices=Tier.choices)
    announcement = models.ForeignKey(
        "announcements.Announcement",
        verbose_name=_("announcement"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tier-up announcement draft")
        verbose_name_plural = _("tier-up announcement drafts")

    def __str__(self) -> str:
        return str(self.partner)
