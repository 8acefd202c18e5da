"""The vendor's own direct-sales records: accounts its sales reps own and their deals. Staff only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import CountryColumn, PublicIdModel
from core.money import Currency
from core.scoping import STAFF_ONLY
from engagement.choices import Segment
from partners.choices import Region

__all__ = ["CLOSED_STAGES", "DealStage", "DirectAccount", "DirectDeal", "Segment"]


class DealStage(models.TextChoices):
    PROSPECTING = "prospecting", _("Prospecting")
    QUALIFICATION = "qualification", _("Qualification")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


CLOSED_STAGES = frozenset({DealStage.WON, DealStage.LOST})


def _owner(related_name: str) -> models.ForeignKey:
    """The vendor staff user who owns a direct record, if any."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class DirectAccount(PublicIdModel):
    partner_scope = STAFF_ONLY  # partners never see the vendor's direct accounts

    Segment = Segment

    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    web_domain = models.CharField(_("web domain"), max_length=253, blank=True, db_index=True)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    country: CountryColumn = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    owner = _owner("direct_accounts")
    is_named_account = models.BooleanField(
        _("named account"), default=False, help_text=_("Reserved for direct sales.")
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    # Match keys for the conflict engine, maintained by the services on every save.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    legal_name_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    tax_id_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("direct account")
        verbose_name_plural = _("direct accounts")

    def __str__(self) -> str:
        return self.name


class DirectDeal(PublicIdModel):
    partner_scope = STAFF_ONLY

    Stage = DealStage

    account = models.ForeignKey(
        DirectAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="deals"
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    stage = models.CharField(
        _("stage"), max_length=20, choices=DealStage.choices, default=DealStage.PROSPECTING
    )
    expected_close_date = models.DateField(_("expected close date"), null=True, blank=True)
    owner = _owner("direct_deals")
    is_open = models.BooleanField(_("open"), default=True, db_index=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("direct deal")
        verbose_name_plural = _("direct deals")

    def __str__(self) -> str:
        return self.name
