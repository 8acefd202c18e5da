"""The tier API's outputs, and its bodies generated from the pages' inputs (tiers/inputs.py)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from tiers import explain
from tiers.filters import ChangeFilterSet, CriteriaFilterSet, ValueFilterSet, WarningFilterSet
from tiers.inputs import (
    CriteriaInput,
    CustomMetricInput,
    DraftInput,
    OverrideInput,
    PolicyInput,
    RequirementInput,
    ValueInput,
)
from tiers.rules import CriteriaAction, OverrideAction, allowed_actions


def _decimal(value: Any) -> str | None:
    return None if value is None else format(value, "f")


class MetricParameterOut(Schema):
    value: str
    label: str


class TierMetricOut(Schema):
    code: str
    label: str
    unit: str = Field(description="money (in the program currency), count, percent or score")
    windowed: bool = Field(description="Counted over a trailing window (else on the day)")
    default_window: int | None
    parameter: str | None = Field(description="What the metric is about, when it takes a parameter")
    parameters: list[MetricParameterOut]
    description: str


class TierRequirementOut(Schema):
    id: UUID = Field(alias="public_id")
    tier: str
    metric: str
    parameter: str
    threshold: str
    window_days: int | None
    text: str = Field(description="The requirement in words, in the request's language")

    @staticmethod
    def resolve_threshold(obj: Any) -> str:
        return format(obj.threshold, "f")

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return explain.requirement_text(obj)


class CriteriaSummaryOut(Schema):
    id: UUID = Field(alias="public_id")
    program: str
    version: int
    status: str
    published_at: datetime | None
    notes: str

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code


class CriteriaOut(CriteriaSummaryOut):
    requirements: list[TierRequirementOut]
    actions: list[CriteriaAction] = Field(description="What you may do next with this version")

    @staticmethod
    def resolve_requirements(obj: Any) -> list[Any]:
        from tiers.selectors import criteria_requirements

        return criteria_requirements(obj)

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class TierCheckOut(Schema):
    tier: str
    metric: str
    parameter: str
    value: str | None = Field(description="null: no data")
    threshold: str
    met: bool
    text: str


def check_out(check: Any) -> dict[str, Any]:
    return {
        "tier": check.spec.tier,
        "metric": check.spec.metric,
        "parameter": check.spec.parameter,
        "value": _decimal(check.value),
        "threshold": format(check.spec.threshold, "f"),
        "met": check.met,
        "text": check.sentence(),
    }


class TierSimulatedMemberOut(Schema):
    partner_id: UUID
    partner: str
    tier: str
    simulated_tier: str
    decision: str
    deciding: list[TierCheckOut]


class TierSimulationOut(Schema):
    criteria_id: UUID
    program: str
    as_of: date
    moving_up: int
    moving_down: int = Field(
        description="Qualify below their tier: warned now, moved down after the grace period"
    )
    unchanged: int
    members: list[TierSimulatedMemberOut]


class TierRunOut(Schema):
    id: UUID = Field(alias="public_id")
    program: str
    criteria_version: int
    run_on: date
    trigger: str
    members: int
    counts: dict[str, int]
    finished_at: datetime | None

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code

    @staticmethod
    def resolve_criteria_version(obj: Any) -> int:
        return obj.criteria.version


class TierPolicyOut(Schema):
    program: str
    grace_days: int
    evaluate_daily: bool

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code


class TierAssessmentOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID
    partner: str
    program: str
    evaluated_on: date
    tier_before: str
    qualified_tier: str
    tier_after: str
    decision: str
    downgrade_on: date | None
    values: dict[str, str | None] = Field(
        description='"<metric>|<parameter>|<window days>" → value (null: no data)'
    )

    @staticmethod
    def resolve_partner_id(obj: Any) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_partner(obj: Any) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code


class DowngradeWarningOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID
    partner: str
    program: str
    from_tier: str
    to_tier: str
    warned_on: date
    downgrade_on: date
    status: str
    closed_on: date | None

    @staticmethod
    def resolve_partner_id(obj: Any) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_partner(obj: Any) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code


class TierStepOut(Schema):
    tier: str
    current: bool
    requirements: list[TierCheckOut]


class TierHistoryOut(Schema):
    evaluated_on: date
    decision: str
    tier_before: str
    tier_after: str
    explanation: str


class TierProgramProgressOut(Schema):
    program: str
    tier: str
    criteria_version: int | None
    qualified_tier: str | None
    next_tier: str | None
    missing: str = Field(description="What the next tier still needs, in words")
    warning: DowngradeWarningOut | None
    override_until: date | None
    steps: list[TierStepOut]
    history: list[TierHistoryOut]
    problem: str


class TierProgressOut(Schema):
    partner_id: UUID
    partner: str
    programs: list[TierProgramProgressOut]


def progress_out(partner: Any, items: list[Any]) -> dict[str, Any]:
    return {
        "partner_id": partner.public_id,
        "partner": partner.name,
        "programs": [
            {
                "program": item.program.code,
                "tier": item.tier,
                "criteria_version": item.criteria.version if item.criteria else None,
                "qualified_tier": item.qualified or None,
                "next_tier": item.next_step.tier if item.next_step else None,
                "missing": item.missing,
                "warning": item.warning,
                "override_until": item.override.ends_on if item.override else None,
                "steps": [
                    {"tier": s.tier, "current": s.current, "requirements": [check_out(c) for c in s.checks]}
                    for s in item.steps
                    if s.checks
                ],
                "history": [
                    {
                        "evaluated_on": row.assessment.evaluated_on,
                        "decision": row.assessment.decision,
                        "tier_before": row.assessment.tier_before,
                        "tier_after": row.assessment.tier_after,
                        "explanation": row.explanation,
                    }
                    for row in item.history
                ],
                "problem": item.problem,
            }
            for item in items
        ],
    }


class CustomMetricOut(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name_en: str
    name_ru: str
    unit: str
    aggregation: str
    description_en: str
    description_ru: str
    is_active: bool


class MetricValueOut(Schema):
    id: UUID = Field(alias="public_id")
    metric: str
    partner_id: UUID
    partner: str
    period_start: date
    period_end: date
    value: str
    note: str

    @staticmethod
    def resolve_metric(obj: Any) -> str:
        return obj.metric.code

    @staticmethod
    def resolve_partner_id(obj: Any) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_partner(obj: Any) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_value(obj: Any) -> str:
        return format(obj.value, "f")


class TierOverrideOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID
    program: str
    tier: str
    ends_on: date
    reason: str
    ended_at: datetime | None
    actions: list[OverrideAction]

    @staticmethod
    def resolve_partner_id(obj: Any) -> UUID:
        return obj.partner.public_id

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


# Bodies: generated from the pages' inputs, so fields, limits and choices are declared once.
PolicyIn = api_schema(PolicyInput, "TierPolicyIn", partial=True)
CriteriaIn = api_schema(CriteriaInput, "CriteriaIn", partial=True)
DraftIn = api_schema(DraftInput, "CriteriaDraftIn")
RequirementIn = api_schema(RequirementInput, "RequirementIn")
CustomMetricIn = api_schema(CustomMetricInput, "CustomMetricIn")
CustomMetricUpdateIn = api_schema(CustomMetricInput, "CustomMetricUpdateIn", partial=True, exclude=("code",))
ValueIn = api_schema(ValueInput, "MetricValueIn")
ValueUpdateIn = api_schema(ValueInput, "MetricValueUpdateIn", partial=True, exclude=("metric", "partner"))
OverrideIn = api_schema(
    OverrideInput,
    "OverrideIn",
    extra={"partner_id": (UUID, ...), "program": (str, Field(..., max_length=40))},
)

CriteriaQuery = filterset_schema(CriteriaFilterSet, "CriteriaQuery")
ChangeQuery = filterset_schema(ChangeFilterSet, "AssessmentQuery")
WarningQuery = filterset_schema(WarningFilterSet, "DowngradeWarningQuery")
ValueQuery = filterset_schema(ValueFilterSet, "MetricValueQuery")
