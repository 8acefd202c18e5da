from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import PublicIdModel
from partners.choices import CompanySize, PartnerStatus, PartnerType, Region, Tier


class Partner(PublicIdModel):
    partner_scope = "id"

    PartnerType = PartnerType
    Status = PartnerStatus

    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    tax_id = models.CharField(
        _("tax id"), max_length=40, blank=True, help_text=_("For example ИНН, VAT or EIN.")
    )
    web_domain = models.CharField(_("web domain"), max_length=253, blank=True, db_index=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    verticals = models.JSONField(_("verticals"), default=list, blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    cam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("channel account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portfolio",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartnerStatus.choices,
        default=PartnerStatus.PROSPECT,
        db_index=True,
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.REGISTERED)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("distributor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resellers",
        limit_choices_to={"partner_type": PartnerType.DISTRIBUTOR},
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [models.Index(fields=["cam", "name"]), models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return self.name
