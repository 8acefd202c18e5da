"""Choices the rules of engagement classify customers by. The vendor's direct accounts record the same
segment (direct imports it from here: the rules sit below the records they judge)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    SMALL_BUSINESS = "smb", _("Small business")
    MID_MARKET = "mid_market", _("Mid-market")
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_SECTOR = "public_sector", _("Public sector")
