"""A lead: a company and a person the vendor's marketing found, routed to a partner who must accept it in
time, works it and converts it into a deal registration or loses it.

A lead belongs to the partner it is assigned to now (`partner`); a partner that declined it or let it lapse no
longer reads it, and reads only its own `LeadAssignment` rows, never another partner's decline.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.i18n import localized
from core.models import CountryColumn, PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC
from partners.choices import CompanySize, Region, Vertical


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    CONVERTED = "converted", _("Converted")
    LOST = "lost", _("Lost")


OPEN_STATUSES = (LeadStatus.NEW, LeadStatus.ACCEPTED, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)
CLOSED_STATUSES = (LeadStatus.CONVERTED, LeadStatus.LOST)


class Destination(models.TextChoices):
    """Who works the lead: the channel (a partner, once routed), direct sales, or nobody yet."""

    UNROUTED = "unrouted", _("Not routed")
    CHANNEL = "channel", _("Channel")
    DIRECT = "direct", _("Direct sales")


class LeadSource(models.TextChoices):
    IMPORT = "import", _("Import")
    API = "api", _("API")
    WEB_FORM = "web_form", _("Web form")
    REFERRAL = "referral", _("Partner referral")
    LANDING_PAGE = "landing_page", _("Campaign landing page")
    MANUAL = "manual", _("Entered by the channel team")


class LostReason(models.TextChoices):
    NO_BUDGET = "no_budget", _("No budget")
    NO_NEED = "no_need", _("No need")
    COMPETITOR = "competitor", _("Chose a competitor")
    NO_RESPONSE = "no_response", _("No response")
    TIMING = "timing", _("Bad timing")
    BAD_DATA = "bad_data", _("Wrong or fake contact details")
    OTHER = "other", _("Other")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity right now")
    OUT_OF_TERRITORY = "out_of_territory", _("Outside our territory")
    NO_EXPERTISE = "no_expertise", _("Outside our expertise")
    EXISTING_CUSTOMER = "existing_customer", _("Already our customer or in our pipeline")
    POOR_FIT = "poor_fit", _("Poor fit")
    OTHER = "other", _("Other")


class AttributeKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes/no")


REASON_VALUE = "{value}"  # where an attribute's score reason phrase puts the lead's value


class LeadAttribute(PublicIdModel):
    """A custom attribute channel ops defines for leads. Values live in `Lead.attributes` under `key`.

    `choices` (for the choice kind) is a list of {"value", "label_en", "label_ru"}. Partners read the active
    definitions to show the values of the leads they work."""

    partner_scope = PUBLIC
    partner_filter = Q(active=True)

    Kind = AttributeKind

    key = models.SlugField(_("key"), max_length=50, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_ru = models.CharField(_("label (Russian)"), max_length=100, blank=True)
    kind = choice_field(_("kind"), AttributeKind, default=AttributeKind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    # How a score reason on this attribute reads, {value} standing for the lead's value: "visited the site
    # {value} times". Empty: "<label>: <value>".
    reason_en = models.CharField(_("score reason (English)"), max_length=200, blank=True)
    reason_ru = models.CharField(_("score reason (Russian)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("lead attribute")
        verbose_name_plural = _("lead attributes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def reason(self) -> str:
        """The score reason's phrase in the reader's language ("" when ops wrote none)."""
        return localized(self, "reason")

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.get("value") == value:
                return localized(_ChoiceLabels(choice), "label")
        return value


class _ChoiceLabels:
    def __init__(self, choice: dict) -> None:
        self.label_en = choice.get("label_en") or choice.get("value", "")
        self.label_ru = choice.get("label_ru", "")


class Lead(PublicIdModel):
    partner_scope = "partner_id"

    Status = LeadStatus
    Destination = Destination
    Source = LeadSource

    event_fields = {
        "products": (_("products"), None),
        "explanation": (_("why"), None),
        "reason": (_("reason"), None),
        "note": (_("note"), None),
        "registration": (_("deal registration"), None),
        "score": (_("score"), None),
    }

    # The customer
    company_name = models.CharField(_("company"), max_length=200)
    domain = models.CharField(_("web domain"), max_length=253, blank=True)
    country: CountryColumn = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    vertical = models.CharField(_("vertical"), max_length=32, choices=Vertical.choices, blank=True)
    company_size = models.CharField(_("size"), max_length=20, choices=CompanySize.choices, blank=True)
    # The person
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_title = models.CharField(_("job title"), max_length=200, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products of interest"), blank=True, related_name="leads"
    )
    source = choice_field(_("source"), LeadSource, default=LeadSource.MANUAL)
    source_detail = models.CharField(_("source detail"), max_length=200, blank=True)
    # The code of the market development fund activity that brought the lead (funds reads leads by it).
    fund_activity_code = models.CharField(
        _("fund activity code"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("The code of the marketing activity (MDF) that brought it, such as MDF-7K2Q9X."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Custom attributes: LeadAttribute.key -> value (text, number, choice value, ISO date, true/false).
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    created_by = user_reference(_("created by"))

    # Where it goes
    destination = choice_field(_("destination"), Destination, default=Destination.UNROUTED)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True, editable=False)
    accept_by = models.DateTimeField(_("accept by"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    # How it goes
    status = choice_field(_("status"), LeadStatus, default=LeadStatus.NEW, editable=False)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    lost_reason = models.CharField(_("lost reason"), max_length=20, choices=LostReason.choices, blank=True)
    lost_note = models.TextField(_("lost note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    registration = models.OneToOneField(
        "deals.DealRegistration",
        verbose_name=_("deal registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
        editable=False,
    )

    # Duplicates: a lead matching an earlier lead is flagged with it (never silently dropped).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        editable=False,
    )
    match_note = models.CharField(_("match"), max_length=300, blank=True, editable=False)
    name_key = models.CharField(max_length=200, blank=True, editable=False)

    # Scoring (leads/scoring): a calibrated probability of conversion and its top reasons as
    # [{"feature", "value", "points"}] rendered per language by leads.scoring.
    score = models.FloatField(_("score"), null=True, blank=True, editable=False)
    score_reasons = models.JSONField(default=list, blank=True, editable=False)
    score_model = models.ForeignKey(
        "leads.ScoringModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,  # never looked up by model; one index less for every imported lead
    )
    scored_at = models.DateTimeField(null=True, blank=True, editable=False)

    idempotency_key = models.CharField(max_length=100, null=True, blank=True, editable=False)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)  # the web form's

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        # Plain b-tree indexes (no LIKE twins on PostgreSQL, as db_index would add): the duplicate check looks
        # domains, emails and name keys up by equality; status and destination lead the composite ones. Every
        # index is written for each imported lead (100,000 in one import).
        indexes = [
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["status", "accept_by"]),
            models.Index(fields=["destination", "status"]),
            models.Index(fields=["domain"], name="leads_lead_domain"),
            models.Index(fields=["contact_email"], name="leads_lead_contact_email"),
            models.Index(fields=["name_key"], name="leads_lead_name_key"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="leads_lead_idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AssignmentMethod(models.TextChoices):
    RULES = "rules", _("Routing rules")
    MANUAL = "manual", _("Assigned by hand")
    REASSIGNED = "reassigned", _("Reassigned")
    BROUGHT = "brought", _("Brought by the partner")


class AssignmentOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Not accepted in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LeadAssignment(PublicIdModel):
    """One offer of a lead to a partner, and why (the routing's explanation, rendered per language).

    A partner reads only its own offers: another partner's decline of the same lead stays hidden."""

    partner_scope = "partner_id"

    Method = AssignmentMethod
    Outcome = AssignmentOutcome

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="assignments")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="lead_assignments")
    method = choice_field(_("method"), AssignmentMethod, default=AssignmentMethod.RULES)
    assigned_by = user_reference(_("assigned by"))
    # [{"code": ..., "params": {...}}, ...]: why this partner, rendered by leads.routing.explain.
    explanation = models.JSONField(_("why"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # a CAM's words when assigning by hand
    ruleset = models.ForeignKey(
        "leads.RoutingRuleSet", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    accept_by = models.DateTimeField(_("accept by"), null=True, blank=True)
    outcome = choice_field(_("outcome"), AssignmentOutcome, default=AssignmentOutcome.PENDING, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = user_reference(_("decided by"))
    decline_reason = models.CharField(
        _("decline reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("decline note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lead assignment")
        verbose_name_plural = _("lead assignments")
        indexes = [models.Index(fields=["partner", "outcome"]), models.Index(fields=["lead", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"], condition=Q(outcome="pending"), name="leads_one_pending_assignment"
            ),
        ]


class LeadNote(PublicIdModel):
    """A note on a lead. A partner reads the channel team's notes and its own company's, never those a
    partner that held the lead before wrote."""

    partner_scope = "lead__partner_id"
    partner_filter = Q(partner__isnull=True) | Q(partner_id=F("lead__partner_id"))

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lead_notes")
    author = user_reference(_("author"))
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lead note")
        verbose_name_plural = _("lead notes")
