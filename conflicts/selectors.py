"""Reads of conflict checks. Partners see a check's outcome; the matches are staff only."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from conflicts.explain import render_reasons
from conflicts.models import ConflictCheck, ConflictMatch
from core.actor import Actor


def latest_check_for(*, actor: Actor, registration: Model) -> ConflictCheck | None:
    """`registration` is a deals registration (conflicts does not import deals)."""
    return (
        ConflictCheck.objects.visible_to(actor)
        .filter(registration=registration)
        .select_related("run_by")
        .order_by("-created_at", "-id")
        .first()
    )


def check_matches(*, actor: Actor, check: ConflictCheck) -> list[ConflictMatch]:
    """The matches with their reasons rendered in the current language (empty for partner users)."""
    matches = list(
        ConflictMatch.objects.visible_to(actor)
        .filter(check_run=check)
        .select_related("matched_registration", "matched_registration__partner", "matched_account")
    )
    for match in matches:
        match.explanations = render_reasons(match.reasons)
    return matches


# Facts the engine took from the vendor's own record of the customer (a direct account): staff only.
VENDOR_FACT_REASONS = frozenset(
    {"segment", "employees_min", "employees_max", "revenue_min", "revenue_max", "region"}
)


def engagement_reasons_for(*, actor: Actor, check: ConflictCheck | None) -> list[dict[str, Any]]:
    """The rules of engagement's reasons as {code, params, text}; partners do not see the ones quoting the
    vendor's internal data about the customer."""
    if check is None:
        return []
    from engagement.evaluate import render_reason

    return [
        {
            "code": r.get("code", ""),
            "params": r.get("params") or {},
            "text": render_reason(r.get("code", ""), r.get("params") or {}),
        }
        for r in check.engagement_reasons
        if actor.is_staff or r.get("code") not in VENDOR_FACT_REASONS
    ]
