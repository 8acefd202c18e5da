from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field
from core.money import AMOUNT_DIGITS, Currency
from core.scoping import PUBLIC


class ChannelEligibility(models.TextChoices):
    CHANNEL_ONLY = "channel_only", _("Channel only")
    DIRECT_ONLY = "direct_only", _("Direct only")
    BOTH = "both", _("Channel and direct")


# Partners see only what the channel may sell.
CHANNEL_SELLABLE = (ChannelEligibility.CHANNEL_ONLY, ChannelEligibility.BOTH)


class ProductFamily(PublicIdModel):
    partner_scope = PUBLIC
    # Outside the vendor, a family shows only while it holds a product the channel may sell.
    partner_filter = Q(products__is_active=True, products__channel_eligibility__in=CHANNEL_SELLABLE)

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product family")
        verbose_name_plural = _("product families")
        constraints = [models.UniqueConstraint(Lower("name"), name="catalog_family_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class Product(PublicIdModel):
    partner_scope = PUBLIC
    # Outside the vendor, only the active products the channel may sell; direct-only ones are the vendor's.
    partner_filter = Q(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE)

    Eligibility = ChannelEligibility

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    family = models.ForeignKey(
        ProductFamily, verbose_name=_("family"), on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("description"), blank=True)
    list_price = models.DecimalField(_("list price"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    channel_eligibility = choice_field(
        _("channel eligibility"), ChannelEligibility, default=ChannelEligibility.BOTH, db_index=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [models.UniqueConstraint(Lower("sku"), name="catalog_product_sku_ci_unique")]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"
