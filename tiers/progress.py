"""A partner's progress in its programs: its tier, each criterion's value against the next tier's threshold
and what is missing in words, a pending downgrade warning with its day, and its tier history (the
assessments that changed something, explained in the reader's language).

Values are computed live for the one partner (the same metric functions the evaluation calls, asked for one
partner), so the page shows today's figures, not last night's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.actor import Actor
from programs.models import TIER_RANK, ProgramMembership
from tiers import explain
from tiers.evaluation import by_tier, checks_for, compute_values, criteria_specs, ladder, qualified_tier
from tiers.explain import Check, Spec
from tiers.metrics import MetricUnavailable
from tiers.models import (
    CHANGES,
    CriteriaVersion,
    Decision,
    DowngradeWarning,
    Requirement,
    TierAssessment,
    TierOverride,
    WarningStatus,
)

HISTORY_ROWS = 20


@dataclass
class TierStep:
    """One tier of the ladder with the partner's checks against its requirements."""

    tier: str
    checks: list[Check]
    current: bool = False
    qualified: bool = False

    @property
    def label(self) -> str:
        return explain.tier_label(self.tier)

    @property
    def met(self) -> bool:
        return bool(self.checks) and all(c.met for c in self.checks)


@dataclass
class HistoryRow:
    assessment: TierAssessment
    explanation: str


@dataclass
class ProgramProgress:
    membership: ProgramMembership
    criteria: CriteriaVersion | None
    steps: list[TierStep] = field(default_factory=list)
    qualified: str = ""
    next_step: TierStep | None = None
    warning: DowngradeWarning | None = None
    override: TierOverride | None = None
    history: list[HistoryRow] = field(default_factory=list)
    problem: str = ""

    @property
    def program(self) -> Any:
        return self.membership.program

    @property
    def tier(self) -> str:
        return self.membership.tier

    @property
    def tier_label(self) -> str:
        return explain.tier_label(self.membership.tier)

    @property
    def current_step(self) -> TierStep | None:
        return next((s for s in self.steps if s.current), None)

    @property
    def missing(self) -> str:
        """What is missing for the next tier, in words."""
        return explain.missing_sentence(self.next_step.checks) if self.next_step else ""

    @property
    def keep_missing(self) -> str:
        """What is missing to keep the current tier (while a warning runs)."""
        step = self.current_step
        return explain.missing_sentence(step.checks) if step else ""

    @property
    def top(self) -> bool:
        return self.next_step is None


def _specs_of(criteria_ids: Iterable[int]) -> dict[int, list[Spec]]:
    found: dict[int, list[Spec]] = defaultdict(list)
    for requirement in Requirement.objects.filter(criteria_id__in=set(criteria_ids)).order_by("id"):
        found[requirement.criteria_id].append(Spec.of(requirement))
    return found


def _stored_checks(specs: list[Spec], values: dict[str, Any]) -> dict[str, list[Check]]:
    grouped: dict[str, list[Check]] = defaultdict(list)
    for spec in specs:
        raw = values.get(spec.key)
        grouped[spec.tier].append(Check(spec, None if raw is None else Decimal(raw)))
    return grouped


def explanation(assessment: TierAssessment, specs: list[Spec]) -> str:
    """Why an assessment decided what it did, in the reader's language, from the values it kept."""
    checks = _stored_checks(specs, assessment.values or {})
    decision = assessment.decision
    if decision == Decision.UP:
        return explain.reason_up(assessment.tier_after, checks.get(assessment.tier_after, []))
    before = checks.get(assessment.tier_before, [])
    unmet = [c for c in before if not c.met] or before
    if decision == Decision.DOWN:
        return explain.reason_down(assessment.tier_before, assessment.tier_after, None, unmet)
    if decision in (Decision.WARNED, Decision.AT_RISK):
        return explain.missing_sentence(before)
    if decision == Decision.LIFTED:
        return explain.reason_up(assessment.tier_before, before)
    return explain.checks_sentence(checks.get(assessment.qualified_tier, []))


def history(assessments: list[TierAssessment]) -> list[HistoryRow]:
    specs = _specs_of(a.criteria_id for a in assessments)
    return [HistoryRow(a, explanation(a, specs.get(a.criteria_id, []))) for a in assessments]


def progress_of(*, actor: Actor, partner: Any) -> list[ProgramProgress]:
    """The partner's current programs, each with its progress (read through the actor's scope)."""
    today = timezone.localdate()
    memberships = list(
        ProgramMembership.objects.visible_to(actor)
        .filter(partner=partner, ended_at__isnull=True)
        .select_related("program")
        .prefetch_related("program__tiers")
        .order_by("program__position", "program__code")
    )
    if not memberships:
        return []
    program_ids = [m.program_id for m in memberships]
    criteria = {
        c.program_id: c
        for c in CriteriaVersion.objects.visible_to(actor).filter(
            program_id__in=program_ids, status=CriteriaVersion.Status.PUBLISHED
        )
    }
    warnings = {
        w.membership_id: w
        for w in DowngradeWarning.objects.visible_to(actor).filter(
            membership__in=memberships, status=WarningStatus.PENDING
        )
    }
    # An override is the vendor's decision (staff-only rows): the partner is shown that its tier holds and
    # until when, never the reason. The memberships were read through the actor's scope.
    overrides = {
        o.membership_id: o
        for o in TierOverride.objects.filter(membership__in=memberships, ended_at__isnull=True).only(
            "pk", "public_id", "membership_id", "tier", "ends_on", *(("reason",) if actor.is_staff else ())
        )
    }
    changes = defaultdict(list)
    for assessment in (
        TierAssessment.objects.visible_to(actor)
        .filter(membership__in=memberships, decision__in=CHANGES)
        .order_by("-evaluated_on", "-id")[: HISTORY_ROWS * len(memberships)]
    ):
        changes[assessment.membership_id].append(assessment)
    found = []
    for membership in memberships:
        version = criteria.get(membership.program_id)
        item = ProgramProgress(
            membership=membership,
            criteria=version,
            warning=warnings.get(membership.pk),
            override=overrides.get(membership.pk),
            history=history(changes.get(membership.pk, [])[:HISTORY_ROWS]),
        )
        if version is not None:
            _fill(item, version, partner_id=partner.pk, as_of=today)
        found.append(item)
    return found


def _fill(item: ProgramProgress, version: CriteriaVersion, *, partner_id: int, as_of: Any) -> None:
    specs = criteria_specs(version)
    tiers = ladder(item.program)
    try:
        values = compute_values(specs, partner_ids=[partner_id], as_of=as_of)
    except MetricUnavailable as exc:
        item.problem = str(exc)
        return
    grouped = by_tier(specs)
    checks = {tier: checks_for(tier_specs, values, partner_id) for tier, tier_specs in grouped.items()}
    item.qualified = qualified_tier(tiers, grouped, lambda tier_specs: checks[tier_specs[0].tier])
    current = TIER_RANK[item.tier]
    for tier in tiers:
        step = TierStep(
            tier, checks.get(tier, []), current=tier == item.tier, qualified=tier == item.qualified
        )
        item.steps.append(step)
        if item.next_step is None and TIER_RANK[tier] > current and step.checks:
            item.next_step = step
