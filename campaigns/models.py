"""Campaigns-in-a-box: kits channel marketing assembles, partners' launches of them and the public landing
page each launch gets.

A `CampaignKit` is targeted like every piece of enablement (`partners.audience.Audience`): library assets,
co-branded PDFs (collateral templates), email templates and social posts with placeholders (`KitMessage`),
and a landing page (Markdown sections in English and Russian, one image, the lead form's fields). Status:
draft → published → retired (`rules.py`). Partner users see the published kits meant for the company they act
for (`partner_filter`).

A `Launch` is a partner's own copy of a kit (once per partner and kit): a referral link to its landing page
`/p/<partner slug>/<kit slug>/`, whose leads are offered to the partner. `PageView` counts the landing page's
views per launch and day (no cookie, no visitor: a counter).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import TitleAndDescription, localized
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC, ScopedManager
from partners.audience import Audience, audience_filter

IMAGE_MAX_BYTES = 1024 * 1024  # the image is sent inline in the landing page (a data: URL): keep it small


class KitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


STATUS_BADGES = {KitStatus.PUBLISHED: "status-approved", KitStatus.RETIRED: "status-rejected"}


class FormField(models.TextChoices):
    """The lead form's optional fields (company, name and email are always asked)."""

    CONTACT_PHONE = "contact_phone", _("Phone")
    CONTACT_TITLE = "contact_title", _("Job title")
    DOMAIN = "domain", _("Web domain")
    COUNTRY = "country", _("Country")
    COMPANY_SIZE = "company_size", _("Company size")
    NOTES = "notes", _("Message")


ALWAYS_ASKED = ("company_name", "contact_name", "contact_email")


def _published_for(actor: Any) -> Q:
    return audience_filter(actor) & Q(status=KitStatus.PUBLISHED)


def kit_image_path(instance: CampaignKit, filename: str) -> str:
    return f"campaigns/images/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class CampaignKit(TitleAndDescription, Audience, PublicIdModel):
    partner_scope = PUBLIC
    # Outside the vendor: published kits whose audience holds the partner the reader acts for.
    partner_filter = staticmethod(_published_for)

    Status = KitStatus

    # From the English title when the kit is created, never changed after: launched pages keep their address.
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    description_ru = models.TextField(_("description (Russian)"), max_length=5000, blank=True)
    status = choice_field(_("status"), KitStatus, default=KitStatus.DRAFT, db_index=True)
    assets = models.ManyToManyField("content.Asset", verbose_name=_("library assets"), blank=True)
    templates = models.ManyToManyField(
        "collateral.CollateralTemplate", verbose_name=_("co-branded PDFs"), blank=True
    )
    # The landing page: Markdown, each "## heading" starts a section; Russian falls back to English.
    landing_en = models.TextField(_("landing page (English)"), max_length=20000, blank=True)
    landing_ru = models.TextField(_("landing page (Russian)"), max_length=20000, blank=True)
    image = models.FileField(_("image"), upload_to=kit_image_path, blank=True, max_length=200)
    form_fields = models.JSONField(_("form fields"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("campaign kit")
        verbose_name_plural = _("campaign kits")

    def __str__(self) -> str:
        return self.title

    @property
    def landing(self) -> str:
        return localized(self, "landing")

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "")

    def form_field_labels(self) -> list[str]:
        labels = dict(FormField.choices)
        return [str(labels.get(value, value)) for value in self.form_fields or ()]


class MessageKind(models.TextChoices):
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social post")


class KitMessage(PublicIdModel):
    """An email template (subject and text) or a social post of a kit, with placeholders
    (`campaigns.placeholders`) filled with the launching partner's data."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(lambda actor: Q(kit__in=CampaignKit.objects.visible_to(actor)))

    Kind = MessageKind

    kit = models.ForeignKey(CampaignKit, on_delete=models.CASCADE, related_name="messages")
    kind = choice_field(_("kind"), MessageKind, default=MessageKind.EMAIL)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    subject_ru = models.CharField(_("subject (Russian)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=5000)
    body_ru = models.TextField(_("text (Russian)"), max_length=5000, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("kit message")
        verbose_name_plural = _("kit messages")

    def __str__(self) -> str:
        return self.subject_en or self.body_en[:60]


class PartnerSlug(models.Model):
    """A partner's name in landing page addresses (`/p/<slug>/…`), made once, from its name, at its first
    launch. A table of its own rather than a column copied onto every launch: one row per partner makes the
    slug unique across partners by a constraint, the same for all its launches, and stable when the partner
    is renamed (its printed links keep working)."""

    partner_scope = "partner_id"

    partner = models.OneToOneField("partners.Partner", on_delete=models.CASCADE, related_name="campaign_slug")
    slug = models.SlugField(_("address name"), max_length=80, unique=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("partner address name")
        verbose_name_plural = _("partner address names")

    def __str__(self) -> str:
        return self.slug


class Launch(PublicIdModel):
    """A partner's launch of a kit: its landing page and the referral link to it."""

    partner_scope = "partner_id"

    kit = models.ForeignKey(CampaignKit, on_delete=models.PROTECT, related_name="launches")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="campaign_launches"
    )
    launched_by = user_reference(_("launched by"))
    link = models.ForeignKey(
        "referrals.ReferralLink", on_delete=models.PROTECT, related_name="campaign_launches"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign launch")
        verbose_name_plural = _("campaign launches")
        constraints = [models.UniqueConstraint(fields=["kit", "partner"], name="campaign_launch_once")]

    def __str__(self) -> str:
        return f"{self.kit} — {self.partner}"

    @property
    def landing_path(self) -> str:
        # The reverse one-to-one of a model in an upper app: partners does not declare it.
        return landing_path(self.partner.campaign_slug.slug, self.kit.slug)  # type: ignore[attr-defined]

    @property
    def landing_url(self) -> str:
        return settings.SITE_URL + self.landing_path

    @property
    def short_url(self) -> str:
        return settings.SITE_URL + reverse("referrals_short:follow", args=[self.link.code])


def landing_path(partner_slug: str, kit_slug: str) -> str:
    return reverse("campaigns_landing:page", kwargs={"partner_slug": partner_slug, "kit_slug": kit_slug})


class PageView(models.Model):
    """Views of a launch's landing page on one day (a counter row, updated with F())."""

    partner_scope = "launch__partner_id"
    scope_single_valued = True

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="page_views")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    objects = ScopedManager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("landing page views")
        verbose_name_plural = _("landing page views")
        constraints = [models.UniqueConstraint(fields=["launch", "day"], name="campaign_views_once_a_day")]

    def __str__(self) -> str:
        return f"{self.launch_id} {self.day}: {self.views}"
