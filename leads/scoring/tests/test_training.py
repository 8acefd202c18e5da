import json
import random
import zlib

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from core.actor import system_actor
from core.models import Event
from leads.errors import LeadErrorCode
from leads.models import Lead, ScoringModel, ScoringStatus
from leads.scoring import services, tasks, train
from leads.scoring.history import create_closed_leads
from leads.scoring.scorer import forget_loaded_models
from leads.scoring.tests.conftest import lead_values


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    forget_loaded_models()
    yield
    forget_loaded_models()


def _train(**kwargs):
    return services.train_scoring_model(actor=system_actor(), **kwargs)


def test_training_refuses_without_enough_closed_leads_of_either_outcome(attributes):
    rng = random.Random(1)
    create_closed_leads(lead_values(rng, status="lost") for _ in range(60))
    create_closed_leads(
        lead_values(rng, status="converted") for _ in range(services.MIN_LEADS_PER_OUTCOME - 1)
    )
    with pytest.raises(ValidationError) as refused:
        _train()
    assert refused.value.code == LeadErrorCode.NOT_ENOUGH_DATA
    assert not ScoringModel.objects.exists()
    assert not Event.objects.filter(verb__startswith="lead.scoring").exists()


def test_the_task_reports_too_little_data_instead_of_failing(db):
    result = tasks.train_scoring_model.enqueue().return_value
    assert result["trained"] is False and result["code"] == LeadErrorCode.NOT_ENOUGH_DATA
    assert not ScoringModel.objects.exists()


def test_the_first_model_is_activated_with_its_metrics(
    history, open_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = _train()
    model = outcome.model
    assert outcome.created and model.status == ScoringStatus.ACTIVE and model.version == 1
    assert model.activated_at is not None and model.baseline_version is None
    assert model.train_rows + model.test_rows == history
    assert 0.6 < model.auc <= 1.0  # the history has signal: visits and the segment
    assert 0.0 < model.brier < 0.25
    assert sum(part["count"] for part in model.calibration) == model.test_rows
    assert len(model.calibration) == 10
    assert "attr.visits" in model.features and "attr.segment" in model.features
    payload = json.loads(zlib.decompress(bytes(model.artifact)))  # JSON and model text, no pickle
    assert payload["calibration"]["method"] == "platt" and payload["boosters"][0].startswith("tree")
    assert Event.objects.filter(verb="lead.scoring_activated", target_id=model.pk).exists()
    # the activation rescored the open leads
    open_lead.refresh_from_db()
    assert open_lead.score_model_id == model.pk and 0.0 < open_lead.score < 1.0


def test_the_held_out_split_is_stratified_and_stable():
    labels = np.array([1] * 40 + [0] * 160)
    ids = list(range(1000, 1200))
    mask = train.held_out_mask(ids, labels)
    assert mask[labels == 1].sum() == 12 and mask[labels == 0].sum() == 48
    again = train.held_out_mask(ids + [5000], np.append(labels, 0))
    assert (again[:200] == mask).mean() > 0.97  # a new lead barely moves who is held out


def _worse_fit(monkeypatch):
    """Training on shuffled outcomes: a model no better than chance on the held-out leads."""
    real_fit = train.fit

    def shuffled(rows, labels, mask, **kwargs):
        labels = labels.copy()
        training = np.flatnonzero(~mask)
        labels[training] = np.random.default_rng(0).permutation(labels[training])
        return real_fit(rows, labels, mask, **kwargs)

    monkeypatch.setattr(train, "fit", shuffled)


def test_a_worse_model_is_rejected_and_the_active_one_stays(history, monkeypatch):
    first = _train().model
    create_closed_leads([lead_values(random.Random(5))])  # new data, so a new version trains
    _worse_fit(monkeypatch)
    second = _train().model
    assert second.status == ScoringStatus.REJECTED and second.version == 2
    assert second.baseline_version == 1 and second.baseline_auc > second.auc
    first.refresh_from_db()
    assert first.status == ScoringStatus.ACTIVE
    assert not Event.objects.filter(verb="lead.scoring_activated", target_id=second.pk).exists()


def test_a_better_model_replaces_the_active_one(history, monkeypatch):
    with monkeypatch.context() as patched:
        _worse_fit(patched)
        first = _train().model
    create_closed_leads([lead_values(random.Random(5))])
    second = _train().model
    assert second.status == ScoringStatus.ACTIVE and second.auc > second.baseline_auc
    first.refresh_from_db()
    assert first.status == ScoringStatus.RETIRED
    assert ScoringModel.objects.filter(status=ScoringStatus.ACTIVE).count() == 1


def test_training_again_on_unchanged_data_trains_nothing(history):
    first = tasks.train_scoring_model.enqueue().return_value
    again = tasks.train_scoring_model.enqueue().return_value
    assert first["trained"] is True and again == first | {"trained": False}
    assert ScoringModel.objects.count() == 1
    Lead.objects.filter(pk=Lead.objects.order_by("id").first().pk).update(status="lost")
    changed = tasks.train_scoring_model.enqueue().return_value
    assert changed["trained"] is True and ScoringModel.objects.count() == 2


def test_training_is_scheduled_weekly():
    from scheduling.scheduler import registered_jobs

    job = next(job for job in registered_jobs() if job.name == "leads.train_scoring_model")
    assert job.every_minutes == 7 * 24 * 60
    assert job.load_task() is tasks.train_scoring_model


def test_a_task_for_someone_who_may_no_longer_train_trains_nothing(world, history):
    result = tasks.train_scoring_model.enqueue(user_id=world.cam.pk).return_value
    assert result == {"trained": False, "code": "permission_denied", "message": ""}
    assert not ScoringModel.objects.exists()
