"""Co-branded collateral: templates marketing writes in Typst markup, their versions, and the PDFs made for
each partner (the cache).

A template is targeted like every enablement item (`partners.audience.Audience`). Partner users see the
published templates meant for the company they act for; drafts, archived templates and every version but the
current one stay with the vendor. A generated file belongs to its partner (`partner_scope`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import Language, TitleAndDescription
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC
from partners.audience import Audience, audience_filter


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def _published_for(actor: Any) -> Q:
    return audience_filter(actor) & Q(status=TemplateStatus.PUBLISHED, current_version__isnull=False)


class CollateralTemplate(TitleAndDescription, Audience, PublicIdModel):
    partner_scope = PUBLIC
    # Outside the vendor: published templates whose audience holds the partner the reader acts for.
    partner_filter = staticmethod(_published_for)

    Status = TemplateStatus

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    status = choice_field(_("status"), TemplateStatus, default=TemplateStatus.DRAFT, db_index=True)
    # What partners get: the version published last (old versions stay, and their generated files).
    current_version = models.ForeignKey(
        "TemplateVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_of",
    )
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("collateral template")
        verbose_name_plural = _("collateral templates")

    def __str__(self) -> str:
        return self.title


def _current_versions(actor: Any) -> Q:
    visible = CollateralTemplate.objects.visible_to(actor)
    return Q(pk__in=visible.values("current_version"))


class TemplateVersion(PublicIdModel):
    """One version of a template's markup. Never changes once saved: a change to the source is a new
    version."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(_current_versions)  # partners read the current version of what they see

    template = models.ForeignKey(
        CollateralTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    source_en = models.TextField(_("Typst source (English)"))
    source_ru = models.TextField(_("Typst source (Russian)"), blank=True)
    # The source prints the requesting person (rep_name, rep_email): its files are made per person.
    personal = models.BooleanField(_("personal"), default=False, editable=False)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="collateral_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    def source(self, language: str) -> str:
        """The markup for `language`; Russian falls back to English when there is none."""
        return self.source_ru if language == Language.RU and self.source_ru else self.source_en

    def language_made(self, language: str) -> str:
        """The language a file asked for in `language` is made in (no Russian source: the English file)."""
        return Language.RU if language == Language.RU and self.source_ru else Language.EN


def generated_path(instance: GeneratedCollateral, filename: str) -> str:
    return f"collateral/generated/{instance.public_id.hex}.pdf"


class GeneratedCollateral(PublicIdModel):
    """A PDF made from one template version for one partner, in one language, from one version of the
    partner's profile (and, for a personal template, for one person: `rep_key`). The unique key is the
    cache: a later request with the same key gets this file."""

    partner_scope = "partner_id"
    # Outside the vendor, a file is read only while its template is one the reader sees and this is its
    # current version: a link made before the template was archived, retargeted or replaced opens nothing.
    partner_filter = staticmethod(
        lambda actor: Q(
            template_version__in=CollateralTemplate.objects.visible_to(actor).values("current_version")
        )
    )

    template_version = models.ForeignKey(
        TemplateVersion, verbose_name=_("template version"), on_delete=models.CASCADE, related_name="files"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    language = choice_field(_("language"), Language, max_length=2)  # asked for (Russian may print English)
    profile_version = models.PositiveIntegerField(_("profile version"))
    # "" for a template that prints nobody in particular; else a digest of who asked and what of them is
    # printed (their id, name and email), so a person never gets another's file and a new name a new file.
    rep_key = models.CharField(_("person key"), max_length=64, blank=True, default="")
    file = models.FileField(_("file"), upload_to=generated_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    requested_by = user_reference(_("requested by"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generated collateral")
        verbose_name_plural = _("generated collateral")
        constraints = [
            models.UniqueConstraint(
                fields=["template_version", "partner", "language", "profile_version", "rep_key"],
                name="collateral_generated_cache_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_version} / {self.partner_id} / {self.language}"
