"""Reads of conflict checks. Partners see a check's outcome; the matches are staff only."""

from __future__ import annotations

from conflicts.explain import render_reasons
from conflicts.models import ConflictCheck, ConflictMatch


def latest_check_for(*, actor, registration) -> ConflictCheck | None:
    return (
        ConflictCheck.objects.visible_to(actor)
        .filter(registration=registration)
        .select_related("run_by")
        .order_by("-created_at", "-id")
        .first()
    )


def check_matches(*, actor, check: ConflictCheck) -> list[ConflictMatch]:
    """The matches with their reasons rendered in the current language (empty for partner users)."""
    matches = list(
        ConflictMatch.objects.visible_to(actor)
        .filter(check_run=check)
        .select_related("matched_registration", "matched_registration__partner", "matched_account")
    )
    for match in matches:
        match.explanations = render_reasons(match.reasons)
    return matches
