"""The tier engine's reads, through `visible_to(actor)`: programs with their criteria and last evaluation,
criteria versions, the lists (tier changes, warnings, custom metric values), a partner's progress and a
draft's simulation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from core.versions import VersionStatus
from partners.models import Partner
from programs.models import PartnerProgram, ProgramStatus
from tiers import metrics
from tiers.evaluation import Plan, simulate
from tiers.filters import ChangeFilterSet, CriteriaFilterSet, ValueFilterSet, WarningFilterSet
from tiers.models import (
    DEFAULT_GRACE_DAYS,
    CriteriaVersion,
    CustomMetric,
    CustomMetricValue,
    DowngradeWarning,
    EvaluationRun,
    Requirement,
    TierAssessment,
    TierOverride,
    TierPolicy,
    WarningStatus,
)
from tiers.progress import ProgramProgress, progress_of
from tiers.rules import CriteriaAction, require_action


def _staff(actor: Actor) -> None:
    actor.require("tiers.view")
    if not actor.is_staff:
        raise PermissionDenied


def program_choices() -> QuerySet[PartnerProgram]:
    return PartnerProgram.objects.order_by("position", "code")


def program_get(*, actor: Actor, code: str) -> PartnerProgram:
    return get_visible_or_404(PartnerProgram.objects.visible_to(actor), code=code)


@dataclass
class ProgramRow:
    program: PartnerProgram
    policy: TierPolicy | None
    published: CriteriaVersion | None
    draft: CriteriaVersion | None
    last_run: EvaluationRun | None
    members: int
    pending: int

    @property
    def grace_days(self) -> int:
        return self.policy.grace_days if self.policy else DEFAULT_GRACE_DAYS


def programs_overview(*, actor: Actor) -> list[ProgramRow]:
    """Every active program with its published criteria, draft, policy, last evaluation, members and pending
    warnings: a few queries however many programs."""
    _staff(actor)
    programs = list(
        PartnerProgram.objects.visible_to(actor)
        .filter(status=ProgramStatus.ACTIVE)
        .annotate(current=Count("memberships", filter=Q(memberships__ended_at__isnull=True)))
        .order_by("position", "code")
    )
    ids = [p.pk for p in programs]
    versions = CriteriaVersion.objects.visible_to(actor).filter(
        program_id__in=ids, status__in=(VersionStatus.PUBLISHED, VersionStatus.DRAFT)
    )
    published = {v.program_id: v for v in versions if v.status == VersionStatus.PUBLISHED}
    drafts = {v.program_id: v for v in versions if v.status == VersionStatus.DRAFT}
    policies = {p.program_id: p for p in TierPolicy.objects.visible_to(actor).filter(program_id__in=ids)}
    runs: dict[int, EvaluationRun] = {}
    for run in (
        EvaluationRun.objects.visible_to(actor).filter(program_id__in=ids).order_by("-created_at", "-id")
    ):
        runs.setdefault(run.program_id, run)
        if len(runs) == len(ids):
            break
    pending = dict(
        DowngradeWarning.objects.visible_to(actor)
        .filter(program_id__in=ids, status=WarningStatus.PENDING)
        .values_list("program_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        ProgramRow(
            program=p,
            policy=policies.get(p.pk),
            published=published.get(p.pk),
            draft=drafts.get(p.pk),
            last_run=runs.get(p.pk),
            members=getattr(p, "current", 0),
            pending=pending.get(p.pk, 0),
        )
        for p in programs
    ]


def recent_runs(*, actor: Actor, limit: int = 10) -> list[EvaluationRun]:
    _staff(actor)
    return list(
        EvaluationRun.objects.visible_to(actor)
        .select_related("program", "criteria", "started_by")
        .order_by("-created_at", "-id")[:limit]
    )


# --- criteria ------------------------------------------------------------------------------------------


def criteria_filters(
    *, actor: Actor, data: Any = None, strict: bool = False, program: PartnerProgram | None = None
) -> Any:
    _staff(actor)
    qs = CriteriaVersion.objects.visible_to(actor).select_related("program", "published_by")
    if program is not None:
        qs = qs.filter(program=program)
    return bind_filters(
        CriteriaFilterSet,
        data,
        queryset=qs.order_by("program__position", "-version"),
        strict=strict,
        actor=actor,
        programs=program_choices(),
    )


def criteria_get(*, actor: Actor, public_id: UUID) -> CriteriaVersion:
    return get_visible_or_404(
        CriteriaVersion.objects.visible_to(actor).select_related("program", "published_by"),
        public_id=public_id,
    )


def criteria_requirements(criteria: CriteriaVersion) -> list[Requirement]:
    from partners.choices import Tier

    rank = {tier: i for i, tier in enumerate(Tier.values)}
    return sorted(criteria.requirements.all(), key=lambda r: (rank.get(r.tier, 0), r.pk))


def requirement_get(*, actor: Actor, public_id: UUID) -> Requirement:
    return get_visible_or_404(
        Requirement.objects.visible_to(actor).select_related("criteria", "criteria__program"),
        public_id=public_id,
    )


def simulation(*, actor: Actor, criteria: CriteriaVersion) -> Plan:
    """What evaluating `criteria` today would decide for every member (writes nothing)."""
    _staff(actor)
    require_action(actor, criteria, CriteriaAction.SIMULATE)
    return simulate(criteria)


# --- lists ------------------------------------------------------------------------------------------------


def change_filters(*, actor: Actor, data: Any = None, strict: bool = False) -> Any:
    """Assessments the reader may see: staff every partner's, a partner user its own company's."""
    actor.require("tiers.view")
    qs = (
        TierAssessment.objects.visible_to(actor)
        .select_related("partner", "program")
        .order_by("-evaluated_on", "-id")
    )
    partners = Partner.objects.visible_to(actor) if actor.is_staff else None
    return bind_filters(
        ChangeFilterSet,
        data,
        queryset=qs,
        strict=strict,
        actor=actor,
        programs=program_choices(),
        partners=partners,
    )


def warning_filters(*, actor: Actor, data: Any = None, strict: bool = False) -> Any:
    _staff(actor)
    qs = (
        DowngradeWarning.objects.visible_to(actor)
        .select_related("partner", "program")
        .order_by("downgrade_on", "id")
    )
    return bind_filters(
        WarningFilterSet, data, queryset=qs, strict=strict, actor=actor, programs=program_choices()
    )


def custom_metrics(*, actor: Actor) -> QuerySet[CustomMetric]:
    actor.require("tiers.view")
    return CustomMetric.objects.visible_to(actor).order_by("code")


def custom_metric_get(*, actor: Actor, public_id: UUID) -> CustomMetric:
    return get_visible_or_404(CustomMetric.objects.visible_to(actor), public_id=public_id)


def value_filters(*, actor: Actor, data: Any = None, strict: bool = False) -> Any:
    _staff(actor)
    qs = (
        CustomMetricValue.objects.visible_to(actor)
        .select_related("metric", "partner")
        .order_by("-period_end", "metric__code", "partner__name")
    )
    metrics = CustomMetric.objects.order_by("code")
    return bind_filters(ValueFilterSet, data, queryset=qs, strict=strict, actor=actor, metrics=metrics)


def value_get(*, actor: Actor, public_id: UUID) -> CustomMetricValue:
    _staff(actor)
    return get_visible_or_404(
        CustomMetricValue.objects.visible_to(actor).select_related("metric", "partner"), public_id=public_id
    )


def override_get(*, actor: Actor, public_id: UUID) -> TierOverride:
    return get_visible_or_404(
        TierOverride.objects.visible_to(actor).select_related("partner"), public_id=public_id
    )


# --- a partner's progress -------------------------------------------------------------------------------


def partner_progress(*, actor: Actor, partner: Partner) -> list[ProgramProgress]:
    actor.require("tiers.view")
    if not actor.can_see_partner(partner.pk):
        raise Http404
    return progress_of(actor=actor, partner=partner)


def partner_get(*, actor: Actor, public_id: UUID) -> Partner:
    return get_visible_or_404(Partner.objects.visible_to(actor), public_id=public_id)


def metric_rows() -> list[dict[str, Any]]:
    """The registered metrics as the metrics page and the API list them."""
    rows = []
    for metric in metrics.all_metrics():
        rows.append(
            {
                "code": metric.code,
                "label": str(metric.label),
                "unit": metric.unit.value,
                "unit_label": str(metric.unit.label),
                "windowed": metric.windowed,
                "default_window": metric.default_window if metric.windowed else None,
                "parameter": str(metric.parameter_label) if metric.parameterised else None,
                "parameters": [
                    {"value": value, "label": label}
                    for value, label in (metric.parameter_choices() if metric.parameter_choices else [])
                ],
                "description": str(metric.help_text),
            }
        )
    return rows
