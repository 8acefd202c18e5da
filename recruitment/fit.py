"""The fit score: how well an applicant or prospect matches what channel ops are recruiting for.

`fit_score` is a pure function: it reads the candidate's region, verticals, partner type, size, capabilities
(what it can do) and the competing products it sells, and the targets' sets and weights, and returns the
score (0–100) and the reasons behind it, one per component with its points and the most it could give.
Reasons are plain, JSON-serialisable dicts (a `code` plus parameters) so they can be stored and shown later
in any language with `describe_reason`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from partners.choices import Capability, CompanySize, PartnerType, Region, Vertical

DEFAULT_WEIGHTS = {
    "weight_region": 30,
    "weight_verticals": 30,
    "weight_type": 25,
    "weight_size": 15,
    "weight_capabilities": 0,
    "weight_competition": 0,
}
# A competing product declared without its share of the business counts as this share.
UNKNOWN_SHARE = 50
WEIGHT_FIELDS = tuple(DEFAULT_WEIGHTS)


def _attr(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _single(*, dimension: str, value: str, targets: list[str], weight: int) -> dict[str, Any]:
    """Region, partner type and size: full points when the value is one of the targets."""
    if not targets:
        return {"code": "no_target", "dimension": dimension, "points": weight, "max": weight}
    if not value:
        return {"code": f"{dimension}_unknown", "points": 0, "max": weight}
    if value in targets:
        return {"code": f"{dimension}_match", dimension: value, "points": weight, "max": weight}
    return {"code": f"{dimension}_miss", dimension: value, "points": 0, "max": weight}


def _covered(*, dimension: str, values: list[str], targets: list[str], weight: int) -> dict[str, Any]:
    """Verticals and capabilities: points in proportion to the share of the targets the candidate covers."""
    if not targets:
        return {"code": "no_target", "dimension": dimension, "points": weight, "max": weight}
    matched = [v for v in targets if v in set(values or [])]
    if not matched:
        return {"code": f"{dimension}_miss", dimension: list(values or []), "points": 0, "max": weight}
    points = (weight * len(matched) + len(targets) // 2) // len(targets)  # rounded half up
    return {
        "code": f"{dimension}_match",
        dimension: matched,
        "of": len(targets),
        "points": points,
        "max": weight,
    }


def _verticals(*, values: list[str], targets: list[str], weight: int) -> dict[str, Any]:
    return _covered(dimension="verticals", values=values, targets=targets, weight=weight)


def _competition(*, competing: list[dict[str, Any]] | None, weight: int) -> dict[str, Any]:
    """Full points for a candidate that sells no competing products; less the more of its business they
    make (the shares it gives, a share not given counting as UNKNOWN_SHARE %, at most 100 %): a reseller
    selling a competitor's products only scores nothing here. Not asked (a prospect): no points."""
    if competing is None:
        return {"code": "competition_unknown", "points": 0, "max": weight}
    if not competing:
        return {"code": "competition_none", "points": weight, "max": weight}
    share = min(100, sum(UNKNOWN_SHARE if c.get("share") is None else int(c["share"]) for c in competing))
    points = (weight * (100 - share) + 50) // 100  # rounded half up
    lines = [{"name": c["name"], "share": c.get("share")} for c in competing]
    return {"code": "competition_share", "lines": lines, "share": share, "points": points, "max": weight}


def fit_score(*, candidate: Any, targets: Any) -> tuple[int, list[dict[str, Any]]]:
    """Score `candidate` (anything with region, verticals, partner_type, size, and optionally capabilities
    and `fit_competing`: [{name, share}] or None when not asked) against `targets`. A component whose weight
    is 0 gives nothing and is left out of the reasons."""
    weights = {name: int(_attr(targets, name, default) or 0) for name, default in DEFAULT_WEIGHTS.items()}
    reasons = [
        _single(
            dimension="region",
            value=_attr(candidate, "region") or "",
            targets=list(_attr(targets, "regions") or []),
            weight=weights["weight_region"],
        ),
        _verticals(
            values=list(_attr(candidate, "verticals") or []),
            targets=list(_attr(targets, "verticals") or []),
            weight=weights["weight_verticals"],
        ),
        _single(
            dimension="type",
            value=_attr(candidate, "partner_type") or "",
            targets=list(_attr(targets, "partner_types") or []),
            weight=weights["weight_type"],
        ),
        _single(
            dimension="size",
            value=_attr(candidate, "size") or "",
            targets=list(_attr(targets, "sizes") or []),
            weight=weights["weight_size"],
        ),
        _covered(
            dimension="capabilities",
            values=list(_attr(candidate, "capabilities") or []),
            targets=list(_attr(targets, "capabilities") or []),
            weight=weights["weight_capabilities"],
        ),
        _competition(competing=_attr(candidate, "fit_competing"), weight=weights["weight_competition"]),
    ]
    reasons = [r for r in reasons if r["max"]]
    score = max(0, min(100, sum(r["points"] for r in reasons)))
    return score, reasons


