"""Referral links and what they bring: a partner's short links (`/r/<code>`) to vendor pages or to its
campaign landing pages, every click on them (never the raw IP), and the attribution of a lead to the partner
whose link or referral brought it, with the reason when it is excluded (self-referral, a flood of clicks, a
bot, a customer the vendor already has).

A partner reads its own links, clicks and attributions only (`partner_scope`); the vendor's settings (the
attribution model and window, the approved destinations, the flood limits) are staff's.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import ScopedManager

CODE_LENGTH = 8
MAX_WINDOW_DAYS = 365


class AttributionModel(models.TextChoices):
    FIRST_TOUCH = "first_touch", _("First touch")
    LAST_TOUCH = "last_touch", _("Last touch")


class ReferralSettings(PublicIdModel):
    """The referral program's settings: one row (`referrals.selectors.referral_settings`)."""

    attribution_model = choice_field(
        _("attribution model"), AttributionModel, default=AttributionModel.LAST_TOUCH
    )
    window_days = models.PositiveSmallIntegerField(
        _("attribution window (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WINDOW_DAYS)],
        help_text=_("How long after a click a lead is still credited to the partner whose link was clicked."),
    )
    # Hosts a link may lead to besides Kanal's own pages (the vendor's sites): "vendor.com" allows its
    # subdomains too. Anything else is refused, so that no link becomes an open redirect.
    allowed_hosts = models.JSONField(_("approved destinations"), default=list, blank=True)
    client_clicks_per_minute = models.PositiveSmallIntegerField(
        _("clicks per visitor and link per minute"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("More clicks than this from one visitor on one link in a minute are a flood."),
    )
    link_clicks_per_minute = models.PositiveIntegerField(
        _("clicks per link per minute"),
        default=300,
        validators=[MinValueValidator(1)],
        help_text=_("More clicks than this on one link in a minute, from anyone, are a flood."),
    )

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")

    def __str__(self) -> str:
        return str(_("Referral settings"))


class ReferralLink(PublicIdModel):
    """A partner's short link. `owner`: the partner user whose own link it is (else the company's)."""

    partner_scope = "partner_id"

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="referral_links")
    owner = user_reference(_("owner"), related_name="referral_links")
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # An absolute http(s) URL on an approved host, or a path of Kanal's own ("/p/acme/spring/").
    destination = models.CharField(_("destination"), max_length=500)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=100, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")
        indexes = [models.Index(fields=["partner", "-created_at"])]

    def __str__(self) -> str:
        return self.name


class AgentClass(models.TextChoices):
    BROWSER = "browser", _("Browser")
    MOBILE = "mobile", _("Mobile browser")
    BOT = "bot", _("Bot")
    OTHER = "other", _("Other")


class ClickFlag(models.TextChoices):
    """Why a click cannot bring an attribution (empty: it can)."""

    BOT = "bot", _("A known bot")
    FLOOD = "flood", _("Part of a flood of clicks")
    SELF = "self_referral", _("The partner's own click")


class Click(models.Model):
    """One click on a link: when, from where (the referring host, a country read from the browser's language,
    the kind of client) and by whom — a hash of the IP address keyed with the server's secret and the visitor
    token of the attribution cookie, never the address itself."""

    partner_scope = "partner_id"
    scope_single_valued = True

    id = models.BigAutoField(primary_key=True)
    # No index of its own: the two indexes below lead with the link (each click writes every index).
    link = models.ForeignKey(ReferralLink, on_delete=models.CASCADE, related_name="clicks", db_index=False)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    clicked_at = models.DateTimeField(_("clicked"), default=timezone.now)
    visitor = models.CharField(_("visitor"), max_length=32, db_index=True)
    ip_hash = models.CharField(_("IP hash"), max_length=16)
    referrer_host = models.CharField(_("referring site"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    agent = choice_field(_("client"), AgentClass, default=AgentClass.OTHER)
    flag = choice_field(_("flag"), ClickFlag, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-clicked_at", "-id"]
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        indexes = [
            models.Index(fields=["partner", "clicked_at"]),
            models.Index(fields=["link", "clicked_at"]),
            models.Index(fields=["link", "ip_hash", "clicked_at"], name="referrals_click_client"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.clicked_at:%Y-%m-%d %H:%M}"


class AttributionSource(models.TextChoices):
    LINK = "link", _("Referral link")
    REFERRAL_FORM = "referral_form", _("Referral form")
    LANDING_PAGE = "landing_page", _("Campaign landing page")


class AttributionStatus(models.TextChoices):
    ATTRIBUTED = "attributed", _("Attributed")
    EXCLUDED = "excluded", _("Excluded")


class ExclusionReason(models.TextChoices):
    SELF_REFERRAL = "self_referral", _("Self-referral")
    FLOOD = "flood", _("Click flood")
    BOT = "bot", _("Bot")
    EXISTING_CUSTOMER = "existing_customer", _("Existing customer")


class Attribution(PublicIdModel):
    """Which partner brought a lead, how (the click credited under the model in force, or its referral form),
    or why it is not credited. What commissions are paid on later."""

    partner_scope = "partner_id"

    Source = AttributionSource
    Status = AttributionStatus
    Reason = ExclusionReason

    lead = models.OneToOneField("leads.Lead", on_delete=models.CASCADE, related_name="attribution")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="attributions")
    source = choice_field(_("source"), AttributionSource)
    link = models.ForeignKey(
        ReferralLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="attributions"
    )
    click = models.ForeignKey(Click, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    model = choice_field(_("attribution model"), AttributionModel, blank=True)
    window_days = models.PositiveSmallIntegerField(_("attribution window (days)"), null=True, blank=True)
    status = choice_field(_("status"), AttributionStatus, default=AttributionStatus.ATTRIBUTED)
    reason = choice_field(_("reason"), ExclusionReason, max_length=30, blank=True)
    # What the reason rests on: {"customer": "Acme GmbH", "record": "direct_account"}, {"clicks": 14} …
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        indexes = [models.Index(fields=["partner", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.partner} ← {self.lead}"

    @property
    def counts(self) -> bool:
        return self.status == AttributionStatus.ATTRIBUTED
