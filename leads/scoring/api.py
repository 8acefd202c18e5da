"""The scoring API, mounted by leads/api.py at /api/leads/scoring: model versions (staff), training on demand
(channel ops), and a lead's score with its reasons (whoever may read the lead)."""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from core.pagination import KanalPagination
from leads.models import ScoringStatus
from leads.scoring.selectors import lead_score, scoring_model_get, scoring_models
from leads.scoring.services import request_training

router = Router(tags=["lead scoring"])


class ScoringCalibrationBin(Schema):
    predicted: float = Field(
        description="Mean predicted probability of conversion in this tenth of the score"
    )
    observed: float = Field(description="Share of these held-out leads that converted")
    count: int


class ScoringModelOut(Schema):
    id: UUID = Field(alias="public_id")
    version: int
    status: ScoringStatus
    auc: float | None = Field(None, description="Area under the ROC curve on the held-out leads")
    brier: float | None = Field(None, description="Brier score of the calibrated probability on them")
    train_rows: int
    test_rows: int
    calibration: list[ScoringCalibrationBin]
    features: list[str]
    trained_by_email: str | None = Field(None, alias="trained_by.email")
    created_at: datetime
    activated_at: datetime | None
    training_seconds: float | None
    baseline_version: int | None = Field(
        None, description="The version in use when this one was trained, compared on the same held-out leads"
    )
    baseline_auc: float | None = None


class ScoringTrainingOut(Schema):
    enqueued: bool


class ScoreReasonOut(Schema):
    feature: str = Field(description='A standard field, or "attr.<key>" for a custom attribute')
    value: Any = Field(None, description="The lead's value as the model read it")
    points: int = Field(description="Its share of the calibrated log-odds of conversion × 20, rounded")
    text: str = Field(description="The reason in the reader's language")


class LeadScoreOut(Schema):
    lead_id: UUID
    score: float | None = Field(None, description="Calibrated probability that the lead converts")
    score_text: str
    scored_at: datetime | None
    reasons: list[ScoreReasonOut]
    model_version: int | None = Field(None, description="Staff only")


@router.get("/models", response=list[ScoringModelOut], summary="Scoring model versions (staff)")
@paginate(KanalPagination)
def list_models(request):
    return scoring_models(actor=request.actor)


@router.get("/models/{model_id}", response=ScoringModelOut, summary="One scoring model version (staff)")
def get_model(request, model_id: UUID):
    return scoring_model_get(actor=request.actor, public_id=model_id)


@router.post(
    "/train",
    response={202: ScoringTrainingOut},
    summary="Train a new version from the closed leads in the background (channel ops). 422 "
    "`not_enough_data` when there are too few converted or lost leads",
)
def train(request):
    request_training(actor=request.actor)
    return Status(202, {"enqueued": True})


@router.get(
    "/leads/{lead_id}",
    response=LeadScoreOut,
    summary="A lead's score and its top reasons in your language (a partner: its own leads only)",
)
def get_lead_score(request, lead_id: UUID):
    return lead_score(actor=request.actor, public_id=lead_id)
