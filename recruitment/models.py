from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import CountryColumn, PublicIdModel, choice_field, user_reference
from partners.choices import CamBasis, CompanySize, PartnerType, Region


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApplicationSource(models.TextChoices):
    INBOUND = "inbound", _("Inbound (public form)")
    OUTBOUND = "outbound", _("Outbound (converted prospect)")


class Application(PublicIdModel):
    """A company asking to join the partner program. Staff only."""

    partner_scope = None
    Status = ApplicationStatus
    Source = ApplicationSource

    # Values the services record in events that are not fields of the model (core.events.describe_changes).
    event_fields = {"cam_reason": (_("why this manager"), None)}

    company_name = models.CharField(_("company"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    web_domain = models.CharField(_("web domain"), max_length=253, db_index=True)
    country: CountryColumn = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    city = models.CharField(_("city"), max_length=120, blank=True)
    partner_type = models.CharField(_("partner type sought"), max_length=20, choices=PartnerType.choices)
    verticals = models.JSONField(_("verticals"), default=list, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    # What the applicant can do (partners.choices.Capability: services offered), and its certifications and
    # technical skills in its own words; the fit score weighs the capabilities.
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    certifications = models.TextField(_("certifications and technical skills"), blank=True)
    # Whether it also sells competing products (its `competitors`); None: not asked (an outbound application
    # converted from a prospect, or one sent before the form asked).
    sells_competing = models.BooleanField(_("sells competing products"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    motivation = models.TextField(_("why do you want to partner with us?"))
    language = models.CharField(_("language"), max_length=8, default="en")

    source = models.CharField(
        _("source"), max_length=20, choices=ApplicationSource.choices, default=ApplicationSource.INBOUND
    )
    status = choice_field(_("status"), ApplicationStatus, default=ApplicationStatus.SUBMITTED, db_index=True)
    fit_score = models.PositiveSmallIntegerField(_("fit score"), default=0)
    fit_reasons = models.JSONField(_("fit reasons"), default=list, blank=True)
    duplicate_flags = models.JSONField(_("possible duplicates"), default=list, blank=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)

    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    prospect = models.ForeignKey(
        "recruitment.Prospect", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    # Set on approval: the CAM the new partner got, and why (partners/territories.py).
    cam = user_reference(_("channel account manager"))
    cam_basis = models.CharField(
        _("manager assigned by"), max_length=10, choices=CamBasis.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-fit_score"])]

    def __str__(self) -> str:
        return self.company_name

    @property
    def fit_competing(self) -> list[dict] | None:
        """What the fit score reads of the competing products: each one's name and share, None when the
        application was not asked."""
        if self.sells_competing is None:
            return None
        return [{"name": c.label, "share": c.share} for c in self.competitors.all()]

    @property
    def cam_reason(self) -> str:
        """Why the approved partner got its CAM ("Territory: Germany", "Chosen by …"); "" before approval."""
        from partners.territories import describe_cam_basis

        country = self.country.code or ""
        return describe_cam_basis(
            basis=self.cam_basis, country=country, region=self.region, chosen_by=self.decided_by
        )


class ApplicationCompetitor(PublicIdModel):
    """A competing product an applicant says it sells (as a partner's declaration, which it becomes when
    the application is approved). Staff only, as the application."""

    partner_scope = None

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="competitors"
    )
    vendor = models.ForeignKey(
        "competition.CompetingVendor", verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="+"
    )
    line = models.ForeignKey(
        "competition.CompetingLine",
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    share = models.PositiveSmallIntegerField(_("share of the business (%)"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.line_id is not None:
            return f"{self.vendor.name} {self.line.name}"  # type: ignore[union-attr]
        return str(_("%(vendor)s (all products)") % {"vendor": self.vendor.name})


class ProspectSource(models.TextChoices):
    TRADE_SHOW = "trade_show", _("Trade show")
    REFERRAL = "referral", _("Referral")
    OUTREACH = "outreach", _("Outreach")
    INBOUND = "inbound", _("Inbound")


class ProspectStage(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONVERTED = "converted", _("Converted to applicant")
    LOST = "lost", _("Lost")


class Prospect(PublicIdModel):
    """A company a CAM is recruiting (outbound). Staff only."""

    partner_scope = None
    Source = ProspectSource
    Stage = ProspectStage

    company_name = models.CharField(_("company"), max_length=200)
    web_domain = models.CharField(_("web domain"), max_length=253, blank=True, db_index=True)
    country: CountryColumn = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    verticals = models.JSONField(_("verticals"), default=list, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ProspectSource.choices)
    stage = models.CharField(
        _("stage"), max_length=20, choices=ProspectStage.choices, default=ProspectStage.NEW, db_index=True
    )
    owner = user_reference(_("owner"), related_name="prospects")
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_date = models.DateField(_("next step date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    fit_score = models.PositiveSmallIntegerField(_("fit score"), default=0)
    fit_reasons = models.JSONField(_("fit reasons"), default=list, blank=True)

    class Meta:
        ordering = ["next_step_date", "company_name"]

    def __str__(self) -> str:
        return self.company_name


class RecruitmentTargets(PublicIdModel):
    """What channel ops are recruiting for; the fit score measures applicants against it. One row."""

    partner_scope = None

    regions = models.JSONField(_("target regions"), default=list, blank=True)
    verticals = models.JSONField(_("target verticals"), default=list, blank=True)
    partner_types = models.JSONField(_("target partner types"), default=list, blank=True)
    sizes = models.JSONField(_("target sizes"), default=list, blank=True)
    capabilities = models.JSONField(_("target capabilities"), default=list, blank=True)
    weight_region = models.PositiveSmallIntegerField(_("weight of region"), default=30)
    weight_verticals = models.PositiveSmallIntegerField(_("weight of verticals"), default=30)
    weight_type = models.PositiveSmallIntegerField(_("weight of partner type"), default=25)
    weight_size = models.PositiveSmallIntegerField(_("weight of size"), default=15)
    weight_capabilities = models.PositiveSmallIntegerField(_("weight of capabilities"), default=0)
    weight_competition = models.PositiveSmallIntegerField(_("weight of competing products"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "Recruitment targets"
