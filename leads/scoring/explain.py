"""A lead's score reasons in the reader's language: "Country: India: +12 points", or in the words channel ops
gave a custom attribute: "visited the site 9 times: +18 points".

A stored reason is {"feature", "value", "points"} (leads.scoring.scorer): `feature` is a standard field's
column name or "attr.<key>" for a custom attribute, `value` the lead's own value as the model read it.
Rendering looks up the words at reading time, so a reason reads in the language of whoever opens the lead,
and an attribute's label or choice label changed since the lead was scored reads the new way.

Points: the reason's share of the lead's calibrated log-odds of conversion × 20
(`train.POINTS_PER_LOG_ODDS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from leads.models import LeadAttribute, LeadSource
from leads.models.lead import REASON_VALUE
from leads.scoring.features import ATTRIBUTE_PREFIX
from partners.choices import CompanySize, Region, Vertical

STANDARD_LABELS = {
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "vertical": gettext_lazy("Vertical"),
    "company_size": gettext_lazy("Company size"),
    "source": gettext_lazy("Source"),
    "source_detail": gettext_lazy("Source detail"),
    "products_count": gettext_lazy("Products of interest"),
    "has_contact_title": gettext_lazy("Job title given"),
    "free_mail": gettext_lazy("Writes from a free mail address"),
    "has_phone": gettext_lazy("Phone number given"),
}
STANDARD_CHOICES = {
    "region": Region,
    "vertical": Vertical,
    "company_size": CompanySize,
    "source": LeadSource,
}


def attributes_for(reason_lists: Iterable[list[dict]]) -> dict[str, LeadAttribute]:
    """The attribute definitions the reasons name, in one query."""
    keys = {
        reason["feature"][len(ATTRIBUTE_PREFIX) :]
        for reasons in reason_lists
        for reason in reasons or []
        if str(reason.get("feature", "")).startswith(ATTRIBUTE_PREFIX)
    }
    if not keys:
        return {}
    return {attribute.key: attribute for attribute in LeadAttribute.objects.filter(key__in=keys)}


def points_text(points: int) -> str:
    sign = "+" if points > 0 else "−" if points < 0 else ""
    return ngettext("%(sign)s%(points)s point", "%(sign)s%(points)s points", abs(points)) % {
        "sign": sign,
        "points": abs(points),
    }


def _yes_no(value: Any) -> str:
    return _("yes") if value else _("no")


def _number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return number_format(round(value, 2), decimal_pos=None, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def feature_label(feature: str, attributes: dict[str, LeadAttribute]) -> str:
    if feature.startswith(ATTRIBUTE_PREFIX):
        key = feature[len(ATTRIBUTE_PREFIX) :]
        attribute = attributes.get(key)
        return attribute.label if attribute else key
    return str(STANDARD_LABELS.get(feature, feature))


def value_text(feature: str, value: Any, attributes: dict[str, LeadAttribute]) -> str:
    if value is None or value == "":
        return _("not given")
    if feature.startswith(ATTRIBUTE_PREFIX):
        attribute = attributes.get(feature[len(ATTRIBUTE_PREFIX) :])
        kind = attribute.kind if attribute else None
        if isinstance(value, bool) or kind == LeadAttribute.Kind.BOOLEAN:
            return _yes_no(value)
        if kind == LeadAttribute.Kind.CHOICE and attribute is not None:
            return attribute.choice_label(str(value))
        if kind == LeadAttribute.Kind.DATE:
            try:
                return date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
            except ValueError:
                return str(value)
        if isinstance(value, (int, float)):
            return _number(value)
        return str(value)
    if isinstance(value, bool):
        return _yes_no(value)
    if feature == "country":
        return str(countries.name(value) or value)
    if feature in STANDARD_CHOICES:
        return str(dict(STANDARD_CHOICES[feature].choices).get(value, value))
    if isinstance(value, (int, float)):
        return _number(value)
    return str(value)


def reason_text(reason: dict, attributes: dict[str, LeadAttribute]) -> str:
    feature = str(reason.get("feature", ""))
    attribute = (
        attributes.get(feature[len(ATTRIBUTE_PREFIX) :]) if feature.startswith(ATTRIBUTE_PREFIX) else None
    )
    if attribute is not None and attribute.reason:  # ops' own words: "visited the site 9 times: +18 points"
        return _("%(reason)s: %(points)s") % {
            "reason": attribute.reason.replace(
                REASON_VALUE, value_text(feature, reason.get("value"), attributes)
            ),
            "points": points_text(int(reason.get("points", 0))),
        }
    return _("%(feature)s: %(value)s: %(points)s") % {
        "feature": feature_label(feature, attributes),
        "value": value_text(feature, reason.get("value"), attributes),
        "points": points_text(int(reason.get("points", 0))),
    }


def render_reasons(reasons: list[dict], attributes: dict[str, LeadAttribute] | None = None) -> list[dict]:
    """The stored reasons with their sentence in the active language: [{feature, value, points, text}]."""
    if attributes is None:
        attributes = attributes_for([reasons])
    return [dict(reason, text=reason_text(reason, attributes)) for reason in reasons or []]


def score_text(score: float | None) -> str:
    """A calibrated probability as the lead's page shows it: "73%"."""
    if score is None:
        return _("not scored")
    return _("%(percent)s%%") % {"percent": number_format(round(score * 100), decimal_pos=0)}
