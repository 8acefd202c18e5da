from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    AFFILIATE = "affiliate", _("Affiliate")
    ALLIANCE = "alliance", _("Alliance")
    DEALER = "dealer", _("Dealer")
    DISTRIBUTOR = "distributor", _("Distributor")
    FRANCHISEE = "franchisee", _("Franchisee")
    RESELLER = "reseller", _("Value-added reseller")
    AGENT = "agent", _("Agent / broker")
    RETAILER = "retailer", _("Retailer")


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    APPLICANT = "applicant", _("Applicant")
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    OFFBOARDED = "offboarded", _("Offboarded")


class Region(models.TextChoices):
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA = "latin_america", _("Latin America")
    EUROPE = "europe", _("Europe")
    CIS = "cis", _("Russia and CIS")
    MIDDLE_EAST_AFRICA = "mea", _("Middle East and Africa")
    ASIA_PACIFIC = "apac", _("Asia Pacific")


class Vertical(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail")
    SPORTS = "sports", _("Sports and outdoor")
    HEALTHCARE = "healthcare", _("Healthcare")
    FINANCE = "finance", _("Financial services")
    PUBLIC_SECTOR = "public_sector", _("Public sector")
    EDUCATION = "education", _("Education")
    LOGISTICS = "logistics", _("Transport and logistics")
    TECHNOLOGY = "technology", _("Technology")
    HOSPITALITY = "hospitality", _("Hospitality")


class Capability(models.TextChoices):
    PRESALES = "presales", _("Pre-sales consulting")
    IMPLEMENTATION = "implementation", _("Implementation")
    SUPPORT = "support", _("Technical support")
    SERVICE = "service", _("Repair and service")
    LOGISTICS = "logistics", _("Warehousing and logistics")
    FINANCING = "financing", _("Customer financing")
    TRAINING = "training", _("Customer training")
    ECOMMERCE = "ecommerce", _("E-commerce")
    SHOWROOM = "showroom", _("Showroom / retail floor")


class CompanySize(models.TextChoices):
    MICRO = "1-10", _("1–10 employees")
    SMALL = "11-50", _("11–50 employees")
    MEDIUM = "51-200", _("51–200 employees")
    LARGE = "201-1000", _("201–1000 employees")
    ENTERPRISE = "1000+", _("Over 1000 employees")


class Tier(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")
    PLATINUM = "platinum", _("Platinum")


def labels(choices, values) -> list[str]:
    mapping = dict(choices.choices)
    return [str(mapping.get(v, v)) for v in values or []]


class CamBasis(models.TextChoices):
    """Why a new partner got its channel account manager (see partners/territories.py)."""

    COUNTRY = "country", _("Territory (country)")
    REGION = "region", _("Territory (region)")
    NONE = "none", _("No territory covers it")
    CHOSEN = "chosen", _("Chosen by the reviewer")