# --- showing reasons -------------------------------------------------------------------------------------


# value -> label of each choice enum, per language: a review queue describes four reasons a row.
_LABELS: dict[tuple[Any, str | None], dict[Any, str]] = {}


def _label(enum, value: str) -> str:
    key = (enum, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {v: str(label) for v, label in enum.choices}
    return labels.get(value, str(value))


def _labels(enum, values: list[str]) -> str:
    return ", ".join(_label(enum, v) for v in values or [])


def _dimension_label(dimension: str | None) -> str:
    return {
        "region": _("Region"),
        "verticals": _("Verticals"),
        "type": _("Partner type"),
        "size": _("Size"),
        "capabilities": _("Capabilities"),
        "competition": _("Competing products"),
    }.get(dimension or "", dimension or "")


DIMENSIONS = ("region", "verticals", "type", "size", "capabilities", "competition")


def reason_dimension(reason: dict[str, Any]) -> str:
    """The component a stored reason scores ("region", …, "competition")."""
    if reason.get("dimension"):
        return str(reason["dimension"])
    return str(reason.get("code", "")).rsplit("_", 1)[0]


def dimension_label(reason: dict[str, Any]) -> str:
    return _dimension_label(reason_dimension(reason))


def _competing_lines(lines: list[dict[str, Any]]) -> str:
    parts = []
    for line in lines:
        if line.get("share") is None:
            parts.append(
                _("%(name)s (share not given: counted as %(share)s%%)")
                % {"name": line["name"], "share": UNKNOWN_SHARE}
            )
        else:
            parts.append(_("%(name)s (%(share)s%%)") % {"name": line["name"], "share": line["share"]})
    return ", ".join(parts)


def describe_reason(reason: dict[str, Any]) -> str:
    """One stored reason as a sentence in the active language, with the points it gave."""
    return _("%(text)s (+%(points)s)") % {"text": reason_text(reason), "points": reason.get("points", 0)}


def reason_text(reason: dict[str, Any]) -> str:
    """What a stored reason says, without its points (the application page shows them in a column)."""
    code = reason.get("code", "")
    region = _label(Region, reason.get("region", ""))
    ptype = _label(PartnerType, reason.get("type", ""))
    if code == "no_target":
        text = _("%(dimension)s: no target set") % {"dimension": _dimension_label(reason.get("dimension"))}
    elif code == "region_match":
        text = _("Region %(region)s is a target region") % {"region": region}
    elif code == "region_miss":
        text = _("Region %(region)s is not a target region") % {"region": region}
    elif code == "region_unknown":
        text = _("Region not given")
    elif code == "verticals_match":
        text = ngettext(
            "Covers %(count)s of %(of)s target verticals: %(verticals)s",
            "Covers %(count)s of %(of)s target verticals: %(verticals)s",
            reason.get("of", 0),
        ) % {
            "count": len(reason.get("verticals", [])),
            "of": reason.get("of", 0),
            "verticals": _labels(Vertical, reason.get("verticals", [])),
        }
    elif code == "verticals_miss":
        text = _("No target vertical covered")
    elif code == "type_match":
        text = _("%(type)s is a target partner type") % {"type": ptype}
    elif code == "type_miss":
        text = _("%(type)s is not a target partner type") % {"type": ptype}
    elif code == "type_unknown":
        text = _("Partner type not given")
    elif code == "size_match":
        text = _("Size %(size)s is a target size") % {"size": _label(CompanySize, reason.get("size", ""))}
    elif code == "size_miss":
        text = _("Size %(size)s is not a target size") % {"size": _label(CompanySize, reason.get("size", ""))}
    elif code == "size_unknown":
        text = _("Size not given")
    elif code == "capabilities_match":
        text = ngettext(
            "Offers %(count)s of %(of)s target capabilities: %(capabilities)s",
            "Offers %(count)s of %(of)s target capabilities: %(capabilities)s",
            reason.get("of", 0),
        ) % {
            "count": len(reason.get("capabilities", [])),
            "of": reason.get("of", 0),
            "capabilities": _labels(Capability, reason.get("capabilities", [])),
        }
    elif code == "capabilities_miss":
        text = _("No target capability offered")
    elif code == "competition_none":
        text = _("Sells no competing products")
    elif code == "competition_share":
        text = _("Also sells competing products, about %(share)s%% of its business: %(lines)s") % {
            "share": reason.get("share", 0),
            "lines": _competing_lines(reason.get("lines", [])),
        }
    elif code == "competition_unknown":
        text = _("Not asked about competing products")
    else:
        text = code
    return text
