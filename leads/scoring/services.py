"""Writes of lead scoring: training a new model version (activated only when it beats the active one on the
same held-out leads), and storing scores and reasons on leads.

`score_lead(lead)` is what the lead's own services call after creating or changing a lead: one query for the
active model, one for the lead's products, one UPDATE; nothing when no model is active yet."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.events import record_event
from leads.errors import LeadErrorCode
from leads.models import Lead, LeadAttribute, LeadStatus, ScoringModel, ScoringStatus
from leads.models.lead import CLOSED_STATUSES, OPEN_STATUSES
from leads.scoring import train
from leads.scoring.features import LeadRow, lead_row, lead_rows, products_counts
from leads.scoring.scorer import Score, active_model_key, predictor_for, score_rows

# Fewest closed leads of each outcome a model learns from: fewer, and its held-out AUC is noise.
MIN_LEADS_PER_OUTCOME = 20
SCORE_BATCH = 2000


@dataclass
class TrainingOutcome:
    model: ScoringModel
    created: bool  # False: the data had not changed since `model` was trained, nothing was trained
    result: train.TrainingResult | None = None
    rows: list[LeadRow] | None = None
    labels: np.ndarray | None = None


def _closed_leads(actor: Actor) -> QuerySet:
    return Lead.objects.visible_to(actor).filter(status__in=CLOSED_STATUSES)


def _fingerprint(actor: Actor, attributes: Sequence[LeadAttribute], held_out_ids: set[int] | None) -> str:
    """What the training would read: the closed leads (and when each last changed), the attribute
    definitions and the training code's version."""
    digest = hashlib.sha256(f"format={train.ARTIFACT_FORMAT};salt={train.SPLIT_SALT}".encode())
    for attribute in attributes:
        digest.update(f"|{attribute.key}:{attribute.kind}".encode())
    if held_out_ids is not None:
        digest.update(("held-out:" + ",".join(map(str, sorted(held_out_ids)))).encode())
    closed = _closed_leads(actor).order_by("id").values_list("id", "status", "updated_at")
    for lead_id, status, updated_at in closed.iterator(chunk_size=SCORE_BATCH):
        digest.update(f"|{lead_id}:{status}:{updated_at.isoformat()}".encode())
    return digest.hexdigest()


def not_enough_data(converted: int, lost: int) -> ValidationError:
    return ValidationError(
        _(
            "Scoring learns from closed leads: it needs at least %(minimum)s converted and %(minimum)s lost "
            "leads, and there are %(converted)s converted and %(lost)s lost."
        )
        % {"minimum": MIN_LEADS_PER_OUTCOME, "converted": converted, "lost": lost},
        code=LeadErrorCode.NOT_ENOUGH_DATA,
    )


def train_scoring_model(
    *, actor: Actor, held_out_ids: Iterable[int] | None = None, threads: int = 1
) -> TrainingOutcome:
    """Train a new version from the closed leads and keep it: active when it beats the active model on the
    new version's held-out leads (or when none is active), otherwise rejected with both AUCs recorded.

    `held_out_ids` (lead ids) replaces the usual held-out split (the benchmark's `--test` file). Running it
    again on unchanged data trains nothing and returns the latest version."""
    actor.require("leads.manage")
    held_out = set(held_out_ids) if held_out_ids is not None else None
    attributes = list(LeadAttribute.objects.filter(active=True).order_by("position", "key"))
    fingerprint = _fingerprint(actor, attributes, held_out)
    latest = ScoringModel.objects.defer("artifact").filter(data_fingerprint=fingerprint).order_by("-version")
    if (same := latest.first()) is not None:
        return TrainingOutcome(model=same, created=False)

    rows = list(lead_rows(_closed_leads(actor)))
    labels = np.array([1.0 if row.status == LeadStatus.CONVERTED else 0.0 for row in rows])
    converted = int(labels.sum())
    if min(converted, len(rows) - converted) < MIN_LEADS_PER_OUTCOME:
        raise not_enough_data(converted, len(rows) - converted)
    if held_out is None:
        mask = train.held_out_mask([row.id for row in rows], labels)
    else:
        mask = np.array([row.id in held_out for row in rows])
    result = train.fit(rows, labels, mask, attributes=attributes, threads=threads)

    with transaction.atomic():
        active = ScoringModel.objects.select_for_update().filter(status=ScoringStatus.ACTIVE).first()
        baseline_auc = None
        if active is not None:
            test_rows = [row for row, held in zip(rows, mask, strict=True) if held]
            baseline = train.Predictor.from_artifact(active.artifact)
            baseline_auc = train.auc_or_none(baseline.predict_rows(test_rows), labels[mask])
        beats = active is None or baseline_auc is None or result.evaluation.auc > baseline_auc
        version = (ScoringModel.objects.aggregate(top=Max("version"))["top"] or 0) + 1
        model = ScoringModel.objects.create(
            version=version,
            status=ScoringStatus.CANDIDATE,
            trained_by=actor.user,
            train_rows=result.train_rows,
            test_rows=result.test_rows,
            auc=result.evaluation.auc,
            brier=result.evaluation.brier,
            calibration=result.evaluation.calibration,
            features=result.predictor.spec.names,
            artifact=result.predictor.to_artifact(params=result.params),
            data_fingerprint=fingerprint,
            training_seconds=round(result.seconds, 2),
            baseline_version=active.version if active else None,
            baseline_auc=baseline_auc,
        )
        record_event(
            actor=actor,
            verb="lead.scoring_trained",
            target=model,
            after={"auc": round(result.evaluation.auc, 4), "brier": round(result.evaluation.brier, 4)},
        )
        if beats:
            _activate(actor, model, previous=active)
        else:
            model.status = ScoringStatus.REJECTED
            model.save(update_fields=["status", "updated_at"])
    return TrainingOutcome(model=model, created=True, result=result, rows=rows, labels=labels)


