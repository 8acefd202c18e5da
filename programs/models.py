from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import TitleAndBody, localized
from core.models import PublicIdModel
from core.scoping import PUBLIC


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
    RULES_OF_ENGAGEMENT = "rules_of_engagement", _("Rules of engagement")


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
