"""Why a lead went where it went, in the reader's language.

The engine writes an explanation as `[{"code": str, "params": {...}}]` (kept on `LeadAssignment.explanation`
and in the `lead.unrouted` event); it is rendered when read, so each reader sees it in their own language:
choice codes (a region, a vertical, a tier) are stored as codes and shown by their translated labels, rates as
whole percentages. A partner reads only its own offers' explanations, and none names another partner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from leads.models import DeclineReason
from partners.choices import PartnerType, Region, Tier, Vertical


def item(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def _labels(choices: Any, values: Iterable[Any]) -> str:
    return ", ".join(_label(choices, v) for v in values)


def _country(code: str) -> str:
    return str(countries.name(code) or code)


_OPS = {"eq": "=", "in": "∈", "gte": "≥", "lte": "≤"}


def _attribute(p: Mapping[str, Any]) -> str:
    value = p.get("value")
    shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return _("%(key)s %(op)s %(value)s") % {
        "key": p.get("key"),
        "op": _OPS.get(str(p.get("op")), "?"),
        "value": shown,
    }


def _converts(p: Mapping[str, Any]) -> str:
    basis = p.get("basis")
    if basis == "prior":
        return _("no closed leads yet: ranked at the average conversion of %(rate)s%%") % p
    if basis == "vertical":
        return _("converts %(rate)s%% of leads like this (%(closed)s in this vertical)") % p
    if basis == "region":
        return _("converts %(rate)s%% of leads like this (%(closed)s in this region)") % p
    return _("converts %(rate)s%% of its leads (%(closed)s closed)") % p


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    # Which rule, and what of the lead it looked at
    "rule": lambda p: _("rule %(position)s “%(name)s”") % p,
    "region": lambda p: _label(Region, p["region"]),
    "country": lambda p: _country(p["country"]),
    "vertical": lambda p: _label(Vertical, p["vertical"]),
    "products": lambda p: _("interested in %(products)s") % {"products": ", ".join(p["products"])},
    "attribute": _attribute,
    # Why this partner
    "partner_type": lambda p: _label(PartnerType, p["partner_type"]),
    "tier": lambda p: _("%(tier)s tier") % {"tier": _label(Tier, p["tier"])},
    "serves_vertical": lambda p: _("serves %(vertical)s") % {"vertical": _label(Vertical, p["vertical"])},
    "certified": lambda p: _("certified: %(certifications)s") % {"certifications": ", ".join(p["names"])},
    "capacity": lambda p: _("%(open)s of %(capacity)s open") % p,
    "converts": _converts,
    "accepts": lambda p: _("accepts %(rate)s%% of offers") % p,
    "speed": lambda p: (
        ngettext("accepts in %(hours)s hour on average", "accepts in %(hours)s hours on average", p["hours"])
        % p
    ),
    "declined_similar": lambda p: (
        ngettext(
            "declined %(count)s similar lead lately", "declined %(count)s similar leads lately", p["count"]
        )
        % p
    ),
    "best_of": lambda p: (
        ngettext(
            "the best of %(count)s eligible partner", "the best of %(count)s eligible partners", p["count"]
        )
        % p
    ),
    "rotation": lambda p: _("next in rotation"),
    "priority": lambda p: (
        _("routing priority %(priority)s of the %(tier)s tier: offered before partners of a lower priority")
        % {"priority": p["priority"], "tier": _label(Tier, p["tier"])}
    ),
    "sla": lambda p: (
        ngettext("accept within %(hours)s hour", "accept within %(hours)s hours", p["hours"]) % p
    ),
    "reassigned": lambda p: (
        _("offered again: the previous partner declined it")
        if p.get("after") == "declined"
        else _("offered again: the previous partner did not accept it in time")
    ),
    "manual": lambda p: _("assigned by hand by %(by)s") % p,
    "own_referral": lambda p: _("your own referral"),
    "brought": lambda p: _("brought by your link “%(link)s”") % p,
    "decline_reason": lambda p: _label(DeclineReason, p["reason"]),
    # Where else a lead may go
    "direct": lambda p: _("sent to direct sales"),
    "no_rules": lambda p: _("no routing rules are published"),
    "no_rule_matched": lambda p: _("no rule takes this lead"),
    "no_partner": lambda p: _("rule %(position)s “%(name)s”: no eligible partner") % p,
    "all_full": lambda p: (
        ngettext(
            "rule %(position)s “%(name)s”: the eligible partner has no room",
            "rule %(position)s “%(name)s”: all %(count)s eligible partners are at capacity",
            p["count"],
        )
        % p
    ),
    "all_excluded": lambda p: (
        ngettext(
            "rule %(position)s “%(name)s”: the eligible partner already declined it or let it lapse",
            "rule %(position)s “%(name)s”: all %(count)s eligible partners with room already declined it"
            " or let it lapse",
            p["count"],
        )
        % p
    ),
}


def render_item(entry: Mapping[str, Any]) -> str:
    renderer = RENDERERS.get(entry.get("code", ""))
    if renderer is None:
        return str(entry.get("code", ""))
    try:
        return renderer(entry.get("params") or {})
    except (KeyError, TypeError, ValueError):  # an explanation written by an older version of the engine
        return str(entry.get("code", ""))


def render(explanation: Iterable[Mapping[str, Any]] | None) -> list[str]:
    """Each part of an explanation as a sentence fragment, in the active language."""
    return [render_item(entry) for entry in explanation or []]


def render_text(explanation: Iterable[Mapping[str, Any]] | None) -> str:
    """One line: "Europe, Retail; 3 of 10 open; converts 24% of leads like this; next in rotation"."""
    entries = list(explanation or [])
    parts = render(entries)
    # The lead's own facts (territory, vertical) read as one group, as the channel team says them.
    facts = [text for entry, text in zip(entries, parts, strict=True) if entry.get("code") in FACTS]
    rest = [text for entry, text in zip(entries, parts, strict=True) if entry.get("code") not in FACTS]
    return "; ".join(([", ".join(facts)] if facts else []) + rest)


FACTS = frozenset({"region", "country", "vertical"})


def describe_rule(rule: Any, *, products: Mapping[int, str] | None = None) -> tuple[str, str]:
    """A rule in plain language: (which leads it takes, where they go)."""
    takes = []
    if rule.lead_regions:
        takes.append(_labels(Region, rule.lead_regions))
    if rule.lead_countries:
        takes.append(", ".join(_country(c) for c in rule.lead_countries))
    if rule.lead_verticals:
        takes.append(_labels(Vertical, rule.lead_verticals))
    if rule.lead_products:
        names = [(products or {}).get(p, str(p)) for p in rule.lead_products]
        takes.append(_("interested in %(products)s") % {"products": ", ".join(names)})
    takes += [_attribute(c) for c in rule.lead_attributes or []]
    leads = "; ".join(takes) or _("every lead")
    if rule.direct:
        return leads, _("direct sales")
    goes = []
    if rule.partner_types:
        goes.append(_labels(PartnerType, rule.partner_types))
    if rule.partner_tiers:
        goes.append(_("tier %(tiers)s") % {"tiers": _labels(Tier, rule.partner_tiers)})
    if rule.territory == "region":
        goes.append(_("in the lead's region"))
    elif rule.territory == "country":
        goes.append(_("in the lead's country"))
    if rule.partner_verticals:
        goes.append(_("serving the lead's vertical"))
    if rule.certifications:
        goes.append(
            ngettext(
                "holding %(count)s certification",
                "holding all %(count)s certifications",
                len(rule.certifications),
            )
            % {"count": len(rule.certifications)}
        )
    if rule.capacity:
        goes.append(_("at most %(capacity)s open leads each") % {"capacity": rule.capacity})
    return leads, _("active partners") + (": " + "; ".join(goes) if goes else "")
