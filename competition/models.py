"""Competing vendors and the product lines partners also sell.

Channel operations and marketing keep the list of competing vendors (`CompetingVendor`) and their product
lines (`CompetingLine`), each line naming the vendor's own product families it competes with. A partner's
admin declares which of them the company sells (`CompetingDeclaration`: a vendor, one of its lines or all of
them, since which year, what share of the business) and confirms that the declaration is complete
(`CompetitionDisclosure`, an empty declaration included); an application asks the same and carries its
answer to the partner it becomes. The rules of engagement read the declarations (engagement/evaluate.py:
disclosure before registering, less or no protection on a deal for products a declared line competes with),
the fit score of applications weighs them (recruitment/fit.py) and tiers may count them
(`selectors.competing_line_counts`).

The list is public (anyone may read the active vendors and lines: the application form offers them); a
partner reads only its own declarations.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, user_reference
from core.scoping import PUBLIC

NAME_LENGTH = 120
SHARE_MAX = 100


class CompetingVendor(PublicIdModel):
    """A vendor whose products compete with ours. Its `name_key` (the name as `matching.normalize` reads
    it: "Fortinet, Inc." and "FORTINET" are one vendor) is unique."""

    partner_scope = PUBLIC
    partner_filter = Q(is_active=True)  # outside the vendor, the vendors still offered

    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    name_key = models.CharField(max_length=NAME_LENGTH, unique=True, editable=False)
    web_domain = models.CharField(_("web domain"), max_length=253, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive vendors are no longer offered to declare.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("competing vendor")
        verbose_name_plural = _("competing vendors")

    def __str__(self) -> str:
        return self.name


class CompetingLine(PublicIdModel):
    """A product line of a competing vendor, and our product families it competes with (what makes a deal
    for those families competitive when the partner declares the line)."""

    partner_scope = PUBLIC
    partner_filter = Q(is_active=True, vendor__is_active=True)

    vendor = models.ForeignKey(
        CompetingVendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="lines"
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    name_key = models.CharField(max_length=NAME_LENGTH, editable=False)
    # Schema-level only, as core.Event.partner is: the catalogue is a layer above, and nothing here imports
    # it (docs/architecture.md).
    families = models.ManyToManyField(
        "catalog.ProductFamily",
        verbose_name=_("competes with our product families"),
        blank=True,
        related_name="competing_lines",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["vendor__name", "name"]
        verbose_name = _("competing product line")
        verbose_name_plural = _("competing product lines")
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name_key"], name="competition_line_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.vendor.name} {self.name}"


class CompetingDeclaration(PublicIdModel):
    """A partner sells a competing vendor's line, or (no line) its products in general."""

    partner_scope = "partner_id"

    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="competing_declarations",
    )
    vendor = models.ForeignKey(
        CompetingVendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="declarations"
    )
    line = models.ForeignKey(
        CompetingLine,
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declarations",
        help_text=_("Empty: all of the vendor's products."),
    )
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    share = models.PositiveSmallIntegerField(
        _("share of the business (%)"),
        null=True,
        blank=True,
        help_text=_("Optional: roughly what share of your sales it makes."),
    )
    declared_by = user_reference(_("declared by"))

    class Meta:
        ordering = ["vendor__name", "line__name", "id"]
        verbose_name = _("competing product declared")
        verbose_name_plural = _("competing products declared")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "vendor", "line"],
                condition=Q(line__isnull=False),
                name="competition_declaration_line_unique",
            ),
            models.UniqueConstraint(
                fields=["partner", "vendor"],
                condition=Q(line__isnull=True),
                name="competition_declaration_vendor_unique",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__lte=SHARE_MAX),
                name="competition_declaration_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Fortinet FortiGate", or "Fortinet (all products)"."""
        if self.line_id is not None:
            return f"{self.vendor.name} {self.line.name}"  # type: ignore[union-attr]
        return str(_("%(vendor)s (all products)") % {"vendor": self.vendor.name})


class CompetitionDisclosure(PublicIdModel):
    """A partner's confirmation that its declaration of competing products is complete (or that it sells
    none): what "disclosure required" in the rules of engagement asks for before a registration."""

    partner_scope = "partner_id"

    partner = models.OneToOneField(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="competition_disclosure",
    )
    confirmed_at = models.DateTimeField(_("confirmed"))
    confirmed_by = user_reference(_("confirmed by"))
    from_application = models.BooleanField(_("answered in the application"), default=False)

    class Meta:
        verbose_name = _("competition disclosure")
        verbose_name_plural = _("competition disclosures")

    def __str__(self) -> str:
        return str(_("Competing products of %(partner)s") % {"partner": self.partner})


def family_model():
    """The catalogue's product family, reached through the line's relation (the catalogue is a layer above:
    competition does not import it)."""
    return CompetingLine._meta.get_field("families").related_model
