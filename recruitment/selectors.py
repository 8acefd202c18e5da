"""Reads for recruitment: the review queue, prospects, targets. All staff-only (`partner_scope = None`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, QuerySet, Window

from core.listing import bind_filters
from core.scoping import get_visible_or_404
from recruitment.filters import ApplicationFilterSet, ProspectFilterSet
from recruitment.models import (
    Application,
    ApplicationCompetitor,
    ApplicationStatus,
    Prospect,
    ProspectStage,
    RecruitmentTargets,
)

if TYPE_CHECKING:
    from core.actor import Actor
    from partners.territories import CamProposal


def _applications(actor: Actor) -> QuerySet[Application]:
    return Application.objects.visible_to(actor).select_related("partner", "prospect", "decided_by", "cam")


def application_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ApplicationFilterSet:
    """The review queue's bound FilterSet (`.qs` the rows, best fit first unless sorted; `.form` the form)."""
    qs = _applications(actor).order_by("-fit_score", "created_at", "id")
    return bind_filters(ApplicationFilterSet, data, queryset=qs, strict=strict)


def application_queue(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> QuerySet[Application]:
    return application_filters(actor=actor, data=filters).qs


def application_queue_head(*, actor: Actor, rows: int) -> tuple[int, list[Application]]:
    """How many applications the review queue lists unfiltered (awaiting review: its status filter's default)
    and the first `rows` of them in its order, best fit first; one query (the count rides along each row)."""
    waiting = ApplicationFilterSet.base_filters["status"].default  # type: ignore[attr-defined]
    head = list(
        Application.objects.visible_to(actor)
        .filter(**waiting)
        .annotate(queue_size=Window(Count("id")))
        .order_by("-fit_score", "created_at", "id")[:rows]
    )
    return (head[0].queue_size if head else 0), head


def application_get(*, actor: Actor, public_id: UUID | str) -> Application:
    return get_visible_or_404(_applications(actor), public_id=public_id)


def application_competitors(*, actor: Actor, application: Application) -> list[ApplicationCompetitor]:
    """The competing products the application lists (staff only, as the application)."""
    rows = ApplicationCompetitor.objects.visible_to(actor).filter(application=application)
    return list(rows.select_related("vendor", "line"))


def application_cam_proposal(*, actor: Actor, application: Application) -> CamProposal | None:
    """Whom approving would make the new partner's CAM (territories); None once the application is decided."""
    from partners.territories import cam_proposal

    if application.status != ApplicationStatus.SUBMITTED:
        return None
    return cam_proposal(actor=actor, country=application.country.code or "", region=application.region)


def applications_from_prospect(*, actor: Actor, prospect: Prospect) -> QuerySet[Application]:
    return Application.objects.visible_to(actor).filter(prospect=prospect).order_by("-created_at")


def prospect_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False, board: bool = False
) -> ProspectFilterSet:
    """The prospect list's bound FilterSet (next step due first unless sorted); the board ignores stages."""
    qs = (
        Prospect.objects.visible_to(actor)
        .select_related("owner")
        .order_by("next_step_date", "company_name", "id")
    )
    return bind_filters(ProspectFilterSet, data, queryset=qs, strict=strict, actor=actor, board=board)


def prospect_list(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> QuerySet[Prospect]:
    return prospect_filters(actor=actor, data=filters).qs


def prospect_board(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> list[tuple[str, str, list[Prospect]]]:
    """Columns of the pipeline board: every stage with its prospects (stage filter ignored)."""
    rows = list(prospect_filters(actor=actor, data=filters, board=True).qs)
    return [
        (value, str(label), [p for p in rows if p.stage == value]) for value, label in ProspectStage.choices
    ]


def prospect_get(*, actor: Actor, public_id: UUID | str) -> Prospect:
    return get_visible_or_404(Prospect.objects.visible_to(actor).select_related("owner"), public_id=public_id)


def targets_get(*, actor: Actor) -> RecruitmentTargets:
    """The one targets row, or unsaved defaults when channel ops have not set any yet."""
    return RecruitmentTargets.objects.visible_to(actor).order_by("id").first() or RecruitmentTargets()
