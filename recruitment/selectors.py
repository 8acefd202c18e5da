"""Reads for recruitment: the review queue, prospects, targets. All staff-only (`partner_scope = None`)."""

from dataclasses import dataclass

from django.db.models import Q

from core.scoping import get_visible_or_404
from recruitment.models import Application, ApplicationStatus, Prospect, ProspectStage, RecruitmentTargets
from recruitment.rules import OPEN_STAGES

APPLICATION_SORTS = {
    "fit": ("-fit_score", "created_at"),
    "date": ("-created_at",),
    "oldest": ("created_at",),
}


@dataclass(frozen=True)
class ApplicationFilter:
    status: str = ""  # "" = awaiting review, "all" = any status
    region: str = ""
    partner_type: str = ""
    q: str = ""
    sort: str = ""  # "" = best fit first


@dataclass(frozen=True)
class ProspectFilter:
    stage: str = ""  # "" = open stages, "all" = any stage
    source: str = ""
    owner: str = ""  # "mine", or "" for anyone
    q: str = ""


def application_queue(*, actor, filters: ApplicationFilter):
    qs = Application.objects.visible_to(actor)
    if filters.status == "all":
        pass
    elif filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status=ApplicationStatus.SUBMITTED)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.partner_type:
        qs = qs.filter(partner_type=filters.partner_type)
    for word in filters.q.split():
        qs = qs.filter(
            Q(company_name__icontains=word)
            | Q(web_domain__icontains=word)
            | Q(contact_email__icontains=word)
            | Q(contact_name__icontains=word)
        )
    order = APPLICATION_SORTS.get(filters.sort, APPLICATION_SORTS["fit"])
    return qs.order_by(*order, "id")


def application_get(*, actor, public_id) -> Application:
    return get_visible_or_404(
        Application.objects.visible_to(actor).select_related("partner", "prospect", "decided_by", "cam"),
        public_id=public_id,
    )


def applications_from_prospect(*, actor, prospect: Prospect):
    return Application.objects.visible_to(actor).filter(prospect=prospect).order_by("-created_at")


def prospect_list(*, actor, filters: ProspectFilter):
    qs = Prospect.objects.visible_to(actor).select_related("owner")
    if filters.stage == "all":
        pass
    elif filters.stage:
        qs = qs.filter(stage=filters.stage)
    else:
        qs = qs.filter(stage__in=OPEN_STAGES)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.owner == "mine":
        qs = qs.filter(owner=actor.user) if actor.user else qs.none()
    for word in filters.q.split():
        qs = qs.filter(
            Q(company_name__icontains=word)
            | Q(web_domain__icontains=word)
            | Q(contact_name__icontains=word)
            | Q(city__icontains=word)
        )
    return qs.order_by("next_step_date", "company_name", "id")


def prospect_board(*, actor, filters: ProspectFilter) -> list[tuple[str, str, list[Prospect]]]:
    """Columns of the pipeline board: every stage with its prospects (stage filter ignored)."""
    rows = list(
        prospect_list(
            actor=actor,
            filters=ProspectFilter(stage="all", source=filters.source, owner=filters.owner, q=filters.q),
        )
    )
    return [(value, label, [p for p in rows if p.stage == value]) for value, label in ProspectStage.choices]


def prospect_get(*, actor, public_id) -> Prospect:
    return get_visible_or_404(Prospect.objects.visible_to(actor).select_related("owner"), public_id=public_id)


def targets_get(*, actor) -> RecruitmentTargets:
    """The one targets row, or unsaved defaults when channel ops have not set any yet."""
    return RecruitmentTargets.objects.visible_to(actor).order_by("id").first() or RecruitmentTargets()
