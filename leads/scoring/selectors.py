"""Reads of lead scoring: the model versions (staff only) and one lead's score with its reasons (whoever may
read the lead: a partner only its own leads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from core.actor import Actor
from core.scoping import get_visible_or_404
from leads.models import Lead, LeadStatus, ScoringModel
from leads.scoring.explain import render_reasons, score_text


def _require_staff_reader(actor: Actor) -> None:
    """Models are the channel team's: partners never read them (403), staff all may."""
    if not actor.is_staff:
        raise PermissionDenied
    actor.require("leads.view")


def scoring_models(*, actor: Actor) -> QuerySet[ScoringModel]:
    _require_staff_reader(actor)
    return (
        ScoringModel.objects.visible_to(actor)
        .defer("artifact", "data_fingerprint")
        .select_related("trained_by")
    )


def scoring_model_get(*, actor: Actor, public_id: UUID | str) -> ScoringModel:
    return get_visible_or_404(scoring_models(actor=actor), public_id=public_id)


def active_scoring_model(*, actor: Actor) -> ScoringModel | None:
    return scoring_models(actor=actor).filter(status=ScoringModel.Status.ACTIVE).first()


@dataclass
class ClosedLeadCounts:
    converted: int
    lost: int


def closed_lead_counts(*, actor: Actor) -> ClosedLeadCounts:
    counts = Lead.objects.visible_to(actor).aggregate(
        converted=Count("id", filter=Q(status=LeadStatus.CONVERTED)),
        lost=Count("id", filter=Q(status=LeadStatus.LOST)),
    )
    return ClosedLeadCounts(converted=counts["converted"], lost=counts["lost"])


@dataclass
class LeadScore:
    lead_id: UUID
    score: float | None
    score_text: str
    scored_at: datetime | None
    reasons: list[dict]  # [{feature, value, points, text}] in the reader's language
    model_version: int | None  # staff only: partners never learn about models


def lead_score(*, actor: Actor, public_id: UUID | str) -> LeadScore:
    """A lead's score and reasons for whoever may read the lead (out of scope: 404)."""
    actor.require("leads.view")
    lead = get_visible_or_404(
        Lead.objects.visible_to(actor)
        .select_related("score_model")
        .only("public_id", "score", "score_reasons", "scored_at", "score_model__version", "status"),
        public_id=public_id,
    )
    return lead_score_of(actor=actor, lead=lead)


def lead_score_of(*, actor: Actor, lead: Lead) -> LeadScore:
    """The score of a lead the caller already read through `visible_to(actor)` (the lead page's panel)."""
    model = lead.score_model if lead.score_model_id else None
    return LeadScore(
        lead_id=lead.public_id,
        score=lead.score,
        score_text=score_text(lead.score),
        scored_at=lead.scored_at,
        reasons=render_reasons(lead.score_reasons),
        model_version=model.version if (model and actor.is_staff) else None,
    )
