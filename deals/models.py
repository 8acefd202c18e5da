"""Partners' deal registrations: an end customer and the products a partner expects to sell them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conflicts.models import CheckOutcome
from core.models import CountryColumn, PublicIdModel, choice_field, user_reference
from core.money import AMOUNT_DIGITS, Currency


class RegistrationStage(models.TextChoices):
    QUALIFICATION = "qualification", _("Qualification")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    COMMIT = "commit", _("Commit")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    EXPIRED = "expired", _("Expired")


class DealRegistration(PublicIdModel):
    # Owned by the partner that will sell; a distributor registering for its reseller stores the reseller
    # as `partner` and itself as `registered_via`, and sees the row because the reseller is in its scope.
    partner_scope = "partner_id"
    # A draft is the partner's own work in progress: the vendor sees a registration once it is submitted.
    staff_filter = ~models.Q(status="draft")

    Stage = RegistrationStage
    Status = RegistrationStatus

    # Values the services record in events that are not fields of the model (core.events.describe_changes).
    event_fields = {
        "products": (_("products"), None),
        "conflict_check": (_("conflict check"), CheckOutcome.choices),
        "matches": (_("matching records"), None),
        "protection_days": (_("protection days"), None),
        "extension": (_("extension"), None),
        "days": (_("days"), None),
        "reason": (_("reason"), None),
        "decision_note": (_("decision note"), None),
        "refund": (_("refund"), None),
    }

    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="deal_registrations",
    )
    registered_by = user_reference(_("registered by"), related_name="deal_registrations")
    registered_via = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("registered via"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deal_registrations_via",
    )
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    customer_domain = models.CharField(_("customer web domain"), max_length=253, blank=True, db_index=True)
    customer_tax_id = models.CharField(_("customer tax id"), max_length=40, blank=True)
    customer_country: CountryColumn = CountryField(_("customer country"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    expected_close_date = models.DateField(_("expected close date"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=RegistrationStage.choices, default=RegistrationStage.QUALIFICATION
    )
    notes = models.TextField(_("notes"), blank=True)
    # The code of the market development fund activity that brought the deal (funds reads them by it).
    fund_activity_code = models.CharField(
        _("fund activity code"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("The code of the marketing activity (MDF) that brought it, such as MDF-7K2Q9X."),
    )
    status = choice_field(
        _("status"), RegistrationStatus, default=RegistrationStatus.DRAFT, db_index=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    decided_by = user_reference(_("decided by"), editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("decision reason"), blank=True, editable=False)
    protected_until = models.DateField(_("protected until"), null=True, blank=True, editable=False)
    # The protection end date a reminder was last sent for: an extension moves the date, so it reminds again.
    expiry_reminded_for = models.DateField(null=True, blank=True, editable=False)
    appeal_reason = models.TextField(_("appeal"), blank=True, editable=False)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True, editable=False)
    appeal_decided_by = user_reference(_("appeal decided by"), editable=False)
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True, editable=False)
    appeal_decision_note = models.TextField(_("appeal decision"), blank=True, editable=False)
    won_amount = models.DecimalField(
        _("won amount"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True, editable=False
    )
    # What was refunded to the customer of a won deal (`deals.services.registration_refund`, cumulative; reset
    # when the deal is reopened). The won amount stays as it was closed: what commissions were paid on.
    refunded_amount = models.DecimalField(
        _("refunded amount"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0, editable=False
    )
    lost_reason = models.TextField(_("lost reason"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, editable=False)
    # Match keys for the conflict engine, maintained by the services on every save.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    tax_id_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deal registration")
        verbose_name_plural = _("deal registrations")
        constraints = [
            # NULL keys never collide (on SQLite and PostgreSQL alike): only given keys are unique.
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"], name="deals_registration_idempotency_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.customer_name or str(_("Untitled registration"))

    @property
    def is_draft(self) -> bool:
        return self.status == RegistrationStatus.DRAFT


class DealLine(PublicIdModel):
    partner_scope = "registration__partner_id"

    registration = models.ForeignKey(
        DealRegistration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="deal_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=AMOUNT_DIGITS, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("deal line")
        verbose_name_plural = _("deal lines")

    def __str__(self) -> str:
        return f"{self.product.sku} × {self.quantity}"

    @property
    def total(self):
        return self.unit_price * self.quantity


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class ExtensionRequest(PublicIdModel):
    """A partner's request for more protection time on an approved registration; the CAM decides."""

    partner_scope = "registration__partner_id"

    Status = ExtensionStatus

    registration = models.ForeignKey(
        DealRegistration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = user_reference(_("requested by"))
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="pending"),
                name="deals_one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} +{self.days}"