def request_training(*, actor: Actor) -> None:
    """The "Train now" button and `POST .../train`: refused at once when there are too few closed leads,
    otherwise the training task is enqueued after commit (it runs in the background)."""
    actor.require("leads.manage")
    from leads.scoring.selectors import closed_lead_counts

    counts = closed_lead_counts(actor=actor)
    if min(counts.converted, counts.lost) < MIN_LEADS_PER_OUTCOME:
        raise not_enough_data(counts.converted, counts.lost)
    user_id = actor.user.pk if actor.user is not None else None
    transaction.on_commit(lambda: _enqueue_training(user_id))


def _enqueue_training(user_id: int | None) -> None:
    from leads.scoring.tasks import train_scoring_model as train_task

    train_task.enqueue(user_id=user_id)


def _activate(actor: Actor, model: ScoringModel, *, previous: ScoringModel | None) -> None:
    if previous is not None:
        previous.status = ScoringStatus.RETIRED
        previous.save(update_fields=["status", "updated_at"])
    model.status = ScoringStatus.ACTIVE
    model.activated_at = timezone.now()
    model.save(update_fields=["status", "activated_at", "updated_at"])
    record_event(actor=actor, verb="lead.scoring_activated", target=model)
    model_id = model.pk
    transaction.on_commit(lambda: _enqueue_rescore(model_id))


def _enqueue_rescore(model_id: int) -> None:
    from leads.scoring.tasks import rescore_open_leads as rescore_task

    rescore_task.enqueue(model_id=model_id)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def score_leads(leads: QuerySet | Sequence[Lead]) -> int:
    """Score `leads` with the active model and store score, reasons, model and time on them; returns how many
    were scored (0 when no model is active). A queryset is read in chunks (two queries each) and written with
    one bulk UPDATE per chunk; lead instances given in a list get their new values too."""
    key = active_model_key()
    if key is None:
        return 0
    predictor = predictor_for(key)
    now = timezone.now()
    instances: dict[int, Lead] = {}
    if isinstance(leads, QuerySet):
        rows: Iterable[LeadRow] = lead_rows(leads)
    else:
        instances = {lead.pk: lead for lead in leads if lead.pk is not None}
        counts = products_counts(list(instances))
        rows = [lead_row(lead, products_count=counts.get(lead.pk, 0)) for lead in instances.values()]
    scored = 0
    for chunk in _chunks(rows, SCORE_BATCH):
        scores = score_rows(predictor, chunk)
        updates = []
        for row, score in zip(chunk, scores, strict=True):
            values = _score_values(score, key[0], now)
            updates.append(Lead(pk=row.id, **values))
            if row.id in instances:
                for name, value in values.items():
                    setattr(instances[row.id], name, value)
        Lead.objects.bulk_update(updates, ["score", "score_reasons", "score_model", "scored_at"])
        scored += len(updates)
    return scored


def _score_values(score: Score, model_id: int, now: datetime) -> dict:
    return {
        "score": round(score.probability, 6),
        "score_reasons": score.reasons,
        "score_model_id": model_id,
        "scored_at": now,
    }


def score_lead(lead: Lead) -> float | None:
    """Score one lead after it was created or changed (the lead's services call this); its new score, or None
    when no model is active."""
    return lead.score if score_leads([lead]) else None


def rescore_open_leads(*, model_id: int | None = None) -> int:
    """Score every open lead with the active model (after an activation). Safe to run twice; a run for a model
    that is no longer active does nothing, the newer model's own run does the work."""
    key = active_model_key()
    if key is None or (model_id is not None and key[0] != model_id):
        return 0
    return score_leads(Lead.objects.filter(status__in=OPEN_STATUSES))


def describe_outcome(outcome: TrainingOutcome) -> str:
    """A sentence on what a training did, for the page's message."""
    model = outcome.model
    if not outcome.created:
        return _("The closed leads have not changed since version %(version)s; nothing was trained.") % {
            "version": model.version
        }
    if model.status == ScoringStatus.ACTIVE:
        return _("Version %(version)s trained and activated (AUC %(auc).3f).") % {
            "version": model.version,
            "auc": model.auc,
        }
    return _(
        "Version %(version)s trained but not activated: on the same held-out leads its AUC is %(auc).3f and "
        "the active version %(baseline)s has %(baseline_auc).3f."
    ) % {
        "version": model.version,
        "auc": model.auc,
        "baseline": model.baseline_version,
        "baseline_auc": model.baseline_auc or 0.0,
    }
