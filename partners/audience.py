"""Who a piece of enablement is for: partner types, tiers and regions.

Assets, courses, certifications and announcements inherit `Audience`. Each dimension is a JSON list of codes;
an empty list means every partner, and a partner is in the audience when it matches every dimension that is
set. `audience_filter` is the `partner_filter` such models declare (`core.scoping`), so a partner user reads
only what is meant for the company they act for and an anonymous reader nothing; staff read everything.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import json_list_contains
from partners.choices import PartnerType, Region, Tier, labels

# dimension -> the Partner field it reads and its choices
DIMENSIONS: dict[str, tuple[str, type[models.TextChoices]]] = {
    "partner_types": ("partner_type", PartnerType),
    "tiers": ("tier", Tier),
    "regions": ("region", Region),
}


class Audience(models.Model):
    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)

    class Meta:
        abstract = True

    def reaches(self, partner: Any) -> bool:
        """Whether `partner` is in this audience (the same rule as `audience_q`, for one row in memory)."""
        return all(
            not getattr(self, dimension) or getattr(partner, field) in getattr(self, dimension)
            for dimension, (field, _choices) in DIMENSIONS.items()
        )

    def audience_labels(self) -> list[str]:
        """The audience in words, one entry per dimension that is set; empty when it is everyone."""
        return [
            ", ".join(labels(choices, getattr(self, dimension)))
            for dimension, (_field, choices) in DIMENSIONS.items()
            if getattr(self, dimension)
        ]


def audience_q(partner: Any, prefix: str = "") -> Q:
    """The rows whose audience (at `prefix`, e.g. "course__") includes `partner`."""
    condition = Q()
    for dimension, (field, _choices) in DIMENSIONS.items():
        path = f"{prefix}{dimension}"
        condition &= Q(**{path: []}) | json_list_contains(path, getattr(partner, field))
    return condition


NOBODY = Q(pk__in=[])


def audience_filter(actor: Any) -> Q:
    """`partner_filter` of a targeted model: a partner user sees what reaches the partner they act for."""
    if not actor.is_partner:
        return NOBODY
    return audience_q(actor.partner)


def audience_form_fields() -> dict[str, forms.Field]:
    """The targeting fields of an input (checkboxes; none ticked = every partner)."""
    return {
        dimension: forms.MultipleChoiceField(
            label=label,
            choices=choices.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("None ticked: all."),
        )
        for dimension, label, choices in (
            ("partner_types", _("Partner types"), PartnerType),
            ("tiers", _("Tiers"), Tier),
            ("regions", _("Regions"), Region),
        )
    }
