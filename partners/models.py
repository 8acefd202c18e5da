import uuid
from pathlib import PurePath
from typing import Any, Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import CountryColumn, PublicIdModel, choice_field
from partners.choices import CompanySize, PartnerStatus, PartnerType, Region, Tier


class StaffUser(Protocol):
    """What partners reads of a user (a CAM, the chief). The user model is accounts' (`AUTH_USER_MODEL`), a
    layer above partners, so partners names only what it uses."""

    pk: Any
    email: str
    is_active: bool
    staff_role: str

    @property
    def display_name(self) -> str: ...


def logo_path(partner: "Partner", filename: str) -> str:
    """Where a logo is stored: a fresh random name each time (a replaced logo never shares a name)."""
    return f"partners/logos/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


# What co-branded material prints of a partner's profile: a change to any of them (or to the logo) moves
# `profile_version`, in the same transaction.
PROFILE_PRINTED_FIELDS = frozenset({"name", "city", "country", "phone", "email", "web_domain"})


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
    country: CountryColumn = CountryField(_("country"), blank=True)
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
    status = choice_field(_("status"), PartnerStatus, default=PartnerStatus.PROSPECT, db_index=True)
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
    email = models.EmailField(_("contact email"), blank=True)
    description = models.TextField(_("description"), blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    # The company's logo (PNG or JPEG: it goes into co-branded PDFs and pages), in STORAGES["default"],
    # downloaded only through signed links (the "partner_logo" file source).
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, max_length=200)
    # Moves whenever a field co-branded material prints changes (PROFILE_PRINTED_FIELDS, the logo): the
    # collateral app keys its generated files on it.
    profile_version = models.PositiveIntegerField(_("profile version"), default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [models.Index(fields=["cam", "name"]), models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return self.name


class Territory(PublicIdModel):
    """A region or a country a channel account manager looks after. Staff only.

    New partners from a CAM's territory are assigned to that CAM (partners/territories.py); a country is
    more specific than a region. Exactly one of `region` and `country` is set.
    """

    partner_scope = None

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("channel account manager"),
        on_delete=models.CASCADE,
        related_name="territories",
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    country: CountryColumn = CountryField(_("country"), blank=True)

    class Meta:
        ordering = ["region", "country"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(region="") & ~models.Q(country=""))
                | (~models.Q(region="") & models.Q(country="")),
                name="territory_is_region_or_country",
            ),
            models.UniqueConstraint(fields=["user", "region", "country"], name="one_territory_per_place"),
        ]
        indexes = [models.Index(fields=["country"]), models.Index(fields=["region"])]

    def __str__(self) -> str:
        return str(self.country.name) if self.country else str(self.get_region_display())
