"""Reads for recruitment: the review queue, prospects, targets. All staff-only (`partner_scope = None`)."""

from collections.abc import Mapping
from typing import Any

from core.listing import bind_filters
from core.scoping import get_visible_or_404
from recruitment.filters import ApplicationFilterSet, ProspectFilterSet
from recruitment.models import Application, Prospect, ProspectStage, RecruitmentTargets


def application_filters(*, actor, data: Mapping[str, Any] | None = None, strict: bool = False):
    """The review queue's bound FilterSet (`.qs` the rows, best fit first unless sorted; `.form` the form)."""
    qs = (
        Application.objects.visible_to(actor)
        .select_related("partner", "prospect", "decided_by", "cam")
        .order_by("-fit_score", "created_at", "id")
    )
    return bind_filters(ApplicationFilterSet, data, queryset=qs, strict=strict)


def application_queue(*, actor, filters: Mapping[str, Any] | None = None):
    return application_filters(actor=actor, data=filters).qs


def application_get(*, actor, public_id) -> Application:
    return get_visible_or_404(
        Application.objects.visible_to(actor).select_related("partner", "prospect", "decided_by", "cam"),
        public_id=public_id,
    )


def applications_from_prospect(*, actor, prospect: Prospect):
    return Application.objects.visible_to(actor).filter(prospect=prospect).order_by("-created_at")


def prospect_filters(
    *, actor, data: Mapping[str, Any] | None = None, strict: bool = False, board: bool = False
):
    """The prospect list's bound FilterSet (next step due first unless sorted); the board ignores stages."""
    qs = (
        Prospect.objects.visible_to(actor)
        .select_related("owner")
        .order_by("next_step_date", "company_name", "id")
    )
    return bind_filters(ProspectFilterSet, data, queryset=qs, strict=strict, actor=actor, board=board)


def prospect_list(*, actor, filters: Mapping[str, Any] | None = None):
    return prospect_filters(actor=actor, data=filters).qs


def prospect_board(
    *, actor, filters: Mapping[str, Any] | None = None
) -> list[tuple[str, str, list[Prospect]]]:
    """Columns of the pipeline board: every stage with its prospects (stage filter ignored)."""
    rows = list(prospect_filters(actor=actor, data=filters, board=True).qs)
    return [(value, label, [p for p in rows if p.stage == value]) for value, label in ProspectStage.choices]


def prospect_get(*, actor, public_id) -> Prospect:
    return get_visible_or_404(Prospect.objects.visible_to(actor).select_related("owner"), public_id=public_id)


def targets_get(*, actor) -> RecruitmentTargets:
    """The one targets row, or unsaved defaults when channel ops have not set any yet."""
    return RecruitmentTargets.objects.visible_to(actor).order_by("id").first() or RecruitmentTargets()
