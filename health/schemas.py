from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from health.explain import signal_text
from health.filters import ReviewFilterSet
from health.inputs import NoteInput, PlanInput, SettingsInput
from health.models import HealthSettings, Signal
from health.rules import ReviewAction, allowed_actions


class HealthSignalOut(Schema):
    key: Signal
    label: str
    applicable: bool = Field(description="False when the signal does not apply to the partner (left out)")
    raw: str | None = Field(description="The measured value: a count, a share, hours or a ratio")
    score: int | None = Field(description="0–100, null when the signal does not apply")
    weight: int
    contribution: float = Field(description="The points it adds to the health score")
    text: str = Field(description="What was found, in the request's language")
    detail: dict[str, Any] = Field(description="The counts behind the raw value")


def signals_out(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = dict(Signal.choices)
    return [
        {
            "key": row["key"],
            "label": str(labels.get(row["key"], row["key"])),
            "applicable": bool(row.get("applicable")),
            "raw": row.get("raw"),
            "score": row.get("score"),
            "weight": row.get("weight", 0),
            "contribution": row.get("contribution", 0.0),
            "text": signal_text(row),
            "detail": row.get("detail") or {},
        }
        for row in signals
    ]


class HealthScoreOut(Schema):
    """One evaluation of one partner: the score, the threshold then, and every signal."""

    partner_id: UUID = Field(alias="partner.public_id")
    day: date
    score: int
    threshold: int
    below: bool
    weakest: str = Field(description="The weakest signal that counted")
    signals: list[HealthSignalOut]

    @staticmethod
    def resolve_signals(obj) -> list[dict[str, Any]]:
        return signals_out(obj.signals)


class PartnerHealthOut(Schema):
    partner_id: UUID
    partner_name: str
    status: str
    latest: HealthScoreOut | None = Field(description="The newest evaluation; null before the first")


class HealthReasonOut(Schema):
    key: Signal
    label: str
    score: int


class RiskReviewOut(Schema):
    """A risk review: a partner flagged at risk, its reasons, the CAM's recovery plan and how it ended."""

    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    status: str
    cam_email: str | None = Field(None, alias="cam.email")
    score: int | None = Field(description="The health score when flagged")
    threshold: int | None
    latest_score: int | None = Field(None, description="The partner's newest health score")
    reasons: list[HealthReasonOut] = Field(description="The weakest signals when flagged")
    note: str = Field(description="The note of whoever flagged it")
    plan_actions: str
    plan_due: date | None
    plan_note: str
    planned_at: datetime | None
    closed_at: datetime | None
    outcome_note: str
    created_at: datetime

    @staticmethod
    def resolve_reasons(obj) -> list[dict[str, Any]]:
        labels = dict(Signal.choices)
        return [
            {"key": row["key"], "label": str(labels.get(row["key"], row["key"])), "score": row["score"]}
            for row in obj.reasons
        ]


class RiskReviewDetailOut(RiskReviewOut):
    actions: list[ReviewAction] = Field(description="What you may do next with this review")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class HealthSettingsOut(Schema):
    threshold: int
    window_days: int
    grace_days: int
    onboarding_days: int
    downloads_target: int
    learning_target: int
    registrations_target: int
    lead_hours_limit: int
    weights: dict[str, int] = Field(description="Each signal's weight")

    @staticmethod
    def resolve_weights(obj: HealthSettings) -> dict[str, int]:
        return obj.weights


class HealthEvaluationOut(Schema):
    day: date
    evaluated: int = Field(description="Partners scored (onboarding, active, at risk)")
    below: int = Field(description="Partners below the threshold")
    flagged: int = Field(description="Active partners newly flagged at risk")
    recovering: int = Field(description="Partners under review found healthy again (their CAMs told)")


SettingsPatch = api_schema(SettingsInput, "HealthSettingsPatch", partial=True)
PlanIn = api_schema(PlanInput, "RecoveryPlanIn")
NoteIn = api_schema(NoteInput, "HealthNoteIn")
ReviewQuery = filterset_schema(ReviewFilterSet, "RiskReviewQuery")
