"""The health API: a partner's health and history (a partner user: its own company's), the risk reviews (the
at-risk list, the recovery plan, back to active), the settings and "evaluate now". `/api/health`; the same
selectors, services and FilterSet as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from health.schemas import (
    HealthEvaluationOut,
    HealthScoreOut,
    HealthSettingsOut,
    NoteIn,
    PartnerHealthOut,
    PlanIn,
    ReviewQuery,
    RiskReviewDetailOut,
    RiskReviewOut,
    SettingsPatch,
)
from health.selectors import (
    health_partner,
    health_settings,
    latest_score,
    review_filters,
    review_get,
    score_history,
)
from health.services import health_evaluate, review_plan, review_recover, settings_update

router = Router(tags=["health"])


def _staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("health.view")


@router.get(
    "/partners/{partner_id}",
    response=PartnerHealthOut,
    summary="A partner's newest health score with every signal (a partner user: its own company's)",
)
def partner_health(request, partner_id: UUID):
    partner = health_partner(actor=request.actor, public_id=partner_id)
    latest = latest_score(actor=request.actor, partner=partner)
    return {
        "partner_id": partner.public_id,
        "partner_name": partner.name,
        "status": partner.status,
        "latest": latest,
    }


@router.get(
    "/partners/{partner_id}/history",
    response=list[HealthScoreOut],
    summary="A partner's evaluations, newest first",
)
@paginate(KanalPagination)
def partner_history(request, partner_id: UUID):
    partner = health_partner(actor=request.actor, public_id=partner_id)
    return score_history(actor=request.actor, partner=partner, days=3660).select_related("partner")


@router.get("/reviews", response=list[RiskReviewOut], summary="Risk reviews: the partners at risk (staff)")
@paginate(KanalPagination)
def list_reviews(request, filters: Query[ReviewQuery]):  # type: ignore[valid-type]
    _staff(request)
    return review_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get("/reviews/{review_id}", response=RiskReviewDetailOut, summary="A risk review (staff)")
def get_review(request, review_id: UUID):
    _staff(request)
    return review_get(actor=request.actor, public_id=review_id)


def _fresh(request, review) -> Any:
    return review_get(actor=request.actor, public_id=review.public_id)


@router.post(
    "/reviews/{review_id}/plan",
    response=RiskReviewDetailOut,
    summary="Record or change the recovery plan (the CAM, the chief)",
)
def plan_review(request, review_id: UUID, payload: PlanIn):  # type: ignore[valid-type]
    _staff(request)
    review = review_get(actor=request.actor, public_id=review_id)
    review_plan(actor=request.actor, review=review, data=body_values(payload))
    return _fresh(request, review)


@router.post(
    "/reviews/{review_id}/recover",
    response=RiskReviewDetailOut,
    summary="Set the partner active again: once a plan is recorded and an evaluation after the flag scores "
    "it at or above the threshold",
)
def recover_review(request, review_id: UUID, payload: NoteIn | None = None):  # type: ignore[valid-type]
    _staff(request)
    review = review_get(actor=request.actor, public_id=review_id)
    note = (payload.note if payload is not None else "") or ""
    review_recover(actor=request.actor, review=review, note=note)
    return _fresh(request, review)


@router.get("/settings", response=HealthSettingsOut, summary="How health is scored (staff)")
def get_settings(request):
    _staff(request)
    return health_settings(fresh=True)


@router.patch(
    "/settings",
    response=HealthSettingsOut,
    summary="Change the weights, targets, window, grace period or threshold (channel operations, the chief)",
)
def patch_settings(request, payload: SettingsPatch):  # type: ignore[valid-type]
    _staff(request)
    return settings_update(actor=request.actor, data=body_values(payload, exclude_unset=True))


@router.post(
    "/evaluations",
    response=HealthEvaluationOut,
    summary="Score every live partner now and flag those below the threshold (channel operations, the chief)",
)
def evaluate(request):
    _staff(request)
    result = health_evaluate(actor=request.actor)
    return {
        "day": result.day,
        "evaluated": result.evaluated,
        "below": result.below,
        "flagged": len(result.flagged),
        "recovering": result.recovering,
    }
